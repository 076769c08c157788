"""Reads of pay: the inputs of an allocation, loaded set-based (a handful of queries for
any number of people), and what other apps may read of pay."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Count, Exists, OuterRef, QuerySet

from cadre.kpi import selectors as kpi
from cadre.pay import extensions
from cadre.pay.allocation import Inputs, Parameters
from cadre.pay.models import Fund, Rule, Run, RunLine, Salary
from cadre.people.models import Assignment, Employee
from cadre.people.selectors import employees_in


def parameters_of(rule: Rule) -> Parameters:
    return Parameters(
        min_achievement=rule.min_achievement,
        min_months=rule.min_months,
        period_months=rule.period_months,
        target_share=rule.target_share,
        max_factor=rule.max_factor,
        cap_salaries=rule.cap_salaries,
        rounding_unit=rule.rounding_unit,
    )


def parameters_json(p: Parameters) -> dict[str, str | int]:
    return {
        "min_achievement": str(p.min_achievement),
        "min_months": str(p.min_months),
        "period_months": str(p.period_months),
        "target_share": str(p.target_share),
        "max_factor": str(p.max_factor),
        "cap_salaries": str(p.cap_salaries),
        "rounding_unit": int(p.rounding_unit),
    }


@dataclass
class Loaded:
    """A fund's inputs: the arrays for the engine and what the snapshot keeps besides."""

    inputs: Inputs
    organisation: dict[int, int]  # employee → organisation id
    body: dict[int, int]  # employee → the body (the fund's organisation's child) id
    achievement: dict[int, Any]  # employee → kpi Achievement
    currencies: dict[str, int]  # salary currency → people
    ineligible: dict[int, str]  # employee → why they may not be paid (extensions)


def people_of(fund: Fund) -> QuerySet[Employee]:
    """The people in service who count in the fund's subtree: where their main post is,
    whoever keeps their books (the same rule as KPIs and every figure, docs/registry.md)."""
    return employees_in(Employee.objects.filter(is_active=True), fund.organisation)


def salaries_at(employee_ids: list[int], day: dt.date) -> dict[int, tuple[int, str]]:
    """Each person's base monthly salary in force on ``day``: ``(minor units, currency)``."""
    out: dict[int, tuple[int, str]] = {}
    for start in range(0, len(employee_ids), 5000):
        chunk = employee_ids[start : start + 5000]
        rows = (
            Salary.objects.filter(employee_id__in=chunk, valid_from__lte=day)
            .order_by("employee_id", "valid_from")
            .values_list("employee_id", "amount", "currency")
        )
        for eid, amount, currency in rows:
            out[eid] = (amount, currency)  # the latest wins
    return out


def calendar_months(a: dt.date, b: dt.date) -> float:
    """The calendar months of the days ``a``..``b`` (inclusive): whole months count 1, a part
    of a month its days over the month's days (1 July–31 December is 6)."""
    dim_a = calendar.monthrange(a.year, a.month)[1]
    if (a.year, a.month) == (b.year, b.month):
        return (b.day - a.day + 1) / dim_a
    dim_b = calendar.monthrange(b.year, b.month)[1]
    between = (b.year - a.year) * 12 + b.month - a.month - 1
    return (dim_a - a.day + 1) / dim_a + between + b.day / dim_b


def months_of(period: Any) -> Decimal:
    """The calendar months of a KPI period (a quarter 3, a year 12), to 2 decimals."""
    return Decimal(f"{calendar_months(period.start, period.end):.2f}")


def months_in_post(
    employee_ids: list[int], start: dt.date, end: dt.date, cap: Decimal
) -> dict[int, float]:
    """Calendar months of ``[start, end]`` each person held a main post (2 decimals, at most
    ``cap``)."""
    covered: dict[int, float] = {}
    for first in range(0, len(employee_ids), 5000):
        chunk = employee_ids[first : first + 5000]
        rows = Assignment.objects.filter(
            employee_id__in=chunk, kind="main", start_date__lte=end
        ).values_list("employee_id", "start_date", "end_date")
        for eid, since, until in rows:
            a, b = max(since, start), min(until or end, end)
            if b >= a:
                covered[eid] = covered.get(eid, 0.0) + calendar_months(a, b)
    return {eid: round(min(n, float(cap)), 2) for eid, n in covered.items()}


