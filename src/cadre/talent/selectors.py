"""Reads of the talent reserve, limited to what the caller may see: entries, vacancies and
matches; the reserve as a matrix of levels (built once per change of the reserve or of the
proficiencies, then kept in the process) and a vacancy's requirements."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.db.models import Count, Max, Q, QuerySet

from cadre.accounts.models import User
from cadre.assessments.models import Proficiency
from cadre.competencies.choices import StandardStatus
from cadre.competencies.models import ProfilePost, ProfileVersion, Requirement
from cadre.core.choices import Role
from cadre.core.fields import path_ids, subtree_q
from cadre.core.scoping import reach_for
from cadre.orgs.models import Organisation, Post
from cadre.people.models import Employee
from cadre.talent.choices import EntryStatus, MatchStatus, VacancyStatus
from cadre.talent.models import Match, ReserveEntry, Vacancy
from cadre.talent.scoring import NONE, ReserveMatrix, Target, day_number


def entries(user: Any, action: str = "view") -> QuerySet[ReserveEntry]:
    return ReserveEntry.objects.restrict(user, action).select_related(
        "employee", "candidate", "organisation", "region"
    )


def vacancies(user: Any, action: str = "view") -> QuerySet[Vacancy]:
    return Vacancy.objects.restrict(user, action).select_related(
        "post", "organisation", "standard__profile", "filled_by"
    )


def matches(user: Any, action: str = "view") -> QuerySet[Match]:
    return Match.objects.restrict(user, action).select_related(
        "vacancy__post",
        "vacancy__organisation",
        "entry__employee",
        "entry__candidate",
        "entry__organisation",
    )


def expiring(user: Any, *, today: dt.date, days: int) -> QuerySet[ReserveEntry]:
    """Active entries of the user's scope that expire within ``days``."""
    return ReserveEntry.objects.restrict(user, "change").filter(
        status=EntryStatus.ACTIVE,
        expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=days),
    )


def to_review(user: Any) -> QuerySet[Match]:
    """Proposed matches the user may decide on."""
    return Match.objects.restrict(user, "change").filter(
        status=MatchStatus.PROPOSED, vacancy__status=VacancyStatus.OPEN
    )


def requirements_of(standard_id: int | None) -> tuple[tuple[str, int, int], ...]:
    """``(code, level, weight)`` of a standard version's requirements, by code."""
    if standard_id is None:
        return ()
    rows = Requirement.objects.filter(profile_version_id=standard_id).values_list(
        "competency__code", "level", "weight"
    )
    return tuple(sorted((c, int(lv), int(w)) for c, lv, w in rows))


def target_of(vacancy: Vacancy) -> Target:
    return Target(
        post_group=vacancy.post.category,
        path_ids=tuple(path_ids(vacancy.organisation.path)),
        requirements=requirements_of(vacancy.standard_id),
    )


def targets_of(vacancies: list[Vacancy]) -> list[Target]:
    """``target_of`` each vacancy, reading each standard's requirements once."""
    wanted = {v.standard_id for v in vacancies if v.standard_id is not None}
    by_standard: dict[int, list[tuple[str, int, int]]] = {}
    for version, code, level, weight in Requirement.objects.filter(
        profile_version_id__in=wanted
    ).values_list("profile_version_id", "competency__code", "level", "weight"):
        by_standard.setdefault(version, []).append((code, int(level), int(weight)))
    return [
        Target(
            post_group=v.post.category,
            path_ids=tuple(path_ids(v.organisation.path)),
            requirements=tuple(sorted(by_standard.get(v.standard_id or 0, []))),
        )
        for v in vacancies
    ]


