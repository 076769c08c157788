"""KPI periods and their freeze: once a period's set is frozen no assignment is added,
changed or removed, and it freezes only when every holder's weights sum to exactly 100 %."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import create_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.permissions import can
from cadre.kpi.models import Assignment, Period
from cadre.orgs.models import Organisation
from cadre.people.models import Employee

HUNDRED = Decimal(100)


def _require(actor: Any, label: str, action: str, message: str, field: str | None) -> None:
    if not can(actor, label, action):
        raise ApplicationError(message, field=field, code="scope")


@transaction.atomic
def period_create(
    *,
    actor: Any,
    code: str,
    kind: str,
    start: dt.date,
    end: dt.date,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Period:
    _require(actor, "kpi.period", "add", _("You may not open KPI periods."), "code")
    if Period.objects.filter(code=(code or "").strip()).exists():
        raise ApplicationError(
            _("A period with this code exists already."), field="code", code="duplicate"
        )
    period = Period(code=(code or "").strip(), kind=kind, start=start, end=end)
    return create_audited(
        actor=actor,
        obj=period,
        audited=("code", "kind", "start", "end"),
        source=source,
        reason=reason,
    )


def weight_sums(period: Period) -> dict[tuple[int, int | None], Decimal]:
    """``(organisation id, employee id or None) → the sum of the weights`` of each holder's
    set in ``period``."""
    rows = (
        Assignment.objects.filter(period=period)
        .values("organisation_id", "employee_id")
        .annotate(total=Sum("weight"))
    )
    out: dict[tuple[int, int | None], Decimal] = {}
    for row in rows:
        key = (row["organisation_id"], row["employee_id"])
        out[key] = out.get(key, Decimal(0)) + row["total"]
    return out


@transaction.atomic
def period_freeze(
    *, actor: Any, period: Period, source: str = AuditSource.WEB, reason: str = ""
) -> Period:
    """Freeze the period's KPI set: from now on no assignment is added, changed or removed.
    Refused unless every holder's weights sum to exactly 100 %, naming those that do not."""
    _require(actor, "kpi.period", "change", _("You may not freeze KPI periods."), "period")
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.frozen_at is not None:
        raise ApplicationError(
            _("The KPI set of %(period)s is frozen already.") % {"period": period},
            field="period",
            code="frozen",
        )
    wrong = {k: v for k, v in weight_sums(period).items() if v != HUNDRED}
    if wrong:
        names = _holder_names(list(wrong)[:5])
        listed = ", ".join(f"{names[k]} ({wrong[k].normalize():f} %)" for k in list(wrong)[:5])
        raise ApplicationError(
            _(
                "The weights of each holder's KPIs must sum to exactly 100 %%; "
                "%(count)s do not: %(list)s."
            )
            % {"count": len(wrong), "list": listed},
            field="period",
            code="weights",
        )
    return update_audited(
        actor=actor,
        obj=period,
        fields={"frozen_at": timezone.now()},
        audited=("frozen_at",),
        source=source,
        reason=reason,
    )


def _holder_names(keys: list[tuple[int, int | None]]) -> dict[tuple[int, int | None], str]:
    people = Employee.objects.in_bulk([e for _o, e in keys if e is not None])
    orgs = Organisation.objects.in_bulk([o for o, e in keys if e is None])
    return {(o, e): str(people[e] if e is not None else orgs[o]) for o, e in keys}


def _not_frozen(period: Period) -> None:
    if period.frozen_at is not None:
        raise ApplicationError(
            _("The KPI set of %(period)s is frozen; it cannot change.") % {"period": period},
            field="period",
            code="frozen",
        )
