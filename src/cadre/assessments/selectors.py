"""Reads: a person's standard and gaps, and what a user may see of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from cadre.accounts.roles import can
from cadre.assessments import gaps as gap_batch
from cadre.assessments.models import GapCell, Proficiency, Question
from cadre.competencies.choices import StandardStatus, VersionStatus
from cadre.competencies.models import Competency, Framework, ProfileVersion, Requirement
from cadre.core.access import access
from cadre.core.fields import path_ids
from cadre.orgs.models import Organisation
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


# --- the gap heat map and the people behind a cell -------------------------------------


def gap_roots(user: Any) -> list[Organisation]:
    """The highest organisations whose gap cells the user may see (none: no heat map)."""
    visible = Organisation.objects.restrict(user, "view")
    if not can(user, "assessments.gapcell", "view"):
        return []
    tops = visible.filter(parent__isnull=True)
    if tops.exists():
        return list(tops.order_by("name"))
    shallowest = visible.order_by("depth").values_list("depth", flat=True).first()
    return list(visible.filter(depth=shallowest).order_by("name")) if shallowest is not None else []


@dataclass
class HeatMap:
    """What the heat map shows: a column per organisation under ``node`` (or the user's
    roots), a row per competency of ``framework``, the precomputed cells by
    ``(organisation id, code)``."""

    node: Organisation | None
    columns: list[Organisation]
    frameworks: list[Framework]
    framework: Framework | None
    competencies: list[Competency]
    cells: dict[tuple[int, str], GapCell]


def heat_map(
    *, user: Any, roots: list[Organisation], within: str | None, framework: str | None
) -> HeatMap:
    """The heat map ``user`` may see under the organisation ``within`` (an id as typed: one
    the user does not see, or not an id, is not found — ``Http404``), for the framework
    ``framework`` (an id; the first framework otherwise). Rows and cells are scoped."""
    node = None
    if within:
        node = (
            Organisation.objects.restrict(user, "view")
            .filter(pk=within if within.isdigit() else 0)
            .first()
        )
        if node is None:
            raise Http404
    frameworks = list(Framework.objects.order_by("code"))
    chosen = next(
        (f for f in frameworks if str(f.pk) == framework),
        frameworks[0] if frameworks else None,
    )
    columns = (
        list(Organisation.objects.restrict(user, "view").filter(parent=node).order_by("name"))
        if node is not None
        else roots
    )
    if node is not None and not columns:
        columns = [node]
    competencies = (
        list(
            Competency.objects.filter(
                framework=chosen,
                version__status=VersionStatus.PUBLISHED,
                is_category=False,
            ).order_by("position")
        )
        if chosen
        else []
    )
    cells = (
        {
            (c.organisation_id, c.code): c
            for c in GapCell.objects.restrict(user, "view").filter(
                organisation__in=columns, framework=chosen
            )
        }
        if chosen
        else {}
    )
    return HeatMap(
        node=node,
        columns=columns,
        frameworks=frameworks,
        framework=chosen,
        competencies=competencies,
        cells=cells,
    )


def heat_map_trail(*, user: Any, node: Organisation) -> list[Organisation]:
    """The organisations from the top down to ``node`` that ``user`` sees."""
    ids = path_ids(node.path)
    by_id = Organisation.objects.restrict(user, "view").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class GapPeople:
    organisation: Organisation
    competency: Competency
    # (employee, required level, current level), largest shortfall first
    people: list[tuple[Employee, int, int]]
    truncated: bool


def gap_people(*, user: Any, within: str, framework: str, code: str, limit: int) -> GapPeople:
    """The people behind one heat-map cell that ``user`` sees: in the subtree of the
    organisation ``within``, below the required level of competency ``code`` of framework
    ``framework`` (ids as typed). A malformed, missing or out-of-scope value: ``Http404``."""
    if not (within.isdigit() and framework.isdigit() and code):
        raise Http404
    organisation = access(Organisation, user, within)
    competency = (
        Competency.objects.filter(framework_id=framework, code=code)
        .order_by("-version__number")
        .first()
    )
    if competency is None:
        raise Http404
    found = gap_batch.people_below(
        organisation=organisation, framework_id=int(framework), code=code, limit=limit
    )
    visible = (
        Employee.objects.restrict(user, "view")
        .select_related("organisation")
        .in_bulk([pk for pk, _r, _c in found])
    )
    return GapPeople(
        organisation=organisation,
        competency=competency,
        people=[(visible[pk], req, cur) for pk, req, cur in found if pk in visible],
        truncated=len(found) >= limit,
    )


@dataclass(frozen=True)
class SittingResult:
    """A person's last submitted sitting of a test: correct answers overall, and by section
    (``section``, ``title``, ``correct``, ``of``, ``pass_mark``, ``passed``)."""

    attempt: int
    correct: int
    passed: bool
    sections: list[dict[str, Any]]


def sitting_results(test_id: int, employee_ids: list[int], since: Any) -> dict[int, SittingResult]:
    """The last submitted attempt at ``test_id`` of each of these people, submitted at or
    after ``since`` (a competition reads its candidates' results through this)."""
    from cadre.assessments.choices import AttemptStatus
    from cadre.assessments.models import Attempt

    out: dict[int, SittingResult] = {}
    rows = (
        Attempt.objects.filter(
            test_id=test_id,
            employee_id__in=employee_ids,
            status=AttemptStatus.SUBMITTED,
            submitted_at__gte=since,
        )
        .order_by("employee_id", "submitted_at", "pk")
        .values_list("employee_id", "pk", "correct", "passed", "sections")
    )
    for employee_id, pk, correct, passed, sections in rows:
        out[employee_id] = SittingResult(pk, correct or 0, bool(passed), list(sections or []))
    return out


def attempt_questions(attempt: Any) -> dict[int, Question]:
    """The questions drawn for an attempt (one the caller has already been given), by id."""
    return Question.objects.in_bulk([q for part in attempt.draw for q in part["questions"]])


def requirements_met_of(organisation_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per organisation subtree, over its stored gap cells of every framework: the people's
    requirements met and the requirements counted, ``(Σ (people − below), Σ people)`` —
    analytics' share of standards met (decision 0037). A system read."""
    from django.db.models import F, Sum

    out: dict[int, tuple[int, int]] = {}
    for start in range(0, len(organisation_ids), 10_000):
        rows = (
            GapCell.objects.filter(organisation_id__in=organisation_ids[start : start + 10_000])
            .order_by()
            .values_list("organisation_id")
            .annotate(met=Sum(F("people") - F("below")), required=Sum("people"))
        )
        out.update({pk: (int(met or 0), int(req or 0)) for pk, met, req in rows})
    return out


def gap_summary(user: Any, organisation: Organisation, limit: int = 10) -> list[GapCell]:
    """The competencies with the most people below the required level in the stored gap
    cells of ``organisation``'s subtree, as far as ``user`` may see them (analytics)."""
    if not can(user, "assessments.gapcell", "view"):
        return []
    return list(
        GapCell.objects.restrict(user, "view")
        .filter(organisation=organisation, below__gt=0)
        .select_related("framework")
        .order_by("-below", "code")[:limit]
    )