def target_standard(entry: ReserveEntry) -> ProfileVersion | None:
    """The standard in force most used by the posts of the entry's group in its body (the
    whole country for a national entry): what a development plan aims at."""
    links = ProfilePost.objects.filter(post__category=entry.post_group)
    if entry.organisation is not None:
        links = links.filter(post__organisation__path__startswith=entry.organisation.path)
    top = (
        links.values("profile_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "profile_id")
        .values_list("profile_id", flat=True)
        .first()
    )
    if top is None:
        return None
    return (
        ProfileVersion.objects.select_related("profile")
        .filter(profile_id=top, status=StandardStatus.IN_FORCE)
        .first()
    )


def levels_of(entry: ReserveEntry) -> dict[str, int]:
    """The member's levels: what the source measured, overridden by the employee's
    proficiency where there is one."""
    levels = {str(k): int(v) for k, v in (entry.levels or {}).items()}
    if entry.employee_id is not None:
        levels.update(
            Proficiency.objects.filter(employee_id=entry.employee_id).values_list("code", "level")
        )
    return levels


# --- the reserve as a matrix ------------------------------------------------------------

_CACHE: dict[str, Any] = {}


def _stamp() -> tuple[Any, ...]:
    entries_now = ReserveEntry.objects.filter(status=EntryStatus.ACTIVE).aggregate(
        n=Count("pk"), at=Max("updated_at")
    )
    proficiency_at = Proficiency.objects.aggregate(at=Max("computed_at"))["at"]
    return (entries_now["n"], entries_now["at"], proficiency_at)


def reserve_matrix() -> ReserveMatrix:
    """Every active entry as a row of a ``ReserveMatrix``; read again from the database only
    when an entry or a proficiency changed since (two aggregate queries tell)."""
    stamp = _stamp()
    if _CACHE.get("stamp") == stamp:
        matrix: ReserveMatrix = _CACHE["matrix"]
        return matrix
    matrix = build_matrix()
    _CACHE.update(stamp=stamp, matrix=matrix)
    return matrix


def forget_matrix() -> None:
    _CACHE.clear()


def build_matrix() -> ReserveMatrix:
    active = ReserveEntry.objects.filter(status=EntryStatus.ACTIVE).order_by("pk")
    rows = list(
        active.values_list(
            "pk",
            "post_group",
            "organisation_id",
            "region_id",
            "relocation",
            "started_on",
            "expires_on",
            "employee_id",
            "levels",
            "organisation__path",
            "employee__organisation__path",
        )
    )
    proficiency: dict[int, list[tuple[str, int]]] = {}
    for employee_id, code, level in Proficiency.objects.filter(
        employee_id__in=active.filter(employee__isnull=False).values("employee_id")
    ).values_list("employee_id", "code", "level"):
        proficiency.setdefault(employee_id, []).append((code, level))
    codes: dict[str, int] = {}
    groups: dict[str, int] = {}
    cells: list[tuple[int, int, int]] = []
    for i, row in enumerate(rows):
        merged = dict(row[8] or {})
        merged.update(proficiency.get(row[7], ()) if row[7] else ())
        for code, level in merged.items():
            cells.append((i, codes.setdefault(str(code), len(codes)), int(level)))
        groups.setdefault(row[1], len(groups))
    levels = np.zeros((len(rows), max(len(codes), 1)), dtype=np.float32)
    if cells:
        where = np.array(cells, dtype=np.int64)
        levels[where[:, 0], where[:, 1]] = where[:, 2]

    def column(index: int, dtype: Any, empty: Any = NONE) -> Any:
        return np.array([empty if r[index] is None else r[index] for r in rows], dtype=dtype)

    return ReserveMatrix(
        ids=column(0, np.int64),
        groups=np.array([groups[r[1]] for r in rows], dtype=np.int32),
        organisations=column(2, np.int64),
        regions=column(3, np.int64),
        relocation=column(4, np.bool_),
        started=np.array([day_number(r[5]) for r in rows], dtype=np.int32),
        expires=np.array([day_number(r[6]) for r in rows], dtype=np.int32),
        levels=levels,
        scope_paths=np.array([r[9] or r[10] or "" for r in rows], dtype=str),
        codes=codes,
        group_codes=groups,
    )


def visible_rows(matrix: ReserveMatrix, user: Any) -> Any:
    """A mask of the rows ``user`` may see (``None``: all), by where each entry is kept."""
    reach = reach_for(user, ReserveEntry, "view")
    if reach.everything:
        return None
    mask = np.zeros(len(matrix), dtype=bool)
    for path in reach.paths:
        mask |= np.char.startswith(matrix.scope_paths, path)
    return mask


def open_vacancies(user: Any, *, within: Any = None) -> QuerySet[Vacancy]:
    """The open vacancies the user may fill, under ``within`` (an organisation) if given."""
    qs = vacancies(user, "change").filter(status=VacancyStatus.OPEN)
    if within is not None:
        qs = qs.filter(organisation__path__startswith=within.path)
    return qs.order_by("pk")


def nominated(entry_ids: list[int], today: dt.date) -> set[int]:
    """Of these entries, those nominated for a vacancy (an accepted match in force)."""
    return set(
        Match.objects.filter(
            Q(nominated_until__gte=today) | Q(nominated_until__isnull=True),
            entry_id__in=entry_ids,
            status=MatchStatus.ACCEPTED,
            vacancy__status=VacancyStatus.OPEN,
        ).values_list("entry_id", flat=True)
    )


# --- unscoped querysets that scoped pickers and fields restrict per request -------------


def all_employees() -> QuerySet[Employee]:
    return Employee.objects.all()


def all_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.all()


def all_posts() -> QuerySet[Post]:
    return Post.objects.all()


def all_entries() -> QuerySet[ReserveEntry]:
    return ReserveEntry.objects.all()


def no_users() -> QuerySet[User]:
    return User.objects.none()


def candidates(user: Any) -> QuerySet[User]:
    """Accounts of external candidates ``user`` may put in the reserve or appoint: those whose
    account the user sees, and those who applied to a contest or a competition whose
    entries the user sees (``hooks``); not every candidate in the country."""
    from cadre.talent.hooks import candidate_sources

    met = Q(pk__in=User.objects.restrict(user, "view").values("pk"))
    for source in candidate_sources:
        met |= Q(pk__in=source(user))
    return User.objects.filter(met, role_assignments__role=Role.EXTERNAL_CANDIDATE).distinct()


def employees(user: Any) -> QuerySet[Employee]:
    return Employee.objects.restrict(user, "view")


def organisations(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.restrict(user, "view")


def proposed_entry_ids(vacancy: Vacancy) -> set[int]:
    """The entries proposed (or decided) for ``vacancy``."""
    return set(Match.objects.filter(vacancy=vacancy).values_list("entry_id", flat=True))


def vacancy_history(path: str, first_year: int) -> list[tuple[int, dt.date, dt.date | None, str]]:
    """Every vacancy of the subtree at ``path`` opened or closed since ``first_year``:
    ``(post id, opened on, closed on, status)`` — the workforce forecast's vacancy history
    (counts only; no scope check: the caller has checked the subtree)."""
    since = dt.date(first_year, 1, 1)
    return list(
        Vacancy.objects.filter(subtree_q("organisation__path", path))
        .filter(Q(opened_on__gte=since) | Q(closed_on__gte=since))
        .values_list("post_id", "opened_on", "closed_on", "status")
    )


def reserve_pool(path: str, on: dt.date) -> list[str]:
    """The post group of every active entry of the reserve of the subtree at ``path`` in
    force on ``on``: the body's reserve, a national entry of someone kept in it, or an
    external candidate's national entry who prefers a region in it (counts only)."""
    return list(
        ReserveEntry.objects.filter(status=EntryStatus.ACTIVE, expires_on__gte=on)
        .filter(
            subtree_q("organisation__path", path)
            | (Q(organisation__isnull=True) & subtree_q("employee__organisation__path", path))
            | (
                Q(organisation__isnull=True, employee__isnull=True)
                & subtree_q("region__path", path)
            )
        )
        .values_list("post_group", flat=True)
    )
