"""A reserve member's development plan: the gaps against the standard of the target post
group (``selectors.target_standard``) and, for each, the shortest course of the learning
catalogue that builds the competency to the required level.

Learning's own plan (``learning.plans.plan_generate``) plans against the person's *current*
post's standard and stores a plan for employees only; the reserve aims at another post and
holds external candidates too, so it shows the plan here, read from learning's course
outcomes, rather than storing a learning plan (decision 0030)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cadre.competencies.models import ProfileVersion, Requirement
from cadre.learning.models import Course, CourseOutcome
from cadre.talent import selectors
from cadre.talent.models import ReserveEntry


@dataclass
class Step:
    code: str
    name: Any
    required: int
    current: int
    course: Course | None


@dataclass
class DevelopmentPlan:
    standard: ProfileVersion | None
    steps: list[Step]


def development_plan(entry: ReserveEntry) -> DevelopmentPlan:
    standard = selectors.target_standard(entry)
    if standard is None:
        return DevelopmentPlan(None, [])
    levels = selectors.levels_of(entry)
    requirements = (
        Requirement.objects.filter(profile_version=standard)
        .select_related("competency")
        .order_by("-weight", "competency__code")
    )
    short = [r for r in requirements if levels.get(r.competency.code, 0) < r.level]
    outcomes = (
        CourseOutcome.objects.filter(competency_id__in=[r.competency_id for r in short])
        .select_related("course")
        .order_by("course__hours", "course__cost", "course__code")
    )
    best: dict[int, list[CourseOutcome]] = {}
    for outcome in outcomes:
        best.setdefault(outcome.competency_id, []).append(outcome)
    steps = []
    for r in short:
        course = next((o.course for o in best.get(r.competency_id, []) if o.level >= r.level), None)
        steps.append(
            Step(
                code=r.competency.code,
                name=r.competency,
                required=r.level,
                current=levels.get(r.competency.code, 0),
                course=course,
            )
        )
    return DevelopmentPlan(standard, steps)
