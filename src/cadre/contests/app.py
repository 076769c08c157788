"""What contests add to Cadre: their pages and API, the menu entries, the home items, and
who reaches what — the organiser's HR office its contests and their entries, a juror the
contest and the entries of their category (by membership), an applicant their own
entries; every signed-in person reads the call of a published contest."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cadre.candidates import hooks
from cadre.contests import home, selectors
from cadre.core.choices import Role
from cadre.core.labels import audit_actions
from cadre.core.permissions import ALL, VIEW, grant, grant_member, grant_own, may
from cadre.core.registry import ANONYMISE, AppParts, MenuEntry, PersonalRecords, contribute
from cadre.talent import hooks as talent_hooks

MENU_GROUP = _("Talent")
VIEWS = "cadre.contests.api.views"


def _file_erased(entry: Any) -> str:
    """An erased entry's file: deleted from storage once the erasure is committed."""
    if entry.file:
        name, storage = entry.file.name, entry.file.storage
        transaction.on_commit(lambda: storage.delete(name))
    return ""


# A person's contest entries (decision 0034): on erasure their file and description go;
# the title, scores and results stay, the contest's record.
PERSONAL_DATA = (
    PersonalRecords(
        "contests.application",
        "applicant__employee",
        ANONYMISE,
        replace={"file": _file_erased, "file_name": "", "summary": "—"},
    ),
    PersonalRecords(
        "contests.juror",
        "user__employee",
        kept_because=_("A panel's membership is part of the record of the decisions it took."),
    ),
)


contribute(
    AppParts(
        app="contests",
        urls=(("contests/", "cadre.contests.urls"),),
        api_routes=(
            ("contests", f"{VIEWS}.ContestViewSet", "contest"),
            ("contest-entries", f"{VIEWS}.ApplicationViewSet", "contestentry"),
        ),
        menu=(
            MenuEntry(
                _("Contests"),
                "contests:contest_list",
                45,
                may("contests.contest"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Contest entries"),
                "contests:application_list",
                45,
                may("contests.application"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Calls for applications"),
                "contests:calls",
                45,
                lambda user: getattr(user, "is_authenticated", False),
                group=MENU_GROUP,
            ),
        ),
        home=(home.to_score, home.my_applications, home.open_to_candidates),
        personal_data=PERSONAL_DATA,
    )
)

audit_actions(
    {
        "entry.screen": _("entry screened"),
        "entry.recuse": _("juror recused"),
        "entry.score": _("entry scored"),
        "entry.result": _("contest result"),
        "contest.results": _("results published"),
    }
)

# The organiser's HR office keeps its contests and their entries.
grant(Role.HR_OFFICER, {"contests.contest": ALL, "contests.application": ALL})
# A juror reaches the contest and the entries of their category; an applicant their own.
grant_member({"contests.contest": VIEW, "contests.application": VIEW})
grant_own({"contests.application": VIEW})

# An external candidate's menu offers the calls and their own entries; an entry to a contest
# whose results are not out keeps their account open (decision 0033).
hooks.candidate_pages.update({"contests:calls", "contests:application_list"})
hooks.in_progress.append(selectors.in_progress)
talent_hooks.candidate_sources.append(selectors.applicants_seen)
