"""The one step of the results that belongs to the talent reserve: a winner or finalist
enters it (``cadre.talent.services.reserve_entry_create``), for the contest's post group,
in the organiser's reserve, with the levels the rubric showed. Someone already active in
that reserve for that post group, or an applicant who is neither an employee nor an
external candidate, is left as they are (the results still stand)."""

from __future__ import annotations

from typing import Any

from cadre.contests.models import Application
from cadre.core.choices import AuditSource, Role
from cadre.core.errors import ApplicationError
from cadre.core.permissions import roles_of
from cadre.talent import services as talent
from cadre.talent.choices import Source


def reserve_enter(
    *, actor: Any, entry: Application, levels: dict[str, int], source: str = AuditSource.WEB
) -> Any:
    """The reserve entry made for ``entry``, or None when none is made."""
    contest = entry.contest
    if not contest.post_group:
        return None
    candidate = None
    if entry.employee_id is None:
        if Role.EXTERNAL_CANDIDATE not in roles_of(entry.applicant):
            return None
        candidate = entry.applicant
    try:  # already in this reserve for this post group: nothing to add
        talent.reserve_entry_create_check(
            actor=actor,
            employee=entry.employee,
            candidate=candidate,
            organisation=contest.organisation,
            post_group=contest.post_group,
        )
    except ApplicationError:
        return None
    return talent.reserve_entry_create(
        actor=actor,
        organisation=contest.organisation,
        post_group=contest.post_group,
        source=Source.CONTEST,
        source_ref=f"contest-entry:{entry.pk}",
        levels=levels,
        reason=str(contest),
        audit_source=source,
        employee=entry.employee,
        candidate=candidate,
    )
