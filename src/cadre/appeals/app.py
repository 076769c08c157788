"""What the appeals app adds to Cadre: its pages and API, the menu entry, who reaches an
appeal — the person their own, its panel by membership, HR and national administrators
in scope with the pay class — and the hold of contested amounts in payroll files."""

from __future__ import annotations

from celery.schedules import crontab
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.appeals import home, selectors
from cadre.core.choices import Role
from cadre.core.permissions import ALL, VIEW, grant, grant_member, grant_own, may
from cadre.core.registry import AppParts, MenuEntry, PersonalRecords, contribute
from cadre.pay.extensions import held_source, line_links_source

MENU_GROUP = _("Performance and pay")

# What this app holds about a person: the data export and erasure (decision 0034).
PERSONAL_DATA = (
    PersonalRecords(
        "appeals.appeal",
        "line__employee",
        kept_because=_("Appeals about pay are kept with the pay records."),
    ),
    PersonalRecords(
        "appeals.panelmember",
        "user__employee",
        kept_because=_("A panel's membership is part of the record of the decisions it took."),
    ),
)

contribute(
    AppParts(
        app="appeals",
        urls=(("appeals/", "cadre.appeals.urls"),),
        api_routes=(("appeals", "cadre.appeals.api.AppealViewSet", "appeal"),),
        menu=(
            MenuEntry(
                _("Appeals"), "appeals:appeal_list", 36, may("appeals.appeal"), group=MENU_GROUP
            ),
        ),
        home=(home.to_decide,),
        periodic={
            # Decisions past their date: the panel and the proposer are reminded, once.
            "remind-overdue-appeal-decisions": {
                "task": "cadre.appeals.jobs.overdue_reminders_scheduled",
                "schedule": crontab(hour=settings.CADRE_CAMPAIGN_REMIND_HOUR, minute=40),
            },
        },
        personal_data=PERSONAL_DATA,
    )
)

# HR officers handle the appeals of their bodies (the pay class comes from the pay app).
grant(Role.HR_OFFICER, {"appeals.appeal": ALL})
# The person sees their own appeals; a panel the appeals it sits on (decision 0016).
grant_own({"appeals.appeal": frozenset({"view", "add"})})
grant_member({"appeals.appeal": VIEW})
# An appeal under way holds the contested amount out of the run's payroll file.
held_source(selectors.held_employees)
line_links_source(selectors.line_links)
