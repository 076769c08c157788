"""What the staffing app adds to Cadre: staffing tables (versions approved by order, Т-3
export), limits and headcount scenarios; who reaches what — a body's HR office keeps its
tables, limits and scenarios; managers read the tables; national administrators reach
everything and read restricted acts; pay figures are the PAY data class (decision 0036)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.labels import audit_actions
from cadre.core.permissions import ALL, VIEW, DataClass, grant, grant_classes, may
from cadre.core.registry import AppParts, MenuEntry, contribute
from cadre.staffing import home
from cadre.staffing.selectors import RESTRICTED_ACTION

VIEWS = "cadre.staffing.api.views"
MENU_GROUP = _("Registry")

contribute(
    AppParts(
        app="staffing",
        urls=(("staffing/", "cadre.staffing.urls"),),
        api_routes=(
            ("staffing-tables", f"{VIEWS}.StaffingTableViewSet", "staffingtable"),
            ("staffing-lines", f"{VIEWS}.StaffingLineViewSet", "staffingline"),
            ("staffing-limits", f"{VIEWS}.StaffingLimitViewSet", "staffinglimit"),
            ("staffing-scenarios", f"{VIEWS}.ScenarioViewSet", "scenario"),
            ("graduate-figures", f"{VIEWS}.GraduateSupplyViewSet", "graduatesupply"),
        ),
        api_paths=(("workforce-demand/", f"{VIEWS}.WorkforceDemandView", "workforce-demand"),),
        menu=(
            MenuEntry(
                _("Staffing tables"),
                "staffing:staffingtable_list",
                14,
                may("staffing.staffingtable"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Staffing limits"),
                "staffing:staffinglimit_list",
                14,
                may("staffing.staffinglimit"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Headcount scenarios"),
                "staffing:scenario_list",
                14,
                may("staffing.scenario"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Workforce demand"),
                "staffing:demand",
                14,
                may("staffing.graduatesupply"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Graduate figures"),
                "staffing:graduatesupply_list",
                14,
                may("staffing.graduatesupply"),
                group=MENU_GROUP,
            ),
        ),
        home=(home.items,),
    )
)

audit_actions(
    {
        "staffing.approve": _("staffing table approved by order"),
        "staffing.apply": _("scenario applied: new staffing-table versions"),
    }
)

MODELS = (
    "staffing.staffingtable",
    "staffing.staffingline",
    "staffing.staffinglimit",
    "staffing.scenario",
    "staffing.graduatesupply",
)
grant(Role.HR_OFFICER, dict.fromkeys(MODELS, ALL))
grant(Role.MANAGER, {"staffing.staffingtable": VIEW, "staffing.staffingline": VIEW})
# Restricted acts' texts: national administrators only (a deployment may grant others).
grant(Role.NATIONAL_ADMIN, {"staffing.staffinglimit": frozenset({RESTRICTED_ACTION})})
# Salaries, supplements and payroll are the pay class (as in the pay app).
for _role in (Role.HR_OFFICER, Role.NATIONAL_ADMIN):
    grant_classes(_role, {DataClass.PAY})
