"""What appraisals add to Cadre: the pages and API, menu entries, who may see and do what
(appraisals are personal data: the ``personal`` class), and pay's eligibility: where a body
requires it, a person not assessed effective for the fund's year is not paid its bonus."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.appraisals import selectors
from cadre.core.choices import Role
from cadre.core.permissions import ALL, VIEW, grant, grant_line, grant_own, may
from cadre.core.registry import AppParts, MenuEntry, PersonalRecords, contribute
from cadre.pay.extensions import eligibility_source

VIEWS = "cadre.appraisals.api"

MENU_GROUP = _("Performance and pay")

# What this app holds about a person (decision 0034): the appraisals, kept as the grounds of
# pay and career decisions for their legal period.
PERSONAL_DATA = (
    PersonalRecords(
        "appraisals.appraisal", kept_because=_("Appraisals are the basis of pay decisions.")
    ),
)

contribute(
    AppParts(
        app="appraisals",
        personal_data=PERSONAL_DATA,
        urls=(("appraisals/", "cadre.appraisals.urls"),),
        api_routes=(
            ("performance-appraisals", f"{VIEWS}.AppraisalViewSet", "performanceappraisal"),
            ("appraisal-requirements", f"{VIEWS}.RequirementViewSet", "appraisalrequirement"),
        ),
        menu=(
            MenuEntry(
                _("My performance appraisals"),
                "appraisals:mine",
                29,
                lambda u: hasattr(u, "employee"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Performance appraisals"),
                "appraisals:appraisal_list",
                29,
                may("appraisals.appraisal"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Appraisal requirements"),
                "appraisals:appraisalrequirement_list",
                29,
                may("appraisals.appraisalrequirement"),
                group=MENU_GROUP,
            ),
        ),
    )
)

# HR officers keep the appraisals of their bodies' people (they hold the personal class
# there) and their bodies' requirements; national administrators reach them through "*".
grant(Role.HR_OFFICER, {"appraisals.appraisal": ALL, "appraisals.appraisalrequirement": ALL})
# Managers and employees see the requirements that apply to them.
grant(Role.MANAGER, {"appraisals.appraisalrequirement": VIEW})
grant(Role.EMPLOYEE, {"appraisals.appraisalrequirement": VIEW})
# Everyone sees their own appraisals; whoever heads a unit, their people's (decision 0016).
grant_own({"appraisals.appraisal": VIEW})
grant_line({"appraisals.appraisal": VIEW})

eligibility_source(selectors.ineligible_for)
