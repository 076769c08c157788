"""The breach register: record and update an incident (national administrators), and the
reminders before each notification clock runs out (a periodic job, ``core.notices``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, create_audited, update_audited
from cadre.core.choices import AuditSource, Role
from cadre.core.errors import ApplicationError, Problems, reject_unknown
from cadre.core.notices import send_notice
from cadre.core.permissions import DataClass
from cadre.privacy.choices import BreachState
from cadre.privacy.clocks import clocks_of
from cadre.privacy.models import Breach
from cadre.privacy.selectors import national

FIELDS = (
    "title",
    "description",
    "detected_at",
    "country",
    "data_classes",
    "people_count",
    "records_count",
    "state",
    "regulator_notified_at",
    "results_reported_at",
    "people_notified_at",
)


def _check(actor: Any, action: str, values: dict[str, Any]) -> None:
    if not national(actor, "privacy.breach", action):
        raise ApplicationError(
            _("Only national administrators keep the breach register."),
            field=None,
            code="permission",
        )
    problems = Problems()
    unknown = sorted(set(values.get("data_classes") or ()) - set(DataClass.ALL))
    if unknown:
        problems.add(
            _("Unknown data class: %(name)s.") % {"name": unknown[0]}, field="data_classes"
        )
    detected = values.get("detected_at")
    if detected is not None and detected > timezone.now() + dt.timedelta(minutes=5):
        problems.add(_("A breach cannot be detected in the future."), field="detected_at")
    for name in ("regulator_notified_at", "results_reported_at", "people_notified_at"):
        when = values.get(name)
        if when is not None and detected is not None and when < detected:
            problems.add(_("This cannot come before the breach was detected."), field=name)
    problems.raise_if_any()


@transaction.atomic
def breach_create(
    *, actor: Any, source: str = AuditSource.SYSTEM, reason: str = "", **fields: Any
) -> Breach:
    reject_unknown(fields, FIELDS)
    _check(actor, "add", fields)
    breach = Breach(**fields)
    return create_audited(actor=actor, obj=breach, audited=FIELDS, source=source, reason=reason)


@transaction.atomic
def breach_update(
    *,
    actor: Any,
    instance: Breach,
    source: str = AuditSource.SYSTEM,
    reason: str = "",
    **fields: Any,
) -> Breach:
    reject_unknown(fields, FIELDS)
    breach = Breach.objects.select_for_update().get(pk=instance.pk)
    values = {name: getattr(breach, name) for name in FIELDS} | fields
    _check(actor, "change", values)
    if values["state"] == BreachState.CLOSED and breach.closed_at is None:
        breach.closed_at = timezone.now()
    elif values["state"] == BreachState.OPEN:
        breach.closed_at = None
    return update_audited(
        actor=actor, obj=breach, fields=fields, audited=FIELDS, source=source, reason=reason
    )


def _admins() -> list[Any]:
    from cadre.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.NATIONAL_ADMIN,
            role_assignments__organisation__isnull=True,
        ).distinct()
    )


def breach_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind the national administrators once per clock, when it has less than
    ``CADRE_BREACH_REMIND_HOURS`` to run (or has run out) and is not stopped."""
    now = now or timezone.now()
    ahead = dt.timedelta(hours=getattr(settings, "CADRE_BREACH_REMIND_HOURS", 6))
    sent = 0
    for breach_id in Breach.objects.filter(state=BreachState.OPEN).values_list("pk", flat=True):
        with transaction.atomic():
            breach = Breach.objects.select_for_update().get(pk=breach_id)
            due = [
                c
                for c in clocks_of(breach)
                if c.running and c.due_at - ahead <= now and c.name not in breach.reminded
            ]
            if not due:
                continue
            for clock in due:
                breach.reminded[clock.name] = now.isoformat()

                def notice(b: Breach = breach, c: Any = clock) -> tuple[str, str]:
                    subject = _("Breach “%(title)s”: %(clock)s by %(due)s") % {
                        "title": b.title,
                        "clock": c.label,
                        "due": timezone.localtime(c.due_at).strftime("%Y-%m-%d %H:%M"),
                    }
                    return subject, subject

                send_notice(_admins(), notice)
                sent += 1
            breach.save(update_fields=["reminded", "updated_at"])
            audit_record(
                actor=None,
                action="privacy.breach_reminder",
                obj=breach,
                changes={c.name: [None, c.due_at.isoformat()] for c in due},
            )
    return sent
