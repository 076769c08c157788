"""Writes of the KPI app: periods and their freeze, versioned definitions, assignments with
their cascade, actuals from the three sources, and the achievements computed from them.
Every refusal names the field and the reason, and changes nothing (``docs/pay.md``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import (
    audit_record,
    create_audited,
    delete_audited,
    save_many_audited,
    update_audited,
)
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.measures import measure_get
from cadre.core.permissions import can
from cadre.core.reasons import require_reason
from cadre.core.scoping import require_reach
from cadre.core.translated import clean_texts
from cadre.kpi import scoring
from cadre.kpi.choices import Direction, Source
from cadre.kpi.models import Achievement, Actual, Assignment, Definition, Period
from cadre.orgs.models import Organisation
from cadre.people.models import Employee

DEFINITION_FIELDS = ("names", "unit", "direction", "period_kind", "origin", "measure")
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
ACTUAL_AUDITED = (
    "assignment",
    "value",
    "origin",
    "source_system",
    "file_name",
    "file_sha256",
    "note",
)
HUNDRED = Decimal(100)


# --- periods -------------------------------------------------------------------------------


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


# --- definitions ---------------------------------------------------------------------------


def definition_check(
    *,
    actor: Any = None,
    code: str | None = None,
    names: Any = None,
    unit: str | None = None,
    origin: str | None = None,
    measure: str | None = None,
    **_other: Any,
) -> None:
    """The rules of a definition a form cannot check, all at once."""
    import re

    problems = Problems()
    if code is not None and not re.fullmatch(r"[\w.\-/]{1,64}", code):
        problems.add(_("A code has up to 64 letters, digits, '.', '-', '/' or '_'."), field="code")
    if names is not None:
        try:
            clean_texts(names, field="names")
        except ApplicationError as exc:
            problems.add_error(exc)
    if origin is not None:
        if origin == Source.MEASURE:
            found = measure_get(measure or "")
            if found is None:
                problems.add(
                    _("Unknown measure “%(measure)s”.") % {"measure": measure or ""},
                    field="measure",
                )
            elif unit is not None and found.unit != unit:
                problems.add(
                    _("The measure “%(measure)s” is in “%(unit)s”; give that unit.")
                    % {"measure": found.code, "unit": found.unit},
                    field="unit",
                )
        elif measure:
            problems.add(
                _("Only a measured KPI names a measure."),
                field="measure",
            )
    problems.raise_if_any()


@transaction.atomic
def definition_create(
    *,
    actor: Any,
    owner: Organisation,
    code: str,
    names: Any,
    unit: str,
    direction: str,
    period_kind: str,
    origin: str,
    measure: str = "",
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Definition:
    """Version 1 of a new KPI (a later version: ``definition_revise``)."""
    require_reach(
        actor,
        Definition,
        "add",
        owner,
        message=_("You may not keep the KPIs of “%(org)s”."),
        field="owner",
    )
    code = (code or "").strip()
    measure = (measure or "").strip()
    definition_check(code=code, names=names, unit=unit, origin=origin, measure=measure)
    if Definition.objects.filter(code=code).exists():
        raise ApplicationError(
            _("A KPI with the code “%(code)s” exists already; make a new version of it.")
            % {"code": code},
            field="code",
            code="duplicate",
        )
    definition = Definition(
        owner=owner,
        code=code,
        version=1,
        names=clean_texts(names, field="names"),
        unit=unit,
        direction=direction,
        period_kind=period_kind,
        origin=origin,
        measure=measure,
    )
    return create_audited(
        actor=actor,
        obj=definition,
        audited=("owner", "code", "version", *DEFINITION_FIELDS),
        source=source,
        reason=reason,
    )


def definition_in_use(definition: Definition) -> bool:
    return Assignment.objects.filter(definition=definition).exists()


@transaction.atomic
def definition_update(
    *,
    actor: Any,
    instance: Definition,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Definition:
    """Change a version no one uses yet; a version in use is never edited."""
    definition = Definition.objects.select_for_update().get(pk=instance.pk)
    require_reach(
        actor,
        Definition,
        "change",
        definition.owner,
        message=_("You may not keep the KPIs of “%(org)s”."),
        field="owner",
    )
    fields = {k: v for k, v in fields.items() if k in DEFINITION_FIELDS}
    if definition_in_use(definition):
        raise ApplicationError(
            _("Version %(version)s of “%(code)s” is in use; make a new version instead.")
            % {"version": definition.version, "code": definition.code},
            code="in_use",
        )
    merged = {name: fields.get(name, getattr(definition, name)) for name in DEFINITION_FIELDS}
    merged["measure"] = (merged["measure"] or "").strip()
    definition_check(**merged)
    merged["names"] = clean_texts(merged["names"], field="names")
    return update_audited(
        actor=actor,
        obj=definition,
        fields=merged,
        audited=DEFINITION_FIELDS,
        source=source,
        reason=reason,
    )


@transaction.atomic
def definition_revise(
    *,
    actor: Any,
    definition: Definition,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Definition:
    """A new version of the KPI: the given fields changed, the others as in ``definition``."""
    require_reach(
        actor,
        Definition,
        "add",
        definition.owner,
        message=_("You may not keep the KPIs of “%(org)s”."),
        field="owner",
    )
    merged = {name: fields.get(name, getattr(definition, name)) for name in DEFINITION_FIELDS}
    merged["measure"] = (merged["measure"] or "").strip()
    definition_check(**merged)
    top = Definition.objects.filter(code=definition.code).aggregate(top=Max("version"))["top"]
    new = Definition(
        owner=definition.owner,
        code=definition.code,
        version=(top or 0) + 1,
        **{**merged, "names": clean_texts(merged["names"], field="names")},
    )
    return create_audited(
        actor=actor,
        obj=new,
        audited=("owner", "code", "version", *DEFINITION_FIELDS),
        source=source,
        reason=reason,
    )


@transaction.atomic
def definition_delete(
    *, actor: Any, instance: Definition, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    require_reach(
        actor,
        Definition,
        "delete",
        instance.owner,
        message=_("You may not keep the KPIs of “%(org)s”."),
        field="owner",
    )
    if definition_in_use(instance):
        raise ApplicationError(
            _("Version %(version)s of “%(code)s” is in use; it cannot be deleted.")
            % {"version": instance.version, "code": instance.code},
            code="in_use",
        )
    delete_audited(
        actor=actor,
        obj=instance,
        audited=("owner", "code", "version", *DEFINITION_FIELDS),
        source=source,
        reason=reason,
    )


# --- assignments ---------------------------------------------------------------------------


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


# --- actuals -------------------------------------------------------------------------------


def assignment_find(
    *,
    period: str | Period | None,
    kpi: str | None,
    employee: Employee | None = None,
    organisation: Organisation | None = None,
) -> Assignment:
    """The assignment an actual is for, from the period's code, the KPI's code and the
    person (or unit); refused, naming what is unknown."""
    if not isinstance(period, Period):
        found = Period.objects.filter(code=(period or "").strip()).first()
        if found is None:
            raise ApplicationError(
                _("Unknown period “%(period)s”.") % {"period": period or ""},
                field="period",
                code="unknown",
            )
        period = found
    kpi = (kpi or "").strip()
    if not Definition.objects.filter(code=kpi).exists():
        raise ApplicationError(
            _("Unknown KPI “%(kpi)s”.") % {"kpi": kpi}, field="kpi", code="unknown"
        )
    if employee is None and organisation is None:
        raise ApplicationError(_("Unknown person."), field="employee", code="unknown")
    qs = Assignment.objects.select_related("definition", "period", "organisation").filter(
        period=period, definition__code=kpi
    )
    qs = (
        qs.filter(employee=employee)
        if employee is not None
        else qs.filter(organisation=organisation, employee__isnull=True)
    )
    assignment = qs.first()
    if assignment is None:
        raise ApplicationError(
            _("“%(kpi)s” is not assigned to %(holder)s for %(period)s.")
            % {"kpi": kpi, "holder": employee or organisation, "period": period},
            field="kpi",
            code="not_assigned",
        )
    return assignment


def _check_actual(assignment: Assignment, origin: str, evidence: Any) -> None:
    if assignment.definition.origin != origin:
        raise ApplicationError(
            _("“%(kpi)s” takes its actual from this source: %(origin)s.")
            % {
                "kpi": assignment.definition.code,
                "origin": assignment.definition.get_origin_display(),
            },
            field="kpi",
            code="wrong_source",
        )
    if origin == Source.MANUAL and not evidence:
        raise ApplicationError(
            _("A manual actual needs an evidence file."), field="evidence", code="evidence"
        )
    if Actual.objects.filter(assignment=assignment).exists():
        raise ApplicationError(
            _("This KPI already has an actual for the period."),
            field="kpi",
            code="duplicate",
        )


def _digest(upload: Any) -> tuple[str, str]:
    import hashlib
    from pathlib import Path

    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Path(upload.name).name[:200], digest.hexdigest()


@transaction.atomic
def actual_create(
    *,
    actor: Any,
    assignment: Assignment,
    value: Decimal,
    origin: str = Source.MANUAL,
    evidence: Any = None,
    note: str = "",
    source_system: str = "",
    file_name: str = "",
    file_sha256: str = "",
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Actual:
    """Record an actual entered by hand (with its evidence file; it counts once a second
    person confirms it) or imported (with its source system and file digest)."""
    require_reach(
        actor,
        Actual,
        "add",
        assignment.organisation,
        message=_("You may not record the KPI actuals of “%(org)s”."),
        field="kpi",
    )
    Assignment.objects.select_for_update().filter(pk=assignment.pk).order_by("pk").first()
    _check_actual(assignment, origin, evidence)
    if origin == Source.MEASURE:
        raise ApplicationError(
            _("A measured actual is computed, not entered."), field="kpi", code="wrong_source"
        )
    if evidence:  # the evidence file's name and digest are kept (and audited) with it
        file_name, file_sha256 = _digest(evidence)
    actual = Actual(
        assignment=assignment,
        value=value,
        origin=origin,
        evidence=evidence or "",
        note=note or "",
        source_system=source_system,
        file_name=file_name,
        file_sha256=file_sha256,
    )
    return create_audited(
        actor=actor, obj=actual, audited=ACTUAL_AUDITED, source=source, reason=reason
    )


@transaction.atomic
def actual_confirm(
    *, actor: Any, actual: Actual, source: str = AuditSource.WEB, reason: str = ""
) -> Actual:
    """A second person confirms a manual actual; from then on the achievement reads it."""
    actual = (
        Actual.objects.select_for_update()
        .select_related("assignment__organisation")
        .get(pk=actual.pk)
    )
    require_reach(
        actor,
        Actual,
        "change",
        actual.assignment.organisation,
        message=_("You may not confirm the KPI actuals of “%(org)s”."),
        field=None,
    )
    if actual.origin != Source.MANUAL:
        raise ApplicationError(_("Only a manual actual is confirmed."), code="not_manual")
    if actual.confirmed_at is not None:
        raise ApplicationError(_("This actual is confirmed already."), code="confirmed")
    if actual.created_by_id == getattr(actor, "pk", None):
        raise ApplicationError(
            _("The author of an actual may not confirm it; a second person does."),
            code="author",
        )
    return update_audited(
        actor=actor,
        obj=actual,
        fields={"confirmed_by": actor, "confirmed_at": timezone.now()},
        audited=("confirmed_by", "confirmed_at"),
        source=source,
        reason=reason,
    )


@transaction.atomic
def actual_delete(
    *, actor: Any, instance: Actual, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    require_reach(
        actor,
        Actual,
        "delete",
        instance.assignment.organisation,
        message=_("You may not record the KPI actuals of “%(org)s”."),
        field=None,
    )
    reason = require_reason(reason, model=Actual, action="delete", source=source)
    delete_audited(actor=actor, obj=instance, audited=ACTUAL_AUDITED, source=source, reason=reason)


# --- measures and achievements -------------------------------------------------------------

Progress = Callable[[int, int, str], None]


def actuals_measure(*, actor: Any, period: Period, progress: Progress | None = None) -> int:
    """Compute the actual of every measured assignment of ``period`` from its measure
    (stored with the rows it came from); how many changed or were added."""
    assignments = list(
        Assignment.objects.filter(period=period, definition__origin=Source.MEASURE)
        .select_related("definition", "organisation", "employee")
        .order_by("pk")
    )
    existing = {
        a.assignment_id: a
        for a in Actual.objects.filter(
            assignment__period=period, assignment__definition__origin=Source.MEASURE
        )
    }
    results: dict[int, Any] = {}
    people: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        if assignment.employee_id is not None:
            people[assignment.definition.measure].append(assignment)
    for code, group in people.items():  # people in bulk, a measure at a time
        found = measure_get(code)
        if found is None:
            continue
        values = found.compute_many(
            employees=[a.employee for a in group], start=period.start, end=period.end
        )
        results.update({a.pk: values.get(a.employee_id or 0) for a in group})
        if progress is not None:
            progress(len(results), len(assignments), _("Measuring"))
    create: list[Actual] = []
    update: list[tuple[Actual, dict[str, Any]]] = []
    for assignment in assignments:
        found = measure_get(assignment.definition.measure)
        if found is None:
            continue
        result = (
            results.get(assignment.pk)
            if assignment.employee_id
            else found.compute(
                organisation=assignment.organisation, start=period.start, end=period.end
            )
        )
        if result is None or result.value is None:
            continue
        value = result.value.quantize(scoring.PLACES)
        rows = {"model": result.model, "ids": sorted(result.ids)}
        old = existing.get(assignment.pk)
        if old is None:
            create.append(
                Actual(assignment=assignment, value=value, origin=Source.MEASURE, rows=rows)
            )
        else:
            update.append((old, {"value": value, "rows": rows}))
    created, updated = save_many_audited(
        actor=actor,
        model=Actual,
        create=create,
        update=update,
        audited=("assignment", "value", "origin", "rows"),
        source=AuditSource.SYSTEM,
    )
    return created + updated


def line_of(assignment: Assignment, actual: Actual | None) -> tuple[Decimal, dict[str, Any]]:
    """A person's KPI line: what the achievement of one assignment is and where it came from."""
    definition = assignment.definition
    line: dict[str, Any] = {
        "assignment": assignment.pk,
        "kpi": definition.code,
        "version": definition.version,
        "names": definition.names,
        "unit": definition.unit,
        "direction": definition.direction,
        "weight": f"{assignment.weight:f}",
        "threshold": f"{assignment.threshold:f}",
        "target": f"{assignment.target:f}",
        "stretch": f"{assignment.stretch:f}",
        "actual": None,
        "actual_id": None,
        "source": definition.origin,
        "source_system": "",
        "file_sha256": "",
        "rows": {},
        "achievement": "0.0000",
        "note": "",
    }
    share = Decimal(0)
    if actual is None:
        line["note"] = "no_actual"
    else:
        line.update(
            actual=f"{actual.value:f}",
            actual_id=actual.pk,
            source=actual.origin,
            source_system=actual.source_system,
            file_sha256=actual.file_sha256,
            rows=actual.rows,
        )
        if actual.counts:
            share = scoring.achievement(
                actual=actual.value,
                threshold=assignment.threshold,
                target=assignment.target,
                stretch=assignment.stretch,
                lower=definition.direction == Direction.LOWER,
            )
            line["achievement"] = f"{share:f}"
        else:
            line["note"] = "unconfirmed"
    return share, line


