"""What the people app adds to Cadre: the people pages, the dashboard, their API, their menu
entries and the periodic recount of the dashboard figures (core/registry.py)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.accounts.choices import Role
from cadre.accounts.roles import may
from cadre.core.permissions import ALL, VIEW, grant, grant_own
from cadre.core.registry import AppParts, MenuEntry, contribute

contribute(
    AppParts(
        app="people",
        urls=(("people/", "cadre.people.urls"),),
        api_routes=(
            ("employees", "cadre.people.api.views.EmployeeViewSet", "employee"),
            ("assignments", "cadre.people.api.views.AssignmentViewSet", "assignment"),
            ("education", "cadre.people.api.views.EducationViewSet", "education"),
            ("certifications", "cadre.people.api.views.CertificationViewSet", "certification"),
        ),
        api_paths=(("indicators/", "cadre.people.api.views.IndicatorsView", "indicators"),),
        menu=(
            MenuEntry(
                _("Dashboard"),
                "people:dashboard",
                10,
                may("orgs.organisation"),
            ),
            MenuEntry(
                _("People"),
                "people:employee_list",
                13,
                may("people.employee"),
            ),
        ),
        periodic={
            "refresh-dashboard-figures": {
                "task": "cadre.people.jobs.figures_refresh_scheduled",
                "schedule": settings.CADRE_FIGURES_REFRESH_MINUTES * 60,
            },
        },
    )
)


# What each role may do with this app's models (core/permissions.py).
grant(
    Role.HR_OFFICER,
    {
        "people.employee": ALL,
        "people.assignment": ALL,
        "people.education": ALL,
        "people.certification": ALL,
    },
)
grant(
    Role.MANAGER,
    {
        "people.employee": VIEW,
    },
)
grant(
    Role.SERVICE_DESK,
    {
        "people.employee": VIEW,
    },
)
grant_own(
    {
        "people.employee": VIEW,
    }
)
