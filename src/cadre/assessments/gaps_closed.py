"""The KPI measure ``assessments.gaps_closed``: the share of standard gaps closed in a period
(``docs/pay.md``, "Measures").

For a person, or the people counted in an organisation's subtree at the period's end, over
the period ``start``–``end`` (both included):

- the **standard** is the version in force of the position standard of the person's main
  post in force at the period's end (or today while it runs) — standard versions are not
  kept by date, so the requirements are those of the version in force when it is measured;
- a **gap open at the start** is a requirement above the person's level before ``start``:
  the level the proficiency rule (``proficiency.py``) gives from the evidence observed
  before ``start`` (no evidence: no level, counted as 0);
- it is **closed** when the level by the rule from the evidence observed up to the end of
  ``end`` reaches the requirement: evidence dated after the period does not count, and a
  level that fell back (a later, lower result) is not closed;
- the value is ``closed / open × 100`` (per cent, 2 places, halves up); no gap open at the
  start: no value. The rows are the evidence observed in the period in those gaps.

The levels are replayed from the evidence (each row is dated), never read from the current
``Proficiency``, so that the figure of a past period does not move.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from cadre.assessments.models import Evidence
from cadre.assessments.proficiency import combine
from cadre.competencies.choices import StandardStatus
from cadre.competencies.models import ProfilePost, Requirement
from cadre.core.measures import MeasureResult, as_of
from cadre.people.choices import AssignmentKind
from cadre.people.models import Assignment, Employee, current_q

MODEL = "assessments.evidence"
Key = tuple[int, str]  # (framework, competency code)


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _requirements(employee_ids: list[int], day: dt.date) -> dict[int, dict[Key, int]]:
    """Each person's required levels: the standard in force of their main post on ``day``."""
    assignments = (
        Assignment.objects.filter(
            current_q(on=day), employee_id__in=employee_ids, kind=AssignmentKind.MAIN
        )
        .order_by("employee_id", "start_date", "pk")
        .values_list("employee_id", "post_id")
    )
    # Ordered oldest first: the latest main post wins, as in ``counts_at``.
    posts: dict[int, int] = dict(assignments)
    profiles = dict(
        ProfilePost.objects.filter(post_id__in=set(posts.values())).values_list(
            "post_id", "profile_id"
        )
    )
    required: dict[int, dict[Key, int]] = defaultdict(dict)
    rows = Requirement.objects.filter(
        profile_version__status=StandardStatus.IN_FORCE,
        profile_version__profile_id__in=set(profiles.values()),
    ).values_list(
        "profile_version__profile_id", "competency__framework_id", "competency__code", "level"
    )
    for profile_id, framework_id, code, level in rows:
        required[profile_id][(framework_id, code)] = level
    return {
        e: required[profiles[post]]
        for e, post in posts.items()
        if post in profiles and required[profiles[post]]
    }


def _tallies(
    employee_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, tuple[int, int, list[int]]]:
    """Per person: gaps open at ``start``, how many closed by ``end``, the evidence rows of
    the period in those gaps."""
    required = _requirements(employee_ids, as_of(end))
    if not required:
        return {}
    begins, ends = _midnight(start), _midnight(end + dt.timedelta(days=1))
    max_age = dt.timedelta(days=settings.CADRE_PROFICIENCY_MAX_AGE_DAYS)
    at_start: dict[tuple[int, Key], dict[str, int]] = defaultdict(dict)
    at_end: dict[tuple[int, Key], dict[str, int]] = defaultdict(dict)
    in_period: dict[tuple[int, Key], list[int]] = defaultdict(list)
    evidence = (
        Evidence.objects.filter(
            employee_id__in=list(required),
            code__in={code for levels in required.values() for _f, code in levels},
            observed_at__gte=begins - max_age,
            observed_at__lt=ends,
        )
        .order_by("-observed_at", "-id")
        .values_list(
            "pk", "employee_id", "framework_id", "code", "instrument", "level", "observed_at"
        )
    )
    for pk, employee_id, framework_id, code, instrument, level, observed_at in evidence:
        key = (employee_id, (framework_id, code))
        if key[1] not in required[employee_id]:
            continue
        if observed_at >= ends - max_age:  # newest first: the first of an instrument counts
            at_end[key].setdefault(instrument, level)
        if observed_at < begins:
            at_start[key].setdefault(instrument, level)
        else:
            in_period[key].append(pk)
    out: dict[int, tuple[int, int, list[int]]] = {}
    for employee_id, levels in required.items():
        opened = closed = 0
        rows: list[int] = []
        for competency, level in levels.items():
            key = (employee_id, competency)
            if (combine(at_start.get(key, {})) or 0) >= level:
                continue
            opened += 1
            closed += (combine(at_end.get(key, {})) or 0) >= level
            rows += in_period.get(key, [])
        out[employee_id] = (opened, closed, rows)
    return out


def _result(opened: int, closed: int, rows: list[int]) -> MeasureResult:
    if not opened:
        return MeasureResult(None, MODEL)
    share = (Decimal(closed) * 100 / opened).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return MeasureResult(share, MODEL, tuple(sorted(rows)))


def gaps_closed(*, organisation: Any, employee: Any, start: dt.date, end: dt.date) -> MeasureResult:
    """The measure for one person, or for the people counted in the organisation's subtree
    at the period's end (their gaps added together)."""
    from cadre.people.selectors import employees_in

    if employee is not None:
        ids = [employee.pk]
    else:
        people = employees_in(Employee.objects.all(), organisation, as_of(end))
        ids = list(people.values_list("pk", flat=True))
    opened = closed = 0
    rows: list[int] = []
    for first in range(0, len(ids), 5000):
        for o, c, r in _tallies(ids[first : first + 5000], start, end).values():
            opened, closed, rows = opened + o, closed + c, rows + r
    return _result(opened, closed, rows)


def gaps_closed_many(
    *, employee_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, MeasureResult]:
    """``gaps_closed`` of each of these people, in four queries."""
    tallies = _tallies(employee_ids, start, end)
    return {pk: _result(*tallies.get(pk, (0, 0, []))) for pk in employee_ids}
