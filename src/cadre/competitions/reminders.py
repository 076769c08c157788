"""The daily reminder of scores due: once the interview day of a competition has passed,
the members present who have not scored every candidate they may are mailed, once per
competition (``reminded_at``, audited as a system action)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cadre.competitions import notify
from cadre.competitions.choices import Stage
from cadre.competitions.models import Competition
from cadre.competitions.services.commission import missing_scores
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource


def _due(today: dt.date) -> QuerySet[Competition]:
    return Competition.objects.filter(
        stage=Stage.INTERVIEW, interview_on__lt=today, reminded_at__isnull=True
    )


@transaction.atomic
def _remind(pk: int, today: dt.date) -> int:
    competition = _due(today).select_for_update().filter(pk=pk).first()
    if competition is None:
        return 0
    users = {m.user.pk: m.user for _a, members in missing_scores(competition) for m in members}
    competition.reminded_at = timezone.now()
    competition.save(update_fields=["reminded_at"])
    audit_record(
        actor=None,
        action="remind_scores",
        obj=competition,
        changes={"reminded": [None, sorted(u.username for u in users.values())]},
        source=AuditSource.SYSTEM,
    )
    notify.scores_due(competition, list(users.values()))
    return len(users)


def scores_due_reminders(*, today: dt.date | None = None) -> int:
    """How many members were reminded."""
    today = today or timezone.localdate()
    due = list(_due(today).order_by("pk").values_list("pk", flat=True))
    return sum(_remind(pk, today) for pk in due)
