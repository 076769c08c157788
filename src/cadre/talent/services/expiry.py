"""The reserve's daily round (``jobs.py``): entries past their expiry become "expired"; the
person and whoever entered them hear, once, ``remind_days()`` days before an entry expires.
Each entry in its own transaction, audited as a system action."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.notices import send_notice
from cadre.talent.choices import EntryStatus
from cadre.talent.models import ReserveEntry


def remind_days() -> int:
    """How many days before its expiry an active entry is reminded of."""
    return int(getattr(settings, "CADRE_TALENT_REMIND_DAYS", 30))


@transaction.atomic
def _expire(pk: int, today: dt.date) -> bool:
    entry = (
        ReserveEntry.objects.select_for_update()
        .filter(pk=pk, status=EntryStatus.ACTIVE, expires_on__lt=today)
        .first()
    )
    if entry is None:
        return False
    entry.status = EntryStatus.EXPIRED
    entry.status_reason = _("The term of the reserve ended on %(date)s.") % {
        "date": entry.expires_on.isoformat()
    }
    entry.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(
        actor=None,
        action="reserve.expire",
        obj=entry,
        changes={"status": [EntryStatus.ACTIVE, EntryStatus.EXPIRED]},
        source=AuditSource.SYSTEM,
    )
    return True


def _notice(entry: ReserveEntry, today: dt.date) -> tuple[str, str]:
    params = {
        "person": entry.person_name,
        "group": entry.post_group,
        "date": entry.expires_on.isoformat(),
        "days": (entry.expires_on - today).days,
        "url": entry.get_absolute_url(),
    }
    return (
        _("Reserve entry expires on %(date)s: %(person)s") % params,
        _(
            "The reserve entry of %(person)s for the post group %(group)s expires on %(date)s "
            "(days left: %(days)s). After that date the person is no longer matched to "
            "vacancies. See the entry: %(url)s"
        )
        % params,
    )


@transaction.atomic
def _remind(pk: int, today: dt.date) -> bool:
    entry = (
        ReserveEntry.objects.select_for_update(of=("self",))
        .select_related("employee__user", "candidate", "created_by")
        .filter(
            pk=pk,
            status=EntryStatus.ACTIVE,
            reminded_on__isnull=True,
            expires_on__gte=today,
            expires_on__lte=today + dt.timedelta(days=remind_days()),
        )
        .first()
    )
    if entry is None:
        return False
    entry.reminded_on = today
    entry.save(update_fields=["reminded_on"])
    audit_record(
        actor=None,
        action="reserve.remind",
        obj=entry,
        changes={"expires_on": [None, entry.expires_on.isoformat()]},
        source=AuditSource.SYSTEM,
    )
    person = entry.employee.user if entry.employee_id else entry.candidate
    send_notice([person, entry.created_by], lambda: _notice(entry, today))
    return True


def reserve_expire_and_remind(*, today: dt.date | None = None) -> dict[str, int]:
    """Expire the entries past their term and remind of those expiring soon, once each."""
    today = today or timezone.localdate()
    active = ReserveEntry.objects.filter(status=EntryStatus.ACTIVE).order_by("pk")
    past = list(active.filter(expires_on__lt=today).values_list("pk", flat=True))
    soon = list(
        active.filter(
            reminded_on__isnull=True,
            expires_on__gte=today,
            expires_on__lte=today + dt.timedelta(days=remind_days()),
        ).values_list("pk", flat=True)
    )
    return {
        "expired": sum(_expire(pk, today) for pk in past),
        "reminded": sum(_remind(pk, today) for pk in soon),
    }
