"""Allocation rules, versioned: a version no run has used may change, one no fund uses may
go; otherwise make the next version."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation
from cadre.pay import selectors
from cadre.pay.models import Rule
from cadre.pay.services.funds import period_mismatch

RULE_FIELDS = (
    "min_achievement",
    "min_months",
    "period_months",
    "target_share",
    "max_factor",
    "cap_salaries",
    "rounding_unit",
)


def rule_check(**params: Any) -> dict[str, Any]:
    """The parameters as they are stored, or every problem with them."""
    problems = Problems()
    out: dict[str, Any] = {}
    for name in RULE_FIELDS:
        if name not in params or params[name] is None:
            continue
        try:
            value = Decimal(str(params[name]))
        except InvalidOperation:
            problems.add(_("Enter a number."), field=name)
            continue
        if value < 0:
            problems.add(_("This cannot be negative."), field=name)
        out[name] = value
    if "period_months" in out and out["period_months"] <= 0:
        problems.add(_("A period lasts more than zero months."), field="period_months")
    if "rounding_unit" in out:
        if out["rounding_unit"] < 1 or out["rounding_unit"] != int(out["rounding_unit"]):
            problems.add(
                _("Round to a whole number of minor units, at least 1."), field="rounding_unit"
            )
        else:
            out["rounding_unit"] = int(out["rounding_unit"])
    problems.raise_if_any()
    return out


@transaction.atomic
def rule_create(
    *,
    actor: Any,
    organisation: Organisation,
    code: str,
    source: str = AuditSource.WEB,
    reason: str = "",
    **params: Any,
) -> Rule:
    """A new rule, or the next version of the rule ``code``."""
    require_reach(actor, Rule, "add", organisation)
    values = rule_check(**params)
    code = (code or "").strip()
    last = Rule.objects.filter(code=code).order_by("-version").first()
    rule = Rule(
        organisation=organisation, code=code, version=(last.version + 1) if last else 1, **values
    )
    return create_audited(
        actor=actor,
        obj=rule,
        audited=("organisation", "code", "version", *RULE_FIELDS),
        source=source,
        reason=reason,
    )


@transaction.atomic
def rule_update(
    *, actor: Any, rule: Rule, source: str = AuditSource.WEB, reason: str = "", **params: Any
) -> Rule:
    """Change a version no run has used yet; a used one is refused (make a new version)."""
    rule = Rule.objects.select_for_update().get(pk=rule.pk)
    require_reach(actor, Rule, "change", rule.organisation)
    if selectors.rule_used(rule):
        raise ApplicationError(
            _(
                "Version %(version)s of “%(code)s” has been used by a run and cannot be "
                "changed; create a new version."
            )
            % {"version": rule.version, "code": rule.code},
            code="in_use",
        )
    values = rule_check(**params)
    if "period_months" in values:
        for fund in rule.funds.select_related("period").order_by("pk"):
            mismatch = period_mismatch(rule, fund.period, values["period_months"])
            if mismatch:
                raise ApplicationError(mismatch, field="period_months")
    return update_audited(
        actor=actor, obj=rule, fields=values, audited=RULE_FIELDS, source=source, reason=reason
    )


@transaction.atomic
def rule_delete(*, actor: Any, rule: Rule, source: str = AuditSource.WEB, reason: str = "") -> None:
    """Delete a version no fund uses."""
    rule = Rule.objects.select_for_update().get(pk=rule.pk)
    require_reach(actor, Rule, "delete", rule.organisation)
    if rule.funds.exists():
        raise ApplicationError(
            _("Version %(version)s of “%(code)s” is the rule of a fund and cannot be deleted.")
            % {"version": rule.version, "code": rule.code},
            code="in_use",
        )
    delete_audited(actor=actor, obj=rule, audited=("code", "version"), source=source, reason=reason)
