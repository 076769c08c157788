"""What rating pay adds to Cadre: its pages and API, the menu entry, who may see and do
what (all of it in the ``pay`` class), and the share of bonuses it withholds in pay runs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.permissions import ALL, VIEW, grant, grant_line, grant_own, may
from cadre.core.registry import AppParts, MenuEntry, PersonalRecords, contribute
from cadre.pay.extensions import reduction_source
from cadre.ratingpay import selectors

VIEWS = "cadre.ratingpay.api"

MENU_GROUP = _("Performance and pay")

# What this app holds about a person (decision 0034): their rating rows and the reviews of
# their pay, pay records kept for their legal period.
PERSONAL_DATA = (
    PersonalRecords(
        "ratingpay.snapshotrow", kept_because=_("Pay records are kept as the law requires.")
    ),
    PersonalRecords(
        "ratingpay.review", kept_because=_("Pay records are kept as the law requires.")
    ),
)

contribute(
    AppParts(
        app="ratingpay",
        personal_data=PERSONAL_DATA,
        urls=(("rating-pay/", "cadre.ratingpay.urls"),),
        api_routes=(("rating-pay-policies", f"{VIEWS}.PolicyViewSet", "policy"),),
        menu=(
            MenuEntry(
                _("Rating and pay"),
                "ratingpay:policy_list",
                37,
                may("ratingpay.policy"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("My rating"),
                "ratingpay:mine",
                33,
                lambda u: hasattr(u, "employee"),
                group=MENU_GROUP,
            ),
        ),
    )
)

MODELS = ("ratingpay.policy", "ratingpay.review", "ratingpay.snapshotrow")
# HR officers keep the policies and reviews of their bodies (with the pay class, from the
# pay app); national administrators reach them through "*" and freeze the scores.
grant(Role.HR_OFFICER, {**dict.fromkeys(MODELS, ALL), "ratingpay.scoresnapshot": VIEW})
# Managers see their people's policies' flags and record their reviews; heads of units too.
grant(Role.MANAGER, {"ratingpay.policy": VIEW, "ratingpay.scoresnapshot": VIEW})
grant_line({"ratingpay.snapshotrow": VIEW, "ratingpay.review": VIEW})
# Everyone sees their own frozen scores and the reviews of their case.
grant_own({"ratingpay.snapshotrow": VIEW, "ratingpay.review": VIEW})

reduction_source(selectors.reductions_for)
