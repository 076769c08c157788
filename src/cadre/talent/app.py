"""What the talent reserve adds to Cadre: its pages, API, menu, home items and daily round,
and who reaches what — a body's HR office keeps its reserve (and the national entries of the
people on its books), its vacancies and their matches; managers nominate and read; an
external candidate sees their own entries only (decision 0030)."""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.candidates import hooks
from cadre.core.choices import Role
from cadre.core.labels import audit_actions
from cadre.core.permissions import ALL, VIEW, can, grant, grant_own, may, roles_of
from cadre.core.registry import AppParts, MenuEntry, PersonalRecords, contribute
from cadre.talent import home

VIEWS = "cadre.talent.api.views"
MENU_GROUP = _("Talent")


def sees_reserve(user: Any) -> bool:
    """The reserve's page is in the menu of those who keep or read vacancies, and of
    external candidates (their own entries); an employee is not shown it."""
    return can(user, "talent.vacancy", "view") or Role.EXTERNAL_CANDIDATE in roles_of(user)


# What the reserve holds about a person (decision 0034): kept on erasure.
PERSONAL_DATA = (
    PersonalRecords(
        "talent.reserveentry",
        kept_because=_("A reserve entry records the body's decisions on its staffing."),
    ),
)


contribute(
    AppParts(
        app="talent",
        urls=(("talent/", "cadre.talent.urls"),),
        api_routes=(
            ("reserve-entries", f"{VIEWS}.ReserveEntryViewSet", "reserveentry"),
            ("vacancies", f"{VIEWS}.VacancyViewSet", "vacancy"),
            ("reserve-matches", f"{VIEWS}.MatchViewSet", "match"),
        ),
        menu=(
            MenuEntry(
                _("Talent reserve"), "talent:reserveentry_list", 39, sees_reserve, group=MENU_GROUP
            ),
            MenuEntry(
                _("Vacancies"), "talent:vacancy_list", 39, may("talent.vacancy"), group=MENU_GROUP
            ),
            MenuEntry(
                _("Reserve matches"), "talent:match_list", 39, may("talent.match"), group=MENU_GROUP
            ),
        ),
        home=(home.to_review,),
        personal_data=PERSONAL_DATA,
        periodic={
            # Entries past their term expire; those expiring soon are reminded, once each.
            "reserve-expiry": {
                "task": "cadre.talent.jobs.reserve_expiry_scheduled",
                "schedule": crontab(hour=settings.CADRE_CAMPAIGN_REMIND_HOUR, minute=55),
            },
        },
    )
)

audit_actions(
    {
        "reserve.expire": _("expired: the reserve term ended"),
        "reserve.remind": _("reminded: the reserve entry expires soon"),
        "match.propose": _("matching run: proposals made"),
        "match.accept": _("match accepted: nomination started"),
        "match.reject": _("match rejected"),
    }
)

grant(
    Role.HR_OFFICER,
    {"talent.reserveentry": ALL, "talent.vacancy": ALL, "talent.match": ALL},
)
grant(
    Role.MANAGER,
    {
        "talent.reserveentry": frozenset({"view", "add"}),
        "talent.vacancy": VIEW,
        "talent.match": VIEW,
    },
)
# An external candidate sees their own entries (``ReserveEntry.candidate``), nothing else.
grant_own({"talent.reserveentry": VIEW})

# An external candidate's menu offers their own reserve entries (decision 0033).
hooks.candidate_pages.add("talent:reserveentry_list")
