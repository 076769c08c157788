"""A body's headcount and payroll limits, each citing its act. A limit below the people
in post is refused unless it comes with a reduction plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import create_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation
from cadre.people.choices import AssignmentKind
from cadre.people.models import Assignment, current_q
from cadre.staffing.models import StaffingLimit

LIMIT_FIELDS = (
    "effective_from",
    "headcount",
    "payroll",
    "currency",
    "act_title",
    "act_number",
    "act_date",
    "act_text",
    "restricted",
    "reduction_plan",
)


def occupancy(organisation: Organisation, on: dt.date | None = None) -> int:
    """People whose main post in force on ``on`` lies in the body's subtree."""
    return Assignment.objects.filter(
        current_q(on=on),
        kind=AssignmentKind.MAIN,
        post__organisation__path__startswith=organisation.path,
    ).count()


def _check(organisation: Organisation, values: dict[str, Any]) -> None:
    problems = Problems()
    headcount = values.get("headcount")
    if headcount is not None and Decimal(headcount) % Decimal("0.25") != 0:
        problems.add(
            _("Staff units are counted in quarters: %(units)s is not a multiple of 0.25.")
            % {"units": headcount},
            field="headcount",
        )
    if headcount is not None and not (values.get("reduction_plan") or "").strip():
        held = occupancy(organisation, values.get("effective_from"))
        if Decimal(headcount) < held:
            problems.add(
                _(
                    "The limit of %(limit)s units is below the %(held)s people in post: "
                    "give the reduction plan that brings them within it."
                )
                % {"limit": headcount, "held": held},
                field="headcount",
                code="below_occupancy",
            )
    problems.raise_if_any()


@transaction.atomic
def limit_create(
    *,
    actor: Any,
    organisation: Organisation,
    source: str = AuditSource.WEB,
    reason: str = "",
    **values: Any,
) -> StaffingLimit:
    unknown = set(values) - set(LIMIT_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown field."), field=sorted(unknown)[0], code="unknown")
    require_reach(actor, StaffingLimit, "add", organisation)
    if values.get("effective_from") is None:
        raise ApplicationError(
            _("Give the date the limit comes into force."), field="effective_from"
        )
    _check(organisation, values)
    if StaffingLimit.objects.filter(
        organisation=organisation, effective_from=values["effective_from"]
    ).exists():
        raise ApplicationError(
            _("This body already has a limit from this date."),
            field="effective_from",
            code="duplicate",
        )
    return create_audited(
        actor=actor,
        obj=StaffingLimit(organisation=organisation, **values),
        audited=LIMIT_FIELDS,
        source=source,
        reason=reason,
    )


@transaction.atomic
def limit_update(
    *,
    actor: Any,
    limit: StaffingLimit,
    source: str = AuditSource.WEB,
    reason: str = "",
    **values: Any,
) -> StaffingLimit:
    unknown = set(values) - set(LIMIT_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown field."), field=sorted(unknown)[0], code="unknown")
    require_reach(actor, StaffingLimit, "change", limit.organisation)
    limit = StaffingLimit.objects.select_for_update().get(pk=limit.pk)
    merged = {f: getattr(limit, f) for f in LIMIT_FIELDS} | values
    _check(limit.organisation, merged)
    return update_audited(
        actor=actor, obj=limit, fields=values, audited=LIMIT_FIELDS, source=source, reason=reason
    )
