"""The daily milestone reminders (docs/projects.md): the accountable owner of an active
project hears by e-mail, in their language, of each open milestone that falls due within
``remind_days()`` days and of each that is overdue — once per milestone and kind
(``Milestone.reminded_soon_at`` / ``reminded_overdue_at``), audited on the project as a
system action, each milestone in its own transaction."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.notices import send_notice
from cadre.projects.choices import ProjectState
from cadre.projects.models import Milestone

SOON = "soon"
OVERDUE = "overdue"
FIELD = {SOON: "reminded_soon_at", OVERDUE: "reminded_overdue_at"}
ACTION = {SOON: "milestone.remind_due", OVERDUE: "milestone.remind_overdue"}


def remind_days() -> int:
    """How many days before its due date an open milestone is reminded of."""
    return int(getattr(settings, "CADRE_PROJECTS_REMIND_DAYS", 7))


def _waiting(kind: str, today: dt.date) -> QuerySet[Milestone]:
    qs = Milestone.objects.filter(
        project__state=ProjectState.ACTIVE,
        closed_on__isnull=True,
        **{f"{FIELD[kind]}__isnull": True},
    )
    if kind == OVERDUE:
        return qs.filter(due__lt=today)
    return qs.filter(due__gte=today, due__lte=today + dt.timedelta(days=remind_days()))


def _notice(kind: str, milestone: Milestone, today: dt.date) -> tuple[str, str]:
    project = milestone.project
    params = {
        "milestone": milestone.name,
        "project": project.name,
        "date": milestone.due.isoformat(),
        "days": (milestone.due - today).days,
        "url": project.get_absolute_url(),
    }
    if kind == OVERDUE:
        return (
            _("Milestone overdue: %(milestone)s") % params,
            _(
                "The milestone “%(milestone)s” of the project “%(project)s” was due on "
                "%(date)s and is not closed; the project counts as late until it is. Close it "
                "with its evidence: %(url)s"
            )
            % params,
        )
    return (
        _("Milestone due on %(date)s: %(milestone)s") % params,
        _(
            "The milestone “%(milestone)s” of the project “%(project)s” falls due on "
            "%(date)s (days left: %(days)s). Close it with its evidence when it is done: "
            "%(url)s"
        )
        % params,
    )


@transaction.atomic
def _remind(kind: str, pk: int, today: dt.date) -> bool:
    milestone = (
        _waiting(kind, today)
        .select_for_update(of=("self",))
        .select_related("project__owner__user")
        .filter(pk=pk)
        .first()
    )
    if milestone is None:  # closed, or reminded since the list was read
        return False
    now = timezone.now()
    setattr(milestone, FIELD[kind], now)
    milestone.save(update_fields=[FIELD[kind]])
    audit_record(
        actor=None,
        action=ACTION[kind],
        obj=milestone.project,
        changes={"milestone": [None, milestone.name], "due": [None, milestone.due.isoformat()]},
        source=AuditSource.SYSTEM,
    )
    owner = milestone.project.owner.user
    send_notice([owner], lambda: _notice(kind, milestone, today))
    return True


def milestone_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind the owners of the milestones due soon and of the overdue ones, once each;
    how many milestones were reminded of each kind."""
    today = today or timezone.localdate()
    done = {}
    for kind in (OVERDUE, SOON):
        due = list(_waiting(kind, today).order_by("pk").values_list("pk", flat=True))
        done[kind] = sum(_remind(kind, pk, today) for pk in due)
    return done
