"""What the IT portfolio adds to Cadre: entries and their overlaps with pages, API and menu
entries, and who may do what. IT coordinators (national or regional) decide overlaps and
approve starts; the bodies' HR officers and managers keep their bodies' entries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.permissions import ALL, VIEW, grant, may
from cadre.core.registry import AppParts, MenuEntry, contribute

VIEWS = "cadre.portfolio.api"

MENU_GROUP = _("Projects")

contribute(
    AppParts(
        app="portfolio",
        urls=(("portfolio/", "cadre.portfolio.urls"),),
        api_routes=(
            ("portfolio-systems", f"{VIEWS}.SystemViewSet", "portfoliosystem"),
            ("portfolio-overlaps", f"{VIEWS}.OverlapViewSet", "portfoliooverlap"),
        ),
        menu=(
            MenuEntry(
                _("IT portfolio"),
                "portfolio:system_list",
                40,
                may("portfolio.system"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Overlaps to decide"),
                "portfolio:overlap_list",
                41,
                may("portfolio.overlap", "change"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Start approval policy"),
                "portfolio:start_policy",
                42,
                may("portfolio.startpolicy", "change"),
                group=MENU_GROUP,
            ),
        ),
    )
)

KEEP = frozenset({"view", "add", "change"})
CAPABILITIES = {"portfolio.capability": VIEW}

POLICY = {"portfolio.startpolicy": VIEW}
grant(
    Role.HR_OFFICER,
    {"portfolio.system": ALL, "portfolio.overlap": VIEW, **CAPABILITIES, **POLICY},
)
grant(Role.MANAGER, {"portfolio.system": KEEP, "portfolio.overlap": VIEW, **CAPABILITIES})
grant(Role.EMPLOYEE, {"portfolio.system": VIEW, **CAPABILITIES})
# The coordinator decides overlaps and approves starts, but keeps no body's entries.
grant(
    Role.COORDINATOR,
    {
        "portfolio.system": frozenset({"view", "approve"}),
        "portfolio.overlap": frozenset({"view", "change"}),
        "portfolio.startpolicy": KEEP,
        "core.job": VIEW,
        **CAPABILITIES,
    },
)
