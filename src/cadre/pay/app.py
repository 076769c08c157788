"""What the pay app adds to Cadre: the bonus-fund pages and API, the menu entry, and who
may see and do what with pay rows (core/registry.py, core/permissions.py). Every pay model
is in the ``pay`` data class: a role sees them only when it also holds that class."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.permissions import (
    ALL,
    VIEW,
    DataClass,
    grant,
    grant_classes,
    grant_line,
    grant_own,
    may,
)
from cadre.core.registry import AppParts, MenuEntry, PersonalRecords, contribute
from cadre.ethics import selectors as ethics_selectors
from cadre.pay import extensions, home, panels
from cadre.pay.access import opens

VIEWS = "cadre.pay.api.views"

MENU_GROUP = _("Performance and pay")

# What this app holds about a person: the data export and erasure (decision 0034).
PERSONAL_DATA = (
    PersonalRecords("pay.salary", kept_because=_("Pay records are kept as the law requires.")),
    PersonalRecords("pay.runline", kept_because=_("Pay records are kept as the law requires.")),
)

contribute(
    AppParts(
        app="pay",
        urls=(("pay/", "cadre.pay.urls"),),
        api_routes=(
            ("salaries", f"{VIEWS}.SalaryViewSet", "salary"),
            ("pay-rules", f"{VIEWS}.RuleViewSet", "rule"),
            ("bonus-funds", f"{VIEWS}.FundViewSet", "fund"),
            ("pay-runs", f"{VIEWS}.RunViewSet", "run"),
            ("pay-run-lines", f"{VIEWS}.RunLineViewSet", "runline"),
        ),
        menu=(
            MenuEntry(
                _("My bonus"),
                "pay:mine",
                34,
                lambda user: hasattr(user, "employee"),
                group=MENU_GROUP,
            ),
            MenuEntry(_("Bonus funds"), "pay:fund_list", 35, may("pay.fund"), group=MENU_GROUP),
            MenuEntry(_("Salaries"), "pay:salary_list", 35, opens("pay.salary"), group=MENU_GROUP),
            MenuEntry(
                _("Allocation rules"), "pay:rule_list", 35, opens("pay.rule"), group=MENU_GROUP
            ),
        ),
        home=(home.to_approve,),
        panels=(("people.employee", panels.person_pay),),
        personal_data=PERSONAL_DATA,
    )
)

PAY_MODELS = ("pay.salary", "pay.rule", "pay.fund", "pay.run", "pay.runline")

# HR officers keep pay in their bodies; national administrators reach every model already.
grant(Role.HR_OFFICER, dict.fromkeys(PAY_MODELS, ALL))
# Everyone sees their own salary and their own line of a run.
grant_own({"pay.salary": VIEW, "pay.runline": VIEW})

# The pay class: HR officers within their bodies and national administrators (decision
# 0016); auditors only if a deployment grants it by name. Heads of units see their people's
# lines (line management).
for _role in (Role.HR_OFFICER, Role.NATIONAL_ADMIN):
    grant_classes(_role, {DataClass.PAY})
grant_line({"pay.runline": VIEW})

# Ethics control (decision 0035): a sanction in force withholds the bonus where the country's
# rule says so; the line cites the rule and the case.
extensions.eligibility_source(ethics_selectors.bonus_ineligible)