CHUNK = 1000
ACHIEVEMENT_UPDATE = (
    'UPDATE "kpi_achievement" SET "total" = %s, "lines" = %s, "computed_at" = %s WHERE "id" = %s'
)


def _update_achievements(rows: list[Achievement]) -> None:
    """Write the new total, lines and time of stored achievements: one prepared
    ``UPDATE … WHERE id = %s`` sent for all (``executemany``), much cheaper than
    ``bulk_update``'s ``CASE WHEN`` per row."""
    from django.db import connection

    if not rows:
        return
    fields: list[Any] = [
        Achievement._meta.get_field(name) for name in ("total", "lines", "computed_at")
    ]
    params = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(ACHIEVEMENT_UPDATE, params)


@transaction.atomic
def achievements_compute(
    *, actor: Any, period: Period, progress: Progress | None = None
) -> dict[str, int]:
    """Measure the period's measured actuals, then write each person's achievement (the
    weighted total and its lines) in bulk, a chunk of people at a time."""
    measured = actuals_measure(actor=actor, period=period, progress=progress)
    people = list(
        Assignment.objects.filter(period=period, employee__isnull=False)
        .values_list("employee_id", flat=True)
        .distinct()
        .order_by("employee_id")
    )
    now = timezone.now()
    created = updated = 0
    for start in range(0, len(people), CHUNK):
        chunk = people[start : start + CHUNK]
        by_person: dict[int, list[Assignment]] = defaultdict(list)
        for assignment in (
            Assignment.objects.filter(period=period, employee_id__in=chunk)
            .select_related("definition", "actual")
            .order_by("definition__code", "pk")
        ):
            assert assignment.employee_id is not None
            by_person[assignment.employee_id].append(assignment)
        stored = {
            a.employee_id: a
            for a in Achievement.objects.filter(period=period, employee_id__in=chunk)
        }
        new: list[Achievement] = []
        changed: list[Achievement] = []
        for employee_id in chunk:
            parts, lines = [], []
            for assignment in by_person[employee_id]:
                actual = getattr(assignment, "actual", None)
                share, line = line_of(assignment, actual)
                parts.append((share, assignment.weight))
                lines.append(line)
            total = scoring.weighted_total(parts)
            row = stored.get(employee_id)
            if row is None:
                new.append(
                    Achievement(
                        employee_id=employee_id,
                        period=period,
                        total=total,
                        lines=lines,
                        computed_at=now,
                    )
                )
            else:
                row.total, row.lines, row.computed_at = total, lines, now
                changed.append(row)
        Achievement.objects.bulk_create(new, batch_size=500)
        _update_achievements(changed)
        created += len(new)
        updated += len(changed)
        if progress is not None:
            progress(start + len(chunk), len(people), _("Computing achievements"))
    # People who no longer have a KPI in the period keep no achievement in it.
    holders = Assignment.objects.filter(period=period, employee__isnull=False)
    removed, _detail = (
        Achievement.objects.filter(period=period)
        .exclude(employee_id__in=holders.values("employee_id"))
        .delete()
    )
    audit_record(
        actor=actor,
        action="kpi.achievements_compute",
        obj=period,
        changes={
            "measured": measured,
            "people": len(people),
            "created": created,
            "updated": updated,
            "removed": removed,
        },
        source=AuditSource.SYSTEM,
    )
    return {
        "measured": measured,
        "people": len(people),
        "created": created,
        "updated": updated,
        "removed": removed,
    }


def achievements_compute_start(*, actor: Any, period: Period) -> Any:
    """Start ``kpi.achievements_compute`` for ``period`` as a job (with progress)."""
    from cadre.core.permissions import reach_of_user
    from cadre.core.services import job_create

    # The job writes every person's achievement in the period: a national reach only.
    if not reach_of_user(actor, "kpi.achievement", "change").everything:
        raise ApplicationError(
            _("You may not compute KPI achievements."), field="period", code="scope"
        )
    return job_create(actor=actor, kind="kpi.achievements_compute", params={"period": period.pk})
