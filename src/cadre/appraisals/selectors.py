"""Reads of appraisals, scoped to what the user may see, and what pay reads through its
eligibility hook: who is not eligible for a fund's bonus, and why."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cadre.appraisals.choices import Result, meets
from cadre.appraisals.models import Appraisal, AppraisalRequirement
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.people.selectors import counted_within

CHUNK = 5000


def appraisals(user: Any, action: str = "view") -> QuerySet[Appraisal]:
    return Appraisal.objects.restrict(user, action).select_related("employee")


def requirements(user: Any, action: str = "view") -> QuerySet[AppraisalRequirement]:
    return AppraisalRequirement.objects.restrict(user, action).select_related("organisation")


def employees(user: Any, action: str = "view") -> QuerySet[Employee]:
    return Employee.objects.restrict(user, action)


def organisations(user: Any, action: str = "view") -> QuerySet[Organisation]:
    return Organisation.objects.restrict(user, action)


def employee_of(user: Any) -> Employee | None:
    return Employee.objects.filter(user=user).first() if user.is_authenticated else None


def own_appraisals(employee: Employee) -> list[Appraisal]:
    return list(Appraisal.objects.filter(employee=employee).order_by("-year"))


def _depth(path: str) -> int:
    return len([x for x in path.split("/") if x])


def requirement_at(
    path: str, year: int, known: Iterable[AppraisalRequirement] | None = None
) -> AppraisalRequirement | None:
    """The requirement in force in ``year`` for the organisation at ``path``: the nearest
    organisation up the tree (itself included) that has one begun by then; within it, the
    latest begun. ``known``: the requirements to choose from (all of them by default)."""
    if known is None:
        known = AppraisalRequirement.objects.filter(from_year__lte=year).select_related(
            "organisation"
        )
    best: AppraisalRequirement | None = None
    for req in known:
        if req.from_year > year or not path.startswith(req.organisation.path):
            continue
        key = (_depth(req.organisation.path), req.from_year)
        if best is None or key > (_depth(best.organisation.path), best.from_year):
            best = req
    return best


def minimum_label(minimum: str) -> str:
    return str(Result(minimum).label)


def ineligible_for(fund: Any, employee_ids: list[int]) -> dict[int, str]:
    """Pay's eligibility hook: of ``employee_ids`` counted in ``fund``, those under a body
    that requires an appraisal (for the year the fund's KPI period ends) and whose appraisal
    for that year is missing or below the body's minimum, each with why."""
    year = fund.period.end.year
    known = [
        r
        for r in AppraisalRequirement.objects.filter(from_year__lte=year).select_related(
            "organisation"
        )
        if fund.organisation.path.startswith(r.organisation.path)
        or r.organisation.path.startswith(fund.organisation.path)
    ]
    if not known:
        return {}
    out: dict[int, str] = {}
    for first in range(0, len(employee_ids), CHUNK):
        chunk = employee_ids[first : first + CHUNK]
        counted: Any = counted_within(Employee.objects.filter(pk__in=chunk), fund.organisation.path)
        paths = dict(counted.values_list("id", "_counts_at"))
        results = dict(
            Appraisal.objects.filter(employee_id__in=chunk, year=year).values_list(
                "employee_id", "result"
            )
        )
        for eid in chunk:
            path = paths.get(eid)  # None: not counted in the fund (pay never asks)
            req = requirement_at(path, year, known) if path is not None else None
            if req is None:
                continue
            result = results.get(eid)
            params = {
                "year": year,
                "org": req.organisation.display_name,
                "minimum": minimum_label(req.minimum),
            }
            if result is None:
                out[eid] = (
                    _("Not assessed for %(year)s; %(org)s requires at least “%(minimum)s”.")
                    % params
                )
            elif not meets(result, req.minimum):
                out[eid] = _(
                    "Assessed “%(result)s” for %(year)s; %(org)s requires at least “%(minimum)s”."
                ) % {**params, "result": minimum_label(result)}
    return out
