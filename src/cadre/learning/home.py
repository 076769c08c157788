"""What learning puts on a home page (decision 0028): enrolment requests and learning
plans to approve (for whoever may approve them, as the session and plan pages check), the
user's own sessions coming up and certificates about to expire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadre.core.access import visible_ids
from cadre.core.permissions import can
from cadre.core.registry import TASK, HomeItem
from cadre.learning.choices import EnrolmentStatus, PlanStatus
from cadre.learning.models import Certificate, Enrolment, LearningPlan, Session

SHOWN = 5  # rows listed one by one; the rest are counted on the last line
UPCOMING_DAYS = 30


def to_approve(user: Any) -> Iterator[HomeItem]:
    """Enrolment requests (by session) and draft plans of other people the user may approve."""
    if can(user, "learning.enrolment", "change"):
        by_session = list(
            Enrolment.objects.restrict(user, "change")
            .filter(status=EnrolmentStatus.REQUESTED)
            .exclude(employee__user_id=user.pk)
            .values("session")
            .annotate(n=Count("pk"), starts=Min("session__starts_on"))
            .order_by("starts", "session")[:SHOWN]
        )
        seen = visible_ids(user, Session, [row["session"] for row in by_session])
        sessions = Session.objects.select_related("course").in_bulk(list(seen))
        for row in by_session:
            session = sessions.get(row["session"])
            if session is None:
                continue
            yield HomeItem(
                TASK,
                _("Approve enrolment requests: %(session)s") % {"session": session.course},
                session.get_absolute_url(),
                count=row["n"],
                due=session.starts_on,
            )
    if can(user, "learning.learningplan", "change"):
        plans = (
            LearningPlan.objects.restrict(user, "change")
            .filter(status=PlanStatus.DRAFT)
            .exclude(employee__user_id=user.pk)
            .select_related("employee")
            .order_by("due_on", "pk")[:SHOWN]
        )
        for plan in plans:
            yield HomeItem(
                TASK,
                _("Approve the learning plan of %(person)s") % {"person": plan.employee},
                plan.get_absolute_url(),
                note=_("complete by %(day)s")
                % {"day": date_format(plan.due_on, "SHORT_DATE_FORMAT")},
            )


def my_learning(user: Any) -> Iterator[HomeItem]:
    """The user's own sessions starting soon and certificates expiring soon."""
    today = timezone.localdate()
    mine = reverse("learning:mine")
    upcoming = list(
        Enrolment.objects.filter(
            employee__user_id=user.pk,
            status=EnrolmentStatus.ENROLLED,
            session__starts_on__gte=today,
            session__starts_on__lte=today + dt.timedelta(days=UPCOMING_DAYS),
        )
        .select_related("session__course")
        .order_by("session__starts_on")[:SHOWN]
    )
    seen = visible_ids(user, Session, [e.session_id for e in upcoming])
    for e in upcoming:
        yield HomeItem(
            TASK,
            _("Attend “%(course)s”") % {"course": e.session.course},
            e.session.get_absolute_url() if e.session_id in seen else mine,
            due=e.session.starts_on,
        )
    horizon = today + dt.timedelta(days=settings.CADRE_CERTIFICATE_ALERT_DAYS)
    expiring = (
        Certificate.objects.filter(
            employee__user_id=user.pk,
            revoked_at__isnull=True,
            expires_on__gte=today,
            expires_on__lte=horizon,
        )
        .select_related("course")
        .order_by("expires_on")[:SHOWN]
    )
    for c in expiring:
        yield HomeItem(
            TASK,
            _("Renew your certificate “%(course)s”") % {"course": c.course},
            mine,
            due=c.expires_on,
            note=_("it expires then"),
        )
