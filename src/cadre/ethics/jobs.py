"""Ethics control's daily round: the yearly re-confirmation of declarations is reminded once
per year, ``CADRE_ETHICS_REMIND_DAYS`` before it falls due; sanctions past their term end."""

from __future__ import annotations

import datetime as dt
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.notices import send_notice
from cadre.ethics.models import Declaration
from cadre.ethics.selectors import confirmation_due
from cadre.ethics.services import sanctions_expire


def remind_days() -> int:
    return int(getattr(settings, "CADRE_ETHICS_REMIND_DAYS", 30))


def _notice(row: Declaration) -> tuple[str, str]:
    due = row.confirmed_on + dt.timedelta(days=365)
    return (
        _("Confirm your declaration of interest by %(date)s") % {"date": due.isoformat()},
        _(
            "Your declaration of interest is to be confirmed each year: confirm it, or say "
            "when it ended, by %(date)s."
        )
        % {"date": due.isoformat()},
    )


def declarations_remind(*, today: dt.date | None = None) -> int:
    """Remind the people whose declarations fall due for confirmation soon, once each."""
    today = today or timezone.localdate()
    due = Declaration.objects.filter(
        confirmation_due(today, days_before=remind_days()),
        Q(reminded_on__isnull=True) | Q(reminded_on__lt=F("confirmed_on")),
    )
    done = 0
    for pk in due.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            row = (
                Declaration.objects.select_for_update(of=("self",))
                .select_related("employee__user")
                .get(pk=pk)
            )
            row.reminded_on = today
            row.save(update_fields=["reminded_on"])
            audit_record(
                actor=None,
                action="declaration.remind",
                obj=row,
                changes={"reminded_on": [None, today.isoformat()]},
                source=AuditSource.SYSTEM,
            )
            send_notice([row.employee.user], partial(_notice, row))
            done += 1
    return done


@shared_task(name="cadre.ethics.jobs.daily_round")
def daily_round() -> dict[str, int]:
    return {"reminded": declarations_remind(), "expired": sanctions_expire()}
