"""What competitions add to Cadre: the competition pages (internal and the public
announcements), their API, menu entries and home items, the daily reminder of scores due,
and who reaches what — HR of the body everything, commission members the competitions
they sit on and their candidates, every applicant their own applications."""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.candidates import hooks
from cadre.competitions import home, selectors
from cadre.core.choices import Role
from cadre.core.permissions import VIEW, grant, grant_member, grant_own, may, roles_of
from cadre.core.registry import AppParts, MenuEntry, PersonalRecords, contribute
from cadre.talent import hooks as talent_hooks

VIEWS = "cadre.competitions.api"
MENU_GROUP = _("Talent")


def _candidate(user: Any) -> bool:
    return Role.EXTERNAL_CANDIDATE in roles_of(user)


# A person's applications (their motivation and test results, decision 0034): kept on
# erasure, an appointment rests on them.
PERSONAL_DATA = (
    PersonalRecords(
        "competitions.application",
        "user__employee",
        kept_because=_("A competition's applications are the grounds of its appointment."),
    ),
    PersonalRecords(
        "competitions.member",
        "user__employee",
        kept_because=_("A panel's membership is part of the record of the decisions it took."),
    ),
)


contribute(
    AppParts(
        app="competitions",
        urls=(
            ("competitions/", "cadre.competitions.urls"),
            ("c/", "cadre.competitions.public_urls"),
        ),
        api_routes=(
            ("competitions", f"{VIEWS}.CompetitionViewSet", "competition"),
            ("competition-applications", f"{VIEWS}.ApplicationViewSet", "competitionapplication"),
        ),
        menu=(
            MenuEntry(
                _("Competitions"),
                "competitions:competition_list",
                60,
                may("competitions.competition", "change"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Applications"),
                "competitions:application_list",
                61,
                may("competitions.application", "change"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("My applications"),
                "competitions:application_list",
                62,
                _candidate,
                group=MENU_GROUP,
            ),
        ),
        home=(home.to_check, home.to_score, home.mine, home.open_to_candidates),
        personal_data=PERSONAL_DATA,
        periodic={
            "remind-competition-scores-due": {
                "task": "cadre.competitions.jobs.scores_due_scheduled",
                "schedule": crontab(hour=settings.CADRE_CAMPAIGN_REMIND_HOUR, minute=50),
            },
        },
    )
)

# HR runs the competitions of its bodies (no deletion: a competition is kept).
KEEP = frozenset({"view", "add", "change"})
grant(Role.HR_OFFICER, {"competitions.competition": KEEP, "competitions.application": KEEP})
# A commission member sees the competitions they sit on and the candidates' applications.
grant_member({"competitions.competition": VIEW, "competitions.application": VIEW})
# Every applicant (employee or external candidate) sees their own applications.
grant_own({"competitions.application": VIEW})

# An external candidate's menu offers their applications; one still under way keeps their
# account open (decision 0033).
hooks.candidate_pages.add("competitions:application_list")
hooks.in_progress.append(selectors.in_progress)
talent_hooks.candidate_sources.append(selectors.applicants_seen)
