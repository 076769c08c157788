"""Bonus funds: an amount for the people of an organisation's subtree in a period, under a
rule, in the currency of their salaries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import create_audited, delete_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation
from cadre.pay import selectors
from cadre.pay.models import Fund, Rule


def _months(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def period_mismatch(rule: Rule, period: Any, period_months: Any = None) -> str | None:
    """Why ``rule`` (or its ``period_months`` changed to the value given) does not fit the
    fund's KPI ``period``: it prorates over another number of months than the period has."""
    months = selectors.months_of(period)
    counted = Decimal(str(rule.period_months if period_months is None else period_months))
    if counted == months:
        return None
    return _(
        "The rule “%(rule)s” counts %(counted)s months in a period; the period %(period)s "
        "has %(months)s. Use a rule made for periods of %(months)s months."
    ) % {"rule": rule, "counted": _months(counted), "period": period, "months": _months(months)}


def fund_check(*, fund: Fund) -> None:
    problems = Problems()
    if fund.amount is not None and fund.amount <= 0:
        problems.add(_("A fund must be more than zero."), field="amount")
    if fund.rule_id and fund.period_id:
        mismatch = period_mismatch(fund.rule, fund.period)
        if mismatch:
            problems.add(mismatch, field="rule")
    if fund.organisation_id and fund.currency and fund.period_id:
        loaded = selectors.salaries_at(
            list(selectors.people_of(fund).values_list("id", flat=True)), fund.period.end
        )
        other = sorted({c for _a, c in loaded.values() if c != fund.currency})
        if other:
            problems.add(
                _(
                    "The salaries of the people this fund covers are in %(other)s, "
                    "not in %(currency)s."
                )
                % {"other": ", ".join(other), "currency": fund.currency},
                field="currency",
            )
    problems.raise_if_any()


@transaction.atomic
def fund_create(
    *,
    actor: Any,
    name: str,
    organisation: Organisation,
    period: Any,
    rule: Rule,
    amount: int,
    currency: str,
    component_code: str = "BONUS-KPI",
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Fund:
    """A bonus fund of ``amount`` minor units for the people of ``organisation``'s subtree."""
    require_reach(actor, Fund, "add", organisation)
    fund = Fund(
        name=(name or "").strip(),
        organisation=organisation,
        period=period,
        rule=rule,
        amount=amount,
        currency=currency,
        component_code=component_code,
    )
    fund_check(fund=fund)
    return create_audited(
        actor=actor,
        obj=fund,
        audited=("name", "organisation", "period", "rule", "amount", "currency", "component_code"),
        source=source,
        reason=reason,
    )


@transaction.atomic
def fund_delete(*, actor: Any, fund: Fund, source: str = AuditSource.WEB, reason: str = "") -> None:
    """Delete a fund that has no run."""
    fund = Fund.objects.select_for_update().select_related("organisation").get(pk=fund.pk)
    require_reach(actor, Fund, "delete", fund.organisation)
    if fund.runs.exists():
        raise ApplicationError(_("This fund has runs and cannot be deleted."), code="in_use")
    delete_audited(
        actor=actor, obj=fund, audited=("name", "amount", "currency"), source=source, reason=reason
    )
