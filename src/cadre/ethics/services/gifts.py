"""The register of gifts and outside activities: the person enters, the ethics officer
decides (kept, handed over, refused)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, create_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.ethics.choices import GiftDecision, GiftKind
from cadre.ethics.models import Gift
from cadre.ethics.services.common import is_officer, is_person, to_minor
from cadre.people.models import Employee

FIELDS = ("employee", "kind", "description", "received_on", "value", "currency")


@transaction.atomic
def gift_create(
    *,
    actor: Any,
    employee: Employee,
    kind: str,
    description: str,
    received_on: dt.date,
    value: Any,
    currency: str,
    reason: str = "",
    source: str = AuditSource.WEB,
) -> Gift:
    if not (is_person(actor, employee) or is_officer(actor, employee.organisation)):
        raise ApplicationError(
            _("Only the person or their body's ethics officer enters their register."),
            field="employee",
            code="scope",
        )
    if kind not in GiftKind.values:
        raise ApplicationError(_("Choose gift or outside activity."), field="kind")
    if received_on and received_on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="received_on")
    row = Gift(
        employee=employee,
        kind=kind,
        description=(description or "").strip(),
        received_on=received_on,
        value=to_minor(value, currency),
        currency=(currency or "").strip().upper(),
    )
    return create_audited(actor=actor, obj=row, audited=FIELDS, source=source, reason=reason)


@transaction.atomic
def gift_decide(
    *, actor: Any, gift: Gift, decision: str, reason: str = "", source: str = AuditSource.WEB
) -> Gift:
    """The ethics officer of the person's body decides what becomes of the gift."""
    row = (
        Gift.objects.select_for_update(of=("self",))
        .select_related("employee__organisation")
        .get(pk=gift.pk)
    )
    if not is_officer(actor, row.employee.organisation) or is_person(actor, row.employee):
        raise ApplicationError(
            _("Only the ethics officer of the person's body decides on a gift."), code="scope"
        )
    if decision not in GiftDecision.values:
        raise ApplicationError(
            _("Choose kept, handed over or refused."), field="decision", code="invalid"
        )
    before = row.decision
    row.decision, row.decided_by, row.decided_at = decision, actor, timezone.now()
    row.save(update_fields=["decision", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="gift.decide",
        obj=row,
        changes={"decision": [before, decision]},
        reason=reason,
        source=source,
    )
    return row
