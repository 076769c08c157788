"""Assignments: a KPI given to a person (in the unit where they count) or to a unit or body,
with its levels and weight, cascading from a KPI of the unit above; none changes once the
period is frozen."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from cadre.core.audit import create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.measures import measure_get
from cadre.core.scoping import require_reach
from cadre.kpi.choices import Direction, Source
from cadre.kpi.models import Assignment, Definition, Period
from cadre.kpi.services.periods import HUNDRED, _not_frozen
from cadre.orgs.models import Organisation
from cadre.people.models import Employee

ASSIGNMENT_AUDITED = (
    "definition",
    "period",
    "organisation",
    "employee",
    "parent",
    "threshold",
    "target",
    "stretch",
    "weight",
)


def assignment_check(
    *,
    actor: Any = None,
    instance: Assignment | None = None,
    definition: Definition | None = None,
    period: Period | None = None,
    employee: Employee | None = None,
    organisation: Organisation | None = None,
    parent: Assignment | None = None,
    threshold: Decimal | None = None,
    target: Decimal | None = None,
    stretch: Decimal | None = None,
    weight: Decimal | None = None,
    **_other: Any,
) -> None:
    """The rules of an assignment a form cannot check, all at once (rules whose fields are
    not given are skipped)."""
    problems = Problems()
    if instance is not None:
        definition, period = instance.definition, instance.period
        employee, organisation = instance.employee, instance.organisation
    elif employee is not None:
        organisation = counted_organisation(employee)
    if period is not None and period.frozen_at is not None:
        problems.add(
            _("The KPI set of %(period)s is frozen; it cannot change.") % {"period": period},
            field="period",
            code="frozen",
        )
    if instance is None and employee is None and organisation is None and definition:
        problems.add(_("Give the person or the unit the KPI is for."), field="employee")
    if definition is not None and period is not None and definition.period_kind != period.kind:
        problems.add(
            _("“%(kpi)s” is measured per %(kind)s; %(period)s is a %(period_kind)s.")
            % {
                "kpi": definition.code,
                "kind": definition.get_period_kind_display(),
                "period": period,
                "period_kind": period.get_kind_display(),
            },
            field="period",
        )
    if definition is not None and employee is not None and definition.origin == Source.MEASURE:
        found = measure_get(definition.measure)
        if found is not None and not found.for_people:
            problems.add(
                _("The measure “%(measure)s” is computed for units, not for one person.")
                % {"measure": found.code},
                field="employee",
            )
    if definition is not None and None not in (threshold, target, stretch):
        assert threshold is not None and target is not None and stretch is not None
        if definition.direction == Direction.HIGHER and not threshold <= target <= stretch:
            problems.add(
                _("Higher is better for “%(kpi)s”: give threshold ≤ target ≤ stretch.")
                % {"kpi": definition.code},
                field="target",
            )
        if definition.direction == Direction.LOWER and not threshold >= target >= stretch:
            problems.add(
                _("Lower is better for “%(kpi)s”: give threshold ≥ target ≥ stretch.")
                % {"kpi": definition.code},
                field="target",
            )
    if period is not None and (employee is not None or organisation is not None):
        same_holder = Assignment.objects.filter(period=period)
        same_holder = (
            same_holder.filter(employee=employee)
            if employee is not None
            else same_holder.filter(organisation=organisation, employee__isnull=True)
        )
        if instance is not None:
            same_holder = same_holder.exclude(pk=instance.pk)
        if (
            definition is not None
            and instance is None
            and same_holder.filter(definition__code=definition.code).exists()
        ):
            problems.add(
                _("“%(kpi)s” is already assigned to them for %(period)s.")
                % {"kpi": definition.code, "period": period},
                field="definition",
                code="duplicate",
            )
        if weight is not None:
            others = same_holder.aggregate(total=Sum("weight"))["total"] or Decimal(0)
            if others + weight > HUNDRED:
                problems.add(
                    _("Their KPIs' weights would add up to %(sum)s %%, more than 100 %%.")
                    % {"sum": f"{(others + weight).normalize():f}"},
                    field="weight",
                )
    if parent is not None and period is not None:
        inside = organisation is not None and organisation.path.startswith(parent.organisation.path)
        if (
            parent.period_id != period.pk
            or parent.employee_id is not None
            or not inside
            or (instance is not None and parent.pk == instance.pk)
        ):
            problems.add(
                _(
                    "A KPI cascades from a KPI of the same period given to the unit or body "
                    "above it."
                ),
                field="parent",
            )
    problems.raise_if_any()


def counted_organisation(employee: Employee) -> Organisation:
    """Where the person counts: their main post's unit, else the organisation whose books
    they are on (``people.selectors.counts_at``)."""
    from cadre.people.selectors import counts_at

    path = (
        Employee.objects.filter(pk=employee.pk)
        .annotate(_at=counts_at())
        .values_list("_at", flat=True)
        .first()
    )
    found = Organisation.objects.filter(path=path).first() if path else None
    return found or employee.organisation


def _assignment_reach(actor: Any, action: str, organisation: Organisation) -> None:
    require_reach(
        actor,
        Assignment,
        action,
        organisation,
        message=_("You may not keep the KPIs of “%(org)s”."),
        field="organisation",
    )


@transaction.atomic
def assignment_create(
    *,
    actor: Any,
    definition: Definition,
    period: Period,
    threshold: Decimal,
    target: Decimal,
    stretch: Decimal,
    weight: Decimal,
    employee: Employee | None = None,
    organisation: Organisation | None = None,
    parent: Assignment | None = None,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Assignment:
    """Give a KPI to a person (``employee``: it belongs to the unit where they count, their
    main post's, so that it cascades from that unit's KPIs) or to a unit or body
    (``organisation``)."""
    if employee is not None:
        organisation = counted_organisation(employee)
    if organisation is None:
        raise ApplicationError(_("Give the person or the unit the KPI is for."), field="employee")
    _assignment_reach(actor, "add", organisation)
    period = Period.objects.select_for_update().get(pk=period.pk)
    assignment_check(
        definition=definition,
        period=period,
        employee=employee,
        organisation=organisation,
        parent=parent,
        threshold=threshold,
        target=target,
        stretch=stretch,
        weight=weight,
    )
    assignment = Assignment(
        definition=definition,
        period=period,
        organisation=organisation,
        employee=employee,
        parent=parent,
        threshold=threshold,
        target=target,
        stretch=stretch,
        weight=weight,
    )
    return create_audited(
        actor=actor, obj=assignment, audited=ASSIGNMENT_AUDITED, source=source, reason=reason
    )


@transaction.atomic
def assignment_update(
    *,
    actor: Any,
    instance: Assignment,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Assignment:
    """Change the levels, the weight or the cascade link (what it is and whose it is stay)."""
    assignment = Assignment.objects.select_related(
        "definition", "period", "organisation", "employee"
    ).get(pk=instance.pk)
    _assignment_reach(actor, "change", assignment.organisation)
    Period.objects.select_for_update().filter(pk=assignment.period_id).first()
    allowed = ("threshold", "target", "stretch", "weight", "parent")
    merged = {name: fields.get(name, getattr(assignment, name)) for name in allowed}
    assignment_check(instance=assignment, **merged)
    return update_audited(
        actor=actor,
        obj=assignment,
        fields=merged,
        audited=ASSIGNMENT_AUDITED,
        source=source,
        reason=reason,
    )


@transaction.atomic
def assignment_delete(
    *, actor: Any, instance: Assignment, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    _assignment_reach(actor, "delete", instance.organisation)
    _not_frozen(Period.objects.select_for_update().get(pk=instance.period_id))
    if instance.children.exists():
        raise ApplicationError(
            _("KPIs cascade from this one; remove them first."), field="parent", code="in_use"
        )
    delete_audited(
        actor=actor, obj=instance, audited=ASSIGNMENT_AUDITED, source=source, reason=reason
    )
