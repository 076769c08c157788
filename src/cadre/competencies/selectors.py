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
