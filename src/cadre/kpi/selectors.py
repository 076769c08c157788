"""What other apps read of KPIs (pay reads achievements through here, never the models)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from cadre.kpi.models import Achievement, Actual, Assignment, Definition, Period
from cadre.orgs.models import Organisation
from cadre.people.models import Employee


def period_get(code: str) -> Period | None:
    return Period.objects.filter(code=code).first()


def achievements_for(period: Period, employee_ids: Iterable[int]) -> dict[int, Achievement]:
    """The stored achievement of each of these people in ``period`` (people without one are
    missing from the answer: they have no KPI set for the period)."""
    ids = list(employee_ids)
    out: dict[int, Achievement] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for row in Achievement.objects.filter(period=period, employee_id__in=chunk):
            out[row.employee_id] = row
    return out


# --- what the pages, forms and API read ----------------------------------------------------


def periods() -> QuerySet[Period]:
    return Period.objects.all()


def definitions(user: Any, action: str = "view") -> QuerySet[Definition]:
    """The definitions ``user`` may act on (``None``: every one, for a field that restricts
    by itself, ``ScopedRelatedField``)."""
    qs = Definition.objects.all()
    return qs if user is None else qs.restrict(user, action)


def assignments(user: Any, action: str = "view") -> QuerySet[Assignment]:
    qs = Assignment.objects.all()
    return qs if user is None else qs.restrict(user, action)


def actuals(user: Any, action: str = "view") -> QuerySet[Actual]:
    return Actual.objects.restrict(user, action)


def organisations(user: Any, action: str = "view") -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    return qs if user is None else qs.restrict(user, action)


def employees(user: Any, action: str = "view") -> QuerySet[Employee]:
    qs = Employee.objects.all()
    return qs if user is None else qs.restrict(user, action)


def employee_of(user: Any) -> Employee | None:
    """The employee record linked to the signed-in user, if any."""
    return Employee.objects.filter(user_id=user.pk).first() if user.pk else None


def own_assignments(employee: Employee) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(employee=employee)
        .select_related("definition", "period", "actual", "parent__organisation")
        .order_by("-period__start", "definition__code")
    )


def own_achievements(employee: Employee) -> dict[int, Achievement]:
    return {a.period_id: a for a in Achievement.objects.filter(employee=employee)}


def with_in_use(qs: QuerySet[Definition]) -> QuerySet[Definition]:
    """Each definition with ``in_use``: whether an assignment uses it (then it is never
    edited)."""
    from django.db.models import Exists, OuterRef

    return qs.annotate(in_use=Exists(Assignment.objects.filter(definition=OuterRef("pk"))))


def period_before(period: Period) -> Period | None:
    """The period of the same kind that ended last before ``period`` started."""
    return Period.objects.filter(kind=period.kind, end__lt=period.start).order_by("-end").first()


# --- what the project office reads (cadre.projects) ----------------------------------------


def definition_exists_for(definition: Definition, period: Period) -> bool:
    """Whether ``definition`` is a KPI of ``period``: of the period's kind and either in the
    period's KPI set (assigned to someone for it) or measured from Cadre's data."""
    from cadre.kpi.choices import Source

    if definition.period_kind != period.kind:
        return False
    if definition.origin == Source.MEASURE:
        return True
    return Assignment.objects.filter(definition=definition, period=period).exists()


def unit_actuals(
    keys: Iterable[tuple[int, int, int]],
) -> dict[tuple[int, int, int], Any]:
    """The counted actual of the unit-level assignment of each ``(definition id, period id,
    organisation id)``: ``{key: value}`` (keys without one are missing)."""
    wanted = set(keys)
    if not wanted:
        return {}
    rows = Actual.objects.filter(
        assignment__employee__isnull=True,
        assignment__definition_id__in={k[0] for k in wanted},
        assignment__period_id__in={k[1] for k in wanted},
        assignment__organisation_id__in={k[2] for k in wanted},
    ).values_list(
        "assignment__definition_id",
        "assignment__period_id",
        "assignment__organisation_id",
        "value",
        "origin",
        "confirmed_at",
    )
    from cadre.kpi.choices import Source

    out: dict[tuple[int, int, int], Any] = {}
    for definition_id, period_id, organisation_id, value, origin, confirmed in rows:
        key = (definition_id, period_id, organisation_id)
        if key in wanted and (origin != Source.MANUAL or confirmed is not None):
            out[key] = value
    return out
