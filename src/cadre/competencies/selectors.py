"""Reads other apps make of the frameworks: the lists a form offers instead of typed codes."""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from cadre.competencies.choices import VersionStatus
from cadre.competencies.models import Competency, ProficiencyLevel


def competency_choices(codes: Any = None) -> list[tuple[str, str]]:
    """The competencies of the published frameworks as ``(FRAMEWORK:CODE, "FRAMEWORK:CODE
    name")``, by framework then position; ``codes``: only those codes."""
    leaves = (
        Competency.objects.filter(version__status=VersionStatus.PUBLISHED, is_category=False)
        .select_related("framework")
        .order_by("framework__code", "position", "pk")
    )
    if codes is not None:
        leaves = leaves.filter(code__in=codes)
    return [(f"{c.framework.code}:{c.code}", f"{c.framework.code}:{c}") for c in leaves]


def level_choices() -> list[tuple[int, str]]:
    """The ranks of the published scales (1 to the highest), each named as the scales with
    that many steps name it when they agree, else by its number."""
    top = (
        ProficiencyLevel.objects.filter(version__status=VersionStatus.PUBLISHED).aggregate(
            top=Max("rank")
        )["top"]
        or 7
    )
    return [(rank, str(rank)) for rank in range(1, top + 1)]


def families() -> list[tuple[str, str]]:
    """The competency families: the top categories of the published frameworks, as
    ``("FRAMEWORK:CODE", "FRAMEWORK:CODE name")`` (the workforce demand forecast groups by
    them)."""
    tops = (
        Competency.objects.filter(version__status=VersionStatus.PUBLISHED, parent__isnull=True)
        .select_related("framework")
        .order_by("framework__code", "position", "pk")
    )
    return [(f"{c.framework.code}:{c.code}", f"{c.framework.code}:{c}") for c in tops]


def _families_of(competency_ids: set[int]) -> dict[int, str]:
    """The family (``FRAMEWORK:TOPCODE``) of each competency row: its top ancestor."""
    if not competency_ids:
        return {}
    versions = set(
        Competency.objects.filter(pk__in=competency_ids).values_list("version_id", flat=True)
    )
    rows = {
        pk: (parent, code, fw)
        for pk, parent, code, fw in Competency.objects.filter(version_id__in=versions).values_list(
            "pk", "parent_id", "code", "framework__code"
        )
    }
    out = {}
    for pk in competency_ids:
        node = pk
        while rows[node][0] is not None:
            node = rows[node][0]
        out[pk] = f"{rows[node][2]}:{rows[node][1]}"
    return out


def family_of_codes(codes: set[str]) -> dict[str, str]:
    """The family of each ``FRAMEWORK:CODE`` of a published framework (unknown codes left
    out)."""
    wanted = {tuple(c.split(":", 1)) for c in codes if ":" in c}
    if not wanted:
        return {}
    leaves = dict(
        Competency.objects.filter(
            version__status=VersionStatus.PUBLISHED, code__in={c for _, c in wanted}
        ).values_list("pk", "framework__code")
    )
    ids = {
        pk: code
        for pk, code in Competency.objects.filter(pk__in=leaves).values_list("pk", "code")
        if (leaves[pk], code) in wanted
    }
    fams = _families_of(set(ids))
    return {f"{leaves[pk]}:{ids[pk]}": fams[pk] for pk in ids}


def post_families(post_ids: list[int] | None = None) -> dict[int, str]:
    """The family of each post that uses a standard in force: that of the requirement of
    the highest weight (then the first in the framework's order). Posts without a standard
    in force are left out."""
    from cadre.competencies.choices import StandardStatus
    from cadre.competencies.models import ProfilePost, Requirement

    links = ProfilePost.objects.all()
    if post_ids is not None:
        links = links.filter(post_id__in=post_ids)
    by_profile: dict[int, list[int]] = {}
    for post_id, profile_id in links.values_list("post_id", "profile_id"):
        by_profile.setdefault(profile_id, []).append(post_id)
    main: dict[int, int] = {}
    reqs = (
        Requirement.objects.filter(
            profile_version__status=StandardStatus.IN_FORCE,
            profile_version__profile_id__in=list(by_profile),
        )
        .order_by("-weight", "competency__position", "competency_id")
        .values_list("profile_version__profile_id", "competency_id")
    )
    for profile_id, competency_id in reqs:
        main.setdefault(profile_id, competency_id)
    fams = _families_of(set(main.values()))
    return {
        post_id: fams[main[profile_id]]
        for profile_id, posts in by_profile.items()
        if profile_id in main
        for post_id in posts
    }


def published_competencies_except(framework_id: int) -> dict[str, list[Competency]]:
    """The competencies (not categories) of the other frameworks' published versions
    (framework code → competencies in their order): what a crosswalk's target is chosen
    from, in one query."""
    found: dict[str, list[Competency]] = {}
    others = (
        Competency.objects.filter(version__status=VersionStatus.PUBLISHED, is_category=False)
        .exclude(framework_id=framework_id)
        .select_related("framework")
        .order_by("framework__code", "position", "pk")
    )
    for comp in others:
        found.setdefault(comp.framework.code, []).append(comp)
    return found


def published_scales_except(framework_id: int) -> dict[str, list[ProficiencyLevel]]:
    """The levels of the other frameworks' published versions (framework code → levels by
    rank): what a crosswalk's target level is chosen from, in one query."""
    targets: dict[str, list[ProficiencyLevel]] = {}
    others = (
        ProficiencyLevel.objects.filter(version__status=VersionStatus.PUBLISHED)
        .exclude(version__framework_id=framework_id)
        .select_related("version__framework")
        .order_by("version__framework__code", "rank")
    )
    for level in others:
        targets.setdefault(level.version.framework.code, []).append(level)
    return targets
