"""What the people app adds to Cadre: the people pages, the dashboard, their API, their menu
entries and the periodic recount of the dashboard figures (core/registry.py)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.labels import audit_actions
from cadre.core.measures import measure
from cadre.core.permissions import (
    ALL,
    VIEW,
    DataClass,
    grant,
    grant_classes,
    grant_line,
    grant_own,
    line_source,
    may,
)
from cadre.core.pickers import register as register_picker
from cadre.core.registry import ANONYMISE, DELETE, AppParts, MenuEntry, PersonalRecords, contribute
from cadre.orgs import extensions
from cadre.people import home, panels, selectors
from cadre.people.widgets import EmployeePicker

MENU_GROUP = _("Registry")

# What this app holds about a person: the data export and erasure (decision 0034).
PERSONAL_DATA = (
    PersonalRecords(
        "people.employee",
        "id",
        ANONYMISE,
        replace={
            "personal_id": lambda e: f"erased-{e.pk}",
            "last_name": "—",
            "first_name": lambda e: f"#{e.pk}",
            "middle_name": "",
            "birth_date": dt.date(1900, 1, 1),
            "email": "",
            "phone": "",
            "is_active": False,
        },
    ),
    PersonalRecords(
        "people.assignment", kept_because=_("The posts held are the body's staffing history.")
    ),
    PersonalRecords("people.education", erase=DELETE),
    PersonalRecords("people.certification", erase=DELETE),
)

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
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("People"),
                "people:employee_list",
                13,
                may("people.employee"),
                group=MENU_GROUP,
            ),
        ),
        home=(home.figures,),
        panels=(
            ("orgs.organisation", panels.organisation_staff),
            ("orgs.organisation", panels.organisation_vacancies),
            ("people.employee", panels.person_summary),
        ),
        periodic={
            "refresh-dashboard-figures": {
                "task": "cadre.people.jobs.figures_refresh_scheduled",
                "schedule": settings.CADRE_FIGURES_REFRESH_MINUTES * 60,
            },
        },
        personal_data=PERSONAL_DATA,
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
# Whoever heads a unit sees its people and their records (decision 0016).
grant_line(
    {
        "people.employee": VIEW,
        "people.assignment": VIEW,
        "people.education": VIEW,
        "people.certification": VIEW,
    }
)
line_source(selectors.headed_paths)
# Who sees personal data (identifiers, birth dates, contacts): decisions 0007 and 0016.
for _role in (Role.NATIONAL_ADMIN, Role.HR_OFFICER, Role.AUDITOR):
    grant_classes(_role, {DataClass.PERSONAL})


def _post_holders(user: object, post: object) -> object:
    from cadre.people.models import Assignment
    from cadre.people.selectors import current_q

    holders = Assignment.objects.restrict(user, "view").filter(current_q(), post=post)
    return holders.select_related("employee")


# Who fills a post is the people app's to know; orgs' pages and filters ask it here.
extensions.provide(
    annotate_filled=selectors.annotate_filled,
    posts_with_vacancies=selectors.posts_with_vacancies,
    bodies_with_digital_lead=selectors.bodies_with_digital_lead,
    it_units_without_specialist=selectors.it_units_without_specialist,
    post_holders=_post_holders,
)

# A KPI's actual computed from the registry (core/measures.py).
measure(
    "people.it_specialty_share",
    _("Share of the IT staff with an IT specialty"),
    "percent",
    selectors.it_specialty_share,
    for_people=False,
)

# What the audit log calls this app's own actions (core/labels.py).
audit_actions(
    {
        "assignment.start": _("post taken up"),
        "assignment.end": _("post left"),
        "education.add": _("education added"),
        "education.delete": _("education removed"),
        "certification.add": _("certification added"),
        "certification.delete": _("certification removed"),
    }
)

# Every single choice of a person is drawn as the person picker (core/pickers.py).
register_picker("people.employee", EmployeePicker)
