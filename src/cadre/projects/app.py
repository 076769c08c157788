"""What the project office adds to Cadre: its pages, API and menu entries, and who reaches
a project — its body's HR office (the project office of the body) to keep it, managers
and auditors to read it, and each member of its team, of whatever body, by membership
(decision 0016: the member sees the project and nothing else of its body)."""

from __future__ import annotations

from celery.schedules import crontab
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.labels import audit_actions
from cadre.core.permissions import ALL, VIEW, grant, grant_member, may
from cadre.core.registry import AppParts, MenuEntry, PersonalRecords, contribute
from cadre.projects import status  # noqa: F401  (sets the rule the project lists read)

VIEWS = "cadre.projects.api.views"

MENU_GROUP = _("Projects")

# What this app holds about a person (decision 0034): the project teams they are on.
PERSONAL_DATA = (
    PersonalRecords(
        "projects.member", kept_because=_("A project's team is part of the project's record.")
    ),
)

contribute(
    AppParts(
        app="projects",
        personal_data=PERSONAL_DATA,
        urls=(("projects/", "cadre.projects.urls"),),
        api_routes=(
            ("projects", f"{VIEWS}.ProjectViewSet", "project"),
            ("project-programmes", f"{VIEWS}.ProgrammeViewSet", "projectprogramme"),
        ),
        api_paths=(("project-portfolio/", f"{VIEWS}.PortfolioView", "project-portfolio"),),
        menu=(
            MenuEntry(
                _("Projects"),
                "projects:project_list",
                38,
                may("projects.project"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Project portfolio"),
                "projects:portfolio",
                38,
                may("projects.project"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Programmes"),
                "projects:programme_list",
                38,
                may("projects.programme"),
                group=MENU_GROUP,
            ),
        ),
        periodic={
            # Milestones due soon or overdue: the accountable owner is reminded, once each.
            "remind-project-milestones": {
                "task": "cadre.projects.jobs.milestone_reminders_scheduled",
                "schedule": crontab(hour=settings.CADRE_CAMPAIGN_REMIND_HOUR, minute=50),
            },
        },
    )
)

audit_actions(
    {
        "milestone.remind_due": _("reminded: a milestone falls due"),
        "milestone.remind_overdue": _("reminded: a milestone is overdue"),
    }
)

# A body's HR office keeps its programmes and projects; managers read them.
grant(Role.HR_OFFICER, {"projects.programme": ALL, "projects.project": ALL})
grant(Role.MANAGER, {"projects.programme": VIEW, "projects.project": VIEW})
# The team — owner, sponsor, members from any body — reaches the project by membership.
grant_member({"projects.project": VIEW})
