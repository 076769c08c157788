"""The daily reminder of overdue decisions: an admitted appeal whose decision date has
passed without a decision is mailed to its panel and the run's proposer, once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cadre.appeals import notify
from cadre.appeals.models import Appeal, AppealState
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource


def _overdue(today: dt.date) -> QuerySet[Appeal]:
    return Appeal.objects.filter(
        state=AppealState.ADMITTED, decide_by__lt=today, reminded_at__isnull=True
    )


@transaction.atomic
def _remind(pk: int, today: dt.date) -> bool:
    appeal = (
        _overdue(today)
        .select_for_update(of=("self",))
        .select_related("line__employee__user", "line__run__proposed_by", "line__organisation")
        .filter(pk=pk)
        .first()
    )
    if appeal is None:  # decided, withdrawn or reminded since the list was read
        return False
    appeal.reminded_at = timezone.now()
    appeal.save(update_fields=["reminded_at"])
    audit_record(
        actor=None,
        action="remind_overdue",
        obj=appeal,
        changes={"reminded_at": [None, appeal.reminded_at.isoformat()]},
        source=AuditSource.SYSTEM,
    )
    notify.overdue(appeal, [m.user for m in appeal.panel.select_related("user")])
    return True


def appeal_overdue_reminders(*, today: dt.date | None = None) -> int:
    """Remind the panel (and the run's proposer) of each admitted appeal whose decision is
    past its date, once per appeal (``reminded_at``, audited as a system action); each
    appeal in its own transaction. How many appeals were reminded."""
    today = today or timezone.localdate()
    due = list(_overdue(today).order_by("pk").values_list("pk", flat=True))
    return sum(_remind(pk, today) for pk in due)
