"""What national analytics adds to Cadre: its pages and menu, the monthly snapshot of the
capacity measures, the mailing of subscribed reports, and who reaches what — national
roles and auditors everything (``"*"``), a body's HR officer and managers the figures of
their subtree (decision 0037). Analytics reads the other apps through their selectors and
writes only its own tables."""

from __future__ import annotations

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.permissions import ALL, VIEW, grant, may
from cadre.core.registry import DELETE, AppParts, MenuEntry, PersonalRecords, contribute

MENU_GROUP = _("Analytics")
VIEWS = "cadre.analytics.api.views"

# What this app holds about a person (decision 0034): their report subscriptions.
PERSONAL_DATA = (PersonalRecords("analytics.subscription", "user__employee", DELETE),)

contribute(
    AppParts(
        app="analytics",
        personal_data=PERSONAL_DATA,
        urls=(("analytics/", "cadre.analytics.urls"),),
        api_routes=(("analytics/reports", f"{VIEWS}.ReportViewSet", "analyticsreport"),),
        api_paths=(
            (
                "analytics/dashboards/<int:org_id>/",
                f"{VIEWS}.DashboardView",
                "analytics-dashboard",
            ),
            ("analytics/evenness/", f"{VIEWS}.EvennessView", "analytics-evenness"),
        ),
        menu=(
            MenuEntry(
                _("Dashboards"),
                "analytics:index",
                15,
                may("analytics.measuresnapshot"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Analytics reports"),
                "analytics:reports",
                15,
                may("analytics.report"),
                group=MENU_GROUP,
            ),
        ),
        periodic={
            "analytics-snapshot": {
                "task": "cadre.analytics.jobs.snapshot_scheduled",
                "schedule": crontab(hour=3, minute=40),
            },
            "analytics-subscriptions": {
                "task": "cadre.analytics.jobs.subscriptions_scheduled",
                "schedule": crontab(hour=6, minute=10),
            },
        },
    )
)

for role in (Role.HR_OFFICER, Role.MANAGER):
    grant(role, {"analytics.measuresnapshot": VIEW, "analytics.report": ALL})
# The ethics officer reads the dashboards of their scope for its ethics section (issue #25);
# every other figure there stays scoped to what their role sees. Reports are not theirs
# (no ``analytics.report`` grant): neither the page nor the API offers them one.
grant(Role.ETHICS_OFFICER, {"analytics.measuresnapshot": VIEW})
