"""What learning shows on a person's file (``core.registry.Panel``): their sessions,
certificates and learning plan, each counted within what the viewer may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadre.core.access import visible_ids
from cadre.core.permissions import can
from cadre.core.registry import Panel
from cadre.learning.choices import EnrolmentStatus
from cadre.learning.models import Certificate, Enrolment, LearningPlan, Session

SHOWN = 5


def person_learning(user: Any, person: Any) -> Panel | None:
    if not can(user, "learning.enrolment", "view"):
        return None
    today = timezone.localdate()
    enrolments = Enrolment.objects.restrict(user, "view").filter(employee=person)
    counts = enrolments.aggregate(
        completed=Count("pk", filter=Q(status=EnrolmentStatus.COMPLETED)),
        active=Count(
            "pk", filter=Q(status__in=(EnrolmentStatus.REQUESTED, EnrolmentStatus.ENROLLED))
        ),
    )
    figures: list[tuple[Any, Any]] = [
        (_("courses completed"), counts["completed"]),
        (_("requested or enrolled"), counts["active"]),
    ]
    if can(user, "learning.certificate", "view"):
        valid = (
            Certificate.objects.restrict(user, "view")
            .filter(employee=person, revoked_at__isnull=True)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
            .count()
        )
        figures.append((_("valid certificates"), valid))
    coming = list(
        enrolments.filter(
            status__in=(EnrolmentStatus.REQUESTED, EnrolmentStatus.ENROLLED),
            session__ends_on__gte=today,
        )
        .select_related("session__course")
        .order_by("session__starts_on", "pk")[:SHOWN]
    )
    seen = visible_ids(user, Session, [e.session_id for e in coming])
    items = [
        (
            str(e.session.course),
            e.session.get_absolute_url() if e.session_id in seen else "",
            f"{date_format(e.session.starts_on, 'SHORT_DATE_FORMAT')} · {e.get_status_display()}",
        )
        for e in coming
    ]
    more = None
    if can(user, "learning.learningplan", "view"):
        plan = (
            LearningPlan.objects.restrict(user, "view")
            .filter(employee=person)
            .order_by("-created_at", "-pk")
            .first()
        )
        if plan is not None:
            more = (
                _("Learning plan (%(status)s), complete by %(day)s")
                % {
                    "status": plan.get_status_display(),
                    "day": date_format(plan.due_on, "SHORT_DATE_FORMAT"),
                },
                plan.get_absolute_url(),
            )
    return Panel(
        _("Learning"),
        figures=tuple(figures),
        items=tuple(items),
        more=more,
        empty=_("No sessions coming up."),
        order=30,
    )
