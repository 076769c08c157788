"""Levels given against a person's position standard, checked the same way by appraisals
and campaigns."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cadre.assessments.proficiency import Observation
from cadre.assessments.selectors import person_gaps
from cadre.competencies.services.frameworks import check_level, scale_tops
from cadre.core.errors import ApplicationError
from cadre.people.models import Employee


def standard_levels(employee: Employee, levels: Any) -> tuple[dict[str, int], list[Observation]]:
    """Check ``{competency id: level}`` against the person's standard in force: every
    competency must be in it and every level on its scale."""
    version, gaps = person_gaps(employee)
    if version is None:
        raise ApplicationError(
            _("The person's post has no position standard in force."), field="employee"
        )
    if not isinstance(levels, dict) or not levels:
        raise ApplicationError(_("Give a level for at least one competency."), field="levels")
    by_id = {g.competency.pk: g for g in gaps}
    tops = scale_tops(g.competency.version_id for g in gaps)
    clean: dict[str, int] = {}
    observations = []
    for key, level in levels.items():
        try:
            gap = by_id[int(key)]
        except (KeyError, TypeError, ValueError):
            raise ApplicationError(
                _("Competency %(c)s is not in the person's standard.") % {"c": key},
                field=f"levels.{key}",
            ) from None
        check_level(level, tops.get(gap.competency.version_id, 0), field=f"levels.{key}")
        clean[str(gap.competency.pk)] = level
        observations.append(Observation(gap.competency, level))
    return clean, observations
