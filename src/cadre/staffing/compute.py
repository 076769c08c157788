"""A scenario's data read in bulk from its copied lines, the cut (``engine``) and the
figures it leaves: units and payroll saved, people affected, functions left without a
holder, required competencies below their minimum or with one holder, the training that
would cover them (the learning plans' choice of course) and the training targets hit."""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q

from cadre.assessments.models import Proficiency
from cadre.competencies.choices import StandardStatus
from cadre.competencies.models import Competency, ProfilePost, Requirement
from cadre.core.fields import subtree_q
from cadre.core.translated import pick
from cadre.learning.choices import TargetKind
from cadre.learning.models import TrainingTarget
from cadre.learning.plans import _best_course as best_course
from cadre.people.choices import AssignmentKind
from cadre.people.models import Assignment, current_q
from cadre.staffing import engine
from cadre.staffing.choices import ScenarioMode
from cadre.staffing.models import Scenario, ScenarioLine

PEOPLE_LISTED = 1000


def _required(post_ids: set[int]) -> list[tuple[int, str, int]]:
    """The competencies the standards in force of ``post_ids`` (the scenario's posts)
    require, each with the lowest level any of them requires (meeting one standard
    qualifies a holder). The posts with a standard in force are read whole and matched
    here: joined to a scenario's fresh lines, the planner, with no statistics of them yet,
    looked each of 150,000 posts up one by one."""
    in_force = StandardStatus.IN_FORCE
    linked = fetch(
        ProfilePost.objects.filter(profile__versions__status=in_force).values_list(
            "post_id", "profile_id"
        )
    )
    profiles = {profile for post, profile in linked if post in post_ids}
    if not profiles:
        return []
    rows = Requirement.objects.filter(
        profile_version__status=in_force, profile_version__profile_id__in=profiles
    ).values_list("competency__framework_id", "competency__code", "level")
    lowest: dict[tuple[int, str], int] = {}
    for fw, code, level in rows:
        lowest[(fw, code)] = min(level, lowest.get((fw, code), level))
    return sorted((fw, code, level) for (fw, code), level in lowest.items())