def load(fund: Fund) -> Loaded:
    period = fund.period
    counted: Any = people_of(fund)  # annotated with where each person counts
    people = [
        (eid, int(path.rstrip("/").rsplit("/", 1)[-1]), path)
        for eid, path in counted.values_list("id", "_counts_at")
    ]
    ids = [p[0] for p in people]
    salaries = salaries_at(ids, period.end)
    achievements = kpi.achievements_for(period, ids)
    months = months_in_post(ids, period.start, period.end, fund.rule.period_months)
    ineligible = extensions.ineligible(fund, ids)
    depth = len([x for x in fund.organisation.path.split("/") if x])
    body: dict[int, int] = {}
    for eid, org_id, path in people:
        parts = [x for x in path.split("/") if x]
        body[eid] = int(parts[depth]) if len(parts) > depth else org_id
    currencies: dict[str, int] = {}
    for _amount, currency in salaries.values():
        currencies[currency] = currencies.get(currency, 0) + 1
    ach = np.array(
        [float(achievements[i].total) if i in achievements else np.nan for i in ids],
        dtype=np.float64,
    )
    inputs = Inputs(
        employee_id=np.array(ids, dtype=np.int64),
        salary=np.array(
            [salaries[i][0] if salaries.get(i, (0, ""))[1] == fund.currency else 0 for i in ids],
            dtype=np.int64,
        ),
        achievement=ach,
        months=np.array([months.get(i, 0.0) for i in ids], dtype=np.float64),
        eligible=np.array([i not in ineligible for i in ids], dtype=np.bool_),
    )
    return Loaded(
        inputs=inputs,
        organisation={p[0]: p[1] for p in people},
        body=body,
        achievement=achievements,
        currencies=currencies,
        ineligible=ineligible,
    )


def last_run(fund: Fund) -> Run | None:
    return fund.runs.order_by("-number").first()


def rule_used(rule: Rule) -> bool:
    return Run.objects.filter(fund__rule=rule).exists()


def line_of(run: Run, employee: Employee) -> RunLine | None:
    return run.lines.filter(employee=employee).first()


def run_visible(user: Any, pk: Any) -> Run | None:
    return Run.objects.restrict(user).filter(pk=pk).first()


def run_lines_for(user: Any, run: Run) -> QuerySet[RunLine]:
    """The lines of ``run`` the user may see (a head of unit: their people's), to page."""
    return (
        RunLine.objects.restrict(user)
        .filter(run=run)
        .select_related("employee", "organisation")
        .order_by("employee_id")
    )


def with_use(rules: QuerySet[Rule]) -> QuerySet[Rule]:
    """Rule versions with ``used`` (a run was made under it: it is never changed again) and
    ``funds_using`` (how many funds name it: it is not deleted while any does)."""
    return rules.annotate(
        used=Exists(Run.objects.filter(fund__rule=OuterRef("pk"))),
        funds_using=Count("funds", distinct=True),
    )


def rules(user: Any, action: str = "view") -> QuerySet[Rule]:
    """The rule versions ``user`` may pick (a body's fund may use the national ones)."""
    return Rule.objects.restrict(user, action).select_related("organisation")


def approved_lines_of(employee: Employee) -> list[RunLine]:
    return list(
        RunLine.objects.filter(employee=employee, run__state="approved")
        .select_related("run__fund__period")
        .order_by("-run_id")
    )


def approved_runs_under(user: Any, path: str, limit: int = 10) -> list[Run]:
    """The newest approved allocation runs of the bonus funds in the subtree at ``path``
    that ``user`` may see (pay data: only roles granted it), for analytics' dashboards."""
    from cadre.core.fields import subtree_q
    from cadre.pay.models import RunState

    return list(
        Run.objects.restrict(user, "view")
        .filter(subtree_q("fund__organisation__path", path), state=RunState.APPROVED)
        .select_related("fund", "fund__organisation")
        .order_by("-approved_at", "-pk")[:limit]
    )
