"""Reads: a person's standard and gaps, and what a user may see of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cadre.assessments.models import Proficiency
from cadre.competencies.choices import StandardStatus
from cadre.competencies.models import Competency, ProfileVersion, Requirement
from cadre.people.choices import AssignmentKind
from cadre.people.models import Assignment, Employee


def standard_of(employee: Employee) -> ProfileVersion | None:
    """The standard version in force for the person's current main post, if any."""
    assignment = (
        Assignment.objects.filter(
            employee=employee, kind=AssignmentKind.MAIN, end_date__isnull=True
        )
        .select_related("post__standard_link")
        .first()
    )
    link = getattr(assignment.post, "standard_link", None) if assignment else None
    if link is None:
        return None
    return (
        ProfileVersion.objects.select_related("profile")
        .filter(profile_id=link.profile_id, status=StandardStatus.IN_FORCE)
        .first()
    )


@dataclass(frozen=True)
class Gap:
    competency: Competency
    required: int
    weight: int
    current: int | None

    @property
    def shortfall(self) -> int:
        return max(0, self.required - (self.current or 0))


def person_gaps(employee: Employee) -> tuple[ProfileVersion | None, list[Gap]]:
    """Required against current level in each competency of the person's standard."""
    version = standard_of(employee)
    if version is None:
        return None, []
    requirements = list(
        Requirement.objects.filter(profile_version=version)
        .select_related("competency__framework")
        .order_by("competency__framework__code", "competency__position")
    )
    levels = {
        (p.framework_id, p.code): p.level
        for p in Proficiency.objects.filter(
            employee=employee, code__in=[r.competency.code for r in requirements]
        )
    }
    return version, [
        Gap(
            competency=r.competency,
            required=r.level,
            weight=r.weight,
            current=levels.get((r.competency.framework_id, r.competency.code)),
        )
        for r in requirements
    ]


def weighted_fit(gaps: list[Gap]) -> float | None:
    """How far the person meets the standard: Σ weight·min(current, required)/required over
    Σ weight, from 0 to 1."""
    total = sum(g.weight for g in gaps)
    if not total:
        return None
    return sum(g.weight * min(g.current or 0, g.required) / g.required for g in gaps) / total


def employee_for_user(user: Any) -> Employee | None:
    return Employee.objects.filter(user=user).select_related("organisation").first()
