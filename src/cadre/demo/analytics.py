"""The demo's national analytics (decision 0037): a snapshot of the capacity measures, so
that Bắc Kạn, Kaluga and the Kazakh regions are compared for evenness at once
(``/analytics/0/evenness/``), and one PDF regional comparison per demo country, made by
the report job like any user's."""

from __future__ import annotations

from typing import Any

from cadre.analytics import services
from cadre.analytics.choices import ReportFormat, ReportKind
from cadre.analytics.models import MeasureSnapshot, Report
from cadre.orgs.models import Organisation

COUNTRIES = ("VN", "RU", "KZ")


def load_analytics(admin: Any, *, changed: bool) -> int:
    """Take this month's snapshot when the demo changed or there is none; ask for the
    countries' PDF reports not made yet. Returns the reports asked for."""
    if changed or not MeasureSnapshot.objects.exists():
        services.snapshot_take()
    asked = 0
    for country in Organisation.objects.filter(code__in=COUNTRIES).order_by("code"):
        if not Report.objects.filter(root=country, format=ReportFormat.PDF).exists():
            services.report_request(
                actor=admin, kind=ReportKind.REGIONS, format=ReportFormat.PDF, root_id=country.pk
            )
            asked += 1
    return asked
