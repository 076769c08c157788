"""The one step of the results that belongs to the talent reserve: a winner or finalist
enters it (``cadre.talent.services.reserve_entry_create``), for the contest's post group,
in the organiser's reserve, with the levels the rubric showed."""

from __future__ import annotations

import importlib
from typing import Any

from cadre.contests.models import Application


def reserve_enter(*, actor: Any, entry: Application, levels: dict[str, int]) -> Any:
    """The reserve entry made for ``entry``, or None while the talent app is not there."""
    try:
        talent = importlib.import_module("cadre.talent.services")
    except ImportError:
        return None
    contest = entry.contest
    return talent.reserve_entry_create(
        actor=actor,
        employee=entry.employee,
        candidate=None if entry.employee_id else entry.applicant,
        organisation=contest.organisation,
        post_group=contest.post_group,
        source="contest",
        source_ref=f"contest-entry:{entry.pk}",
        levels=levels,
    )