def fetch(qs: Any) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` query set fetched by the cursor in one go: a million
    rows without building Django's row objects (plain values, no converters)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def load(scenario: Scenario) -> tuple[engine.Problem, dict[str, Any]]:
    """The engine's problem for the scenario, and what the figures need besides."""
    rows = fetch(
        ScenarioLine.objects.filter(scenario=scenario).values_list(
            "id",
            "post_id",
            "units",
            "pay_minor",
            "currency",
            "is_critical",
            "is_digital_lead",
            "functions",
        )
    )
    # The functions as stored (JSON text): parsed once per distinct list, not per line.
    parsed: dict[str | bytes, tuple[str, ...]] = {}
    in_subtree = subtree_q("post__organisation__path", scenario.organisation.path)
    posted = Assignment.objects.filter(current_q(), in_subtree, kind=AssignmentKind.MAIN)
    people_of: dict[int, list[int]] = defaultdict(list)
    # Last appointed first: the order the rule-based cut takes people in.
    latest_first = posted.order_by("-start_date", "-id").values_list("post_id", "employee_id")
    for post_id, employee_id in fetch(latest_first):
        people_of[post_id].append(employee_id)
    chosen = set(scenario.functions or [])
    lines = []
    currency_of: dict[int, str] = {}
    for pk, post_id, units, pay, currency, critical, lead, stored in rows:
        functions: tuple[str, ...]
        if not isinstance(stored, str | bytes):  # a driver that parses JSON itself
            functions = tuple(stored or ())
        elif stored in parsed:
            functions = parsed[stored]
        else:
            functions = parsed[stored] = tuple(json.loads(stored) or ())
        eligible = not (scenario.protect_critical and critical)
        eligible = eligible and not (scenario.protect_digital_leads and lead)
        if chosen:
            eligible = eligible and bool(chosen & set(functions))
        lines.append(
            engine.Line(
                id=pk,
                quarters=int(units * 4),
                pay_minor=pay,
                eligible=eligible,
                people=people_of.get(post_id, []),
                functions=functions,
            )
        )
        currency_of[pk] = currency
    required = _required({line_post for _pk, line_post, *_rest in rows})
    index = {(fw, code): k for k, (fw, code, _lvl) in enumerate(required)}
    need = [lvl for _fw, _code, lvl in required]
    signatures: dict[int, list[int]] = defaultdict(list)
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    if required:
        held = Proficiency.objects.filter(
            framework_id__in={fw for fw, _c, _l in required},
            code__in={code for _f, code, _l in required},
        )
        posted_people: set[int] | None = None
        if scenario.organisation.parent_id is None:
            # A whole country: its people are nearly everyone, so the proficiencies are read
            # whole and matched to the people just read, rather than joined again to a
            # million assignments (0.75 s of 1.1 at 1,000,000 people).
            posted_people = {e for people in people_of.values() for e in people}
        else:
            held = held.filter(employee_id__in=posted.values("employee_id"))
        # Not in the model's order (by name): a join to every person and a sort.
        prof = fetch(held.order_by().values_list("employee_id", "framework_id", "code", "level"))
        for emp, fw, code, level in prof:
            k = index.get((fw, code))
            if k is not None and (posted_people is None or emp in posted_people):
                levels[emp][k] = level
                if level >= need[k]:
                    signatures[emp].append(k)
    total = sum(line.quarters for line in lines)
    if scenario.cut_units is not None:
        target = int(scenario.cut_units * 4)
    else:
        target = math.ceil(Decimal(total) * Decimal(scenario.cut_percent or 0) / 100)
    problem = engine.Problem(
        lines=lines,
        target=target,
        signatures={e: tuple(sorted(s)) for e, s in signatures.items()},
        minimum=[scenario.min_holders] * len(required),
        keep_coverage=scenario.keep_coverage,
        vacant_first=scenario.vacant_first,
    )
    return problem, {"required": required, "levels": levels, "currency_of": currency_of}


def run(scenario: Scenario, progress: Any = None) -> tuple[engine.Cut, engine.Problem, dict]:
    report = progress or (lambda *a: None)
    report(0, 3, "load")
    problem, extra = load(scenario)
    report(1, 3, "cut")
    started = time.perf_counter()
    if scenario.mode == ScenarioMode.OPTIMISE:
        cut = engine.optimised_cut(problem)
    else:
        cut = engine.rule_cut(problem)
    extra["seconds"] = round(time.perf_counter() - started, 3)
    report(2, 3, "figures")
    return cut, problem, extra


def _money(by_currency: dict[str, int]) -> dict[str, str]:
    return {c: str(Decimal(v) / 100) for c, v in sorted(by_currency.items())}


def figures(scenario: Scenario, cut: engine.Cut, problem: engine.Problem, extra: dict) -> dict:
    """The results stored on the scenario (JSON: amounts as decimal strings)."""
    lines = problem.lines
    total = sum(line.quarters for line in lines)
    saved = cut.total(lines)
    # Summed in quarter-minor units and rounded once, half up, not line by line.
    quarter_pay: dict[str, int] = defaultdict(int)
    for line in lines:
        q = cut.quarters(line)
        if q:
            quarter_pay[extra["currency_of"][line.id]] += line.pay_minor * q
    pay_saved = {cur: (v + 2) // 4 for cur, v in quarter_pay.items()}
    removed = cut.people()
    gone = set(removed)
    before = engine.holders(problem)
    after = list(before)
    for person in removed:
        for k in problem.signatures.get(person, ()):
            after[k] -= 1
    held_before: set[str] = set()
    held_after: set[str] = set()
    for line in lines:
        for f in line.functions:
            if line.people:
                held_before.add(f)
            if len(line.people) > len(cut.removed.get(line.id, ())):
                held_after.add(f)
    all_functions = {f for line in lines for f in line.functions}
    required = extra["required"]
    names = _names(required)
    competencies = []
    training_people = training_hours = 0
    training_cost: dict[str, int] = defaultdict(int)
    for k, (fw, code, level) in enumerate(required):
        minimum = problem.minimum[k]
        below = after[k] < minimum
        single = after[k] == 1
        if not (below or single or after[k] != before[k]):
            continue
        needed = (minimum - after[k]) if below else (1 if single else 0)
        course = best_course(fw, code, level) if needed else None
        row: dict[str, Any] = {
            "competency": code,
            "framework": fw,
            "name": names.get((fw, code), code),
            "level": level,
            "minimum": minimum,
            "before": before[k],
            "after": after[k],
            "below_minimum": below,
            "newly_below": below and before[k] >= minimum,
            "single_holder": single,
            "training_needed": needed,
            "course": None,
        }
        if course is not None:
            row["course"] = {
                "code": course.code,
                "title": str(course),
                "hours": course.hours,
                "cost": str(course.cost),
                "currency": course.currency,
            }
            training_people += needed
            training_hours += needed * course.hours
            training_cost[course.currency] += needed * int(course.cost * 100)
        competencies.append(row)
    return {
        "mode": scenario.mode,
        "solver": cut.solver,
        "seconds": extra["seconds"],
        "reached": cut.reached,
        "units_before": str(Decimal(total) / 4),
        "units_target": str(Decimal(problem.target) / 4),
        "units_saved": str(Decimal(saved) / 4),
        "percent_saved": round(100 * saved / total, 2) if total else 0,
        "payroll_saved": _money(pay_saved),
        "people_affected": len(removed),
        "people": sorted(removed)[:PEOPLE_LISTED],
        "functions_unheld": sorted(all_functions - held_after),
        "functions_lost": sorted(held_before - held_after),
        "competencies": competencies,
        "below_minimum": sum(1 for r in competencies if r["below_minimum"]),
        "lost": [r["competency"] for r in competencies if r["newly_below"]],
        "single_holder": sum(1 for r in competencies if r["single_holder"]),
        "training": {
            "people": training_people,
            "hours": training_hours,
            "cost": _money(training_cost),
        },
        "targets": _targets(scenario, required, extra["levels"], gone),
    }


def _names(required: list[tuple[int, str, int]]) -> dict[tuple[int, str], str]:
    if not required:
        return {}
    q = Q()
    for fw, code, _lvl in required:
        q |= Q(framework_id=fw, code=code)
    out = {}
    for c in Competency.objects.filter(q).order_by("version_id"):
        out[(c.framework_id, c.code)] = pick(c.names) or c.code
    return out


def _targets(
    scenario: Scenario, required: list[tuple[int, str, int]], levels: dict, gone: set[int]
) -> list[dict[str, Any]]:
    """Competency targets of the subtree (or set above it) on a required competency whose
    counted people the cut removes."""
    if not gone or not required:
        return []
    index = {(fw, code): k for k, (fw, code, _l) in enumerate(required)}
    path = scenario.organisation.path
    above = _ancestors(path)
    out = []
    for t in TrainingTarget.objects.filter(
        Q(organisation__path__in=above) | subtree_q("organisation__path", path),
        kind=TargetKind.COMPETENCY,
    ).order_by("id"):
        k = index.get((t.framework_id, t.code))
        if k is None:
            continue
        lost = sum(1 for p in gone if levels.get(p, {}).get(k, 0) >= (t.level or 0))
        if lost:
            out.append({"id": t.pk, "title": t.title, "people_lost": lost})
    return out


def _ancestors(path: str) -> list[str]:
    ids = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(ids[:i]) + "/" for i in range(1, len(ids))]
