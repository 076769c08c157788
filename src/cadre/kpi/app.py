"""What the KPI app adds to Cadre: definitions, assignments, actuals and achievements with
their pages, API and menu entries; the achievements job and the actuals import register in
``jobs.py`` and ``imports.py`` (core/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.labels import audit_actions
from cadre.core.permissions import ALL, VIEW, grant, grant_line, grant_own, may
from cadre.core.registry import AppParts, MenuEntry, PersonalRecords, contribute
from cadre.kpi import home

VIEWS = "cadre.kpi.api.views"


def is_employee(user: object) -> bool:
    return hasattr(user, "employee")


MENU_GROUP = _("Performance and pay")

# What this app holds about a person: the data export and erasure (decision 0034).
PERSONAL_DATA = (
    PersonalRecords("kpi.assignment", kept_because=_("KPI results are the basis of bonuses paid.")),
    PersonalRecords(
        "kpi.achievement", kept_because=_("KPI results are the basis of bonuses paid.")
    ),
)

contribute(
    AppParts(
        app="kpi",
        urls=(("kpi/", "cadre.kpi.urls"),),
        api_routes=(
            ("kpi-definitions", f"{VIEWS}.DefinitionViewSet", "kpidefinition"),
            ("kpi-assignments", f"{VIEWS}.AssignmentViewSet", "kpiassignment"),
            ("kpi-actuals", f"{VIEWS}.ActualViewSet", "kpiactual"),
            ("kpi-achievements", f"{VIEWS}.AchievementViewSet", "kpiachievement"),
        ),
        api_paths=(
            ("kpi-periods/", f"{VIEWS}.PeriodListView", "kpi-periods"),
            ("kpi-periods/<str:code>/freeze/", f"{VIEWS}.PeriodFreezeView", "kpi-period-freeze"),
            (
                "kpi-periods/<str:code>/compute/",
                f"{VIEWS}.PeriodComputeView",
                "kpi-period-compute",
            ),
        ),
        menu=(
            MenuEntry(_("My KPIs"), "kpi:mine", 28, is_employee, group=MENU_GROUP),
            MenuEntry(
                _("KPIs"), "kpi:definition_list", 28, may("kpi.definition"), group=MENU_GROUP
            ),
            MenuEntry(
                _("KPI assignments"),
                "kpi:assignment_list",
                28,
                may("kpi.assignment"),
                group=MENU_GROUP,
            ),
            MenuEntry(_("KPI actuals"), "kpi:actual_list", 28, may("kpi.actual"), group=MENU_GROUP),
            MenuEntry(
                _("KPI periods"), "kpi:periods", 28, may("kpi.period", "change"), group=MENU_GROUP
            ),
        ),
        home=(home.to_confirm,),
        personal_data=PERSONAL_DATA,
    )
)

KEEP = frozenset({"view", "add", "change"})

# HR officers keep the KPIs of their subtree; managers read them and record actuals.
grant(
    Role.HR_OFFICER,
    {
        "kpi.period": VIEW,
        "kpi.definition": ALL,
        "kpi.assignment": ALL,
        "kpi.actual": ALL,
        "kpi.achievement": frozenset({"view", "change"}),
    },
)
grant(
    Role.MANAGER,
    {
        "kpi.period": VIEW,
        "kpi.definition": VIEW,
        "kpi.assignment": VIEW,
        "kpi.actual": KEEP,
        "kpi.achievement": VIEW,
    },
)
grant(Role.EMPLOYEE, {"kpi.period": VIEW, "kpi.definition": VIEW})
# Everyone sees their own KPIs, actuals and achievements.
grant_own({"kpi.assignment": VIEW, "kpi.actual": VIEW, "kpi.achievement": VIEW})

# Whoever heads a unit sees the KPIs, actuals and achievements of its people (decision
# 0016): a person's KPI belongs to the unit where they count.
grant_line({"kpi.assignment": VIEW, "kpi.actual": VIEW, "kpi.achievement": VIEW})

# What the audit log calls this app's own actions (core/labels.py).
audit_actions(
    {
        "kpi.achievements_compute": _("KPI achievements computed"),
    }
)
