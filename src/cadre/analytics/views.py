"""Analytics pages: the dashboard of the country, a region or a body; the evenness of a
measure across regions (ranking, trend, the rows behind each figure); reports and
subscriptions. Every page is about an organisation the user may see — any other is not
found — and reads only what the user may see."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from cadre.analytics import charts, dashboard, reports, selectors, services
from cadre.analytics.choices import Measure, ReportFormat, ReportKind
from cadre.core import charts as core_charts
from cadre.core.errors import ApplicationError
from cadre.core.permissions import can
from cadre.orgs.models import Organisation


def _root(request: HttpRequest, pk: int) -> Organisation:
    try:
        return selectors.access_root(request.user, pk)
    except ApplicationError as exc:
        raise Http404(str(exc)) from exc


def _evenness_root(request: HttpRequest, pk: int) -> Organisation:
    try:
        return selectors.evenness_root(request.user, pk)
    except ApplicationError as exc:
        raise Http404(str(exc)) from exc


def _allowed(request: HttpRequest) -> None:
    if not can(request.user, "analytics.measuresnapshot", "view"):
        raise Http404


def _reports_allowed(request: HttpRequest, action: str = "view") -> None:
    """Reports are ``analytics.report``'s (the API's check): a reader of the dashboards
    without that grant (an ethics officer) is neither shown nor offered them."""
    if not can(request.user, "analytics.report", action):
        raise Http404


class IndexView(LoginRequiredMixin, View):
    """The dashboard of the highest organisation the user sees."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _allowed(request)
        top = selectors.top_organisation(request.user)
        if top is None:
            raise Http404
        return HttpResponseRedirect(reverse("analytics:dashboard", args=[top.pk]))


class DashboardView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        _allowed(request)
        root = _root(request, pk)
        board = dashboard.build(request.user, root)
        made = {
            "registry": charts.registry_chart(board.children, board.child_registry),
            "ratings": charts.ratings_chart(board.tallies),
        }
        csv = core_charts.export(request, made.values())
        if csv is not None:
            return csv
        measures = [
            (Measure(m).label, m, v, m in charts.PERCENT_MEASURES)
            for m, v in board.measures.items()
        ]
        return render(
            request,
            "analytics/dashboard.html",
            {"board": board, "charts": made, "measures": measures, "formats": ReportFormat.choices},
        )


def _evenness_context(request: HttpRequest, root: Organisation) -> dict[str, Any]:
    measure = selectors.parse_measure(request.GET.get("measure"))
    known = selectors.periods(request.user, root)
    period = selectors.parse_period(request.GET.get("period"), known)
    return {"measure": measure, "known": known, "period": period}


class EvennessView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        _allowed(request)
        root = _evenness_root(request, pk)
        try:
            ctx = _evenness_context(request, root)
        except ApplicationError as exc:
            return render(
                request,
                "analytics/evenness.html",
                {"root": root, "error": exc, "measures": Measure.choices},
                status=400,
            )
        figures = selectors.evenness_of(request.user, root, ctx["measure"], ctx["period"])
        query = urlencode(
            {"measure": ctx["measure"], "period": f"{ctx['period']:%Y-%m}" if ctx["period"] else ""}
        )
        trend = selectors.trend_of(request.user, root, ctx["measure"], ctx["known"])
        made = {
            "ranking": charts.ranking_chart(figures, root.pk, query),
            "trend": charts.trend_chart(trend),
        }
        csv = core_charts.export(request, made.values())
        if csv is not None:
            return csv
        regions = selectors.ranked(figures)
        return render(
            request,
            "analytics/evenness.html",
            {
                "root": root,
                "figures": figures,
                "regions": [(figures.names.get(r.region, r.region), r) for r in regions],
                "charts": made,
                "query": query,
                "measures": Measure.choices,
                "percent": ctx["measure"] in charts.PERCENT_MEASURES,
                **ctx,
            },
        )


class RowsView(LoginRequiredMixin, View):
    """The units behind a figure: each one's numerator and denominator (CSV too)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        _allowed(request)
        root = _evenness_root(request, pk)
        try:
            ctx = _evenness_context(request, root)
            region = None
            if request.GET.get("region"):
                region = selectors.access_root(request.user, request.GET["region"], field="region")
        except ApplicationError as exc:
            return render(
                request,
                "analytics/evenness.html",
                {"root": root, "error": exc, "measures": Measure.choices},
                status=400,
            )
        if ctx["period"] is None:
            raise Http404
        rows = list(selectors.unit_rows(request.user, root, ctx["measure"], ctx["period"], region))
        table = core_charts.Chart(
            key="rows",
            title=Measure(ctx["measure"]).label,
            columns=[
                core_charts.Col("region", _("Region")),
                core_charts.Col("unit", _("Body")),
                core_charts.Col("numerator", _("Numerator"), "num", 2),
                core_charts.Col("denominator", _("Denominator"), "num", 2),
                charts.value_col(ctx["measure"]),
            ],
            rows=[
                [
                    str(r.region),
                    str(r.unit),
                    r.numerator,
                    r.denominator,
                    (r.numerator / r.denominator) if r.denominator else None,
                ]
                for r in rows
            ],
            traces=[],
        )
        csv = core_charts.export(request, [table])
        if csv is not None:
            return csv
        return render(
            request,
            "analytics/rows.html",
            {"root": root, "region": region, "table": table, "rows": rows, **ctx},
        )


class ReportsView(LoginRequiredMixin, View):
    """The user's reports and subscriptions; a new report or subscription (POST)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _reports_allowed(request)
        return self._render(request)

    def _render(self, request: HttpRequest, status: int = 200) -> HttpResponse:
        return render(
            request,
            "analytics/reports.html",
            {
                "reports": selectors.reports(request.user)[:50],
                "subscriptions": selectors.subscriptions(request.user),
                "kinds": ReportKind.choices,
                "formats": ReportFormat.choices,
                "roots": selectors.visible_organisations(request.user).order_by("depth", "name")[
                    :200
                ],
            },
            status=status,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        data = request.POST
        _reports_allowed(request, "view" if data.get("action") == "unsubscribe" else "add")
        try:
            if data.get("action") == "subscribe":
                services.subscription_create(
                    actor=request.user,
                    kind=data.get("kind", ""),
                    format=data.get("format", ""),
                    root_id=data.get("root", ""),
                    every_days=int(data.get("every_days") or 0),
                )
                messages.success(request, _("Subscribed: the report will be mailed to you."))
            elif data.get("action") == "unsubscribe":
                raw = str(data.get("subscription") or "")
                sub = (
                    selectors.subscriptions(request.user).filter(pk=int(raw)).first()
                    if raw.isascii() and raw.isdigit()
                    else None
                )
                if sub is None:
                    raise Http404
                services.subscription_delete(actor=request.user, subscription=sub)
                messages.success(request, _("Unsubscribed."))
            else:
                report = services.report_request(
                    actor=request.user,
                    kind=data.get("kind", ""),
                    format=data.get("format", ""),
                    root_id=data.get("root", ""),
                )
                return HttpResponseRedirect(report.job.get_absolute_url())  # type: ignore[union-attr]
        except (ApplicationError, ValueError) as exc:
            messages.error(
                request,
                str(exc)
                if isinstance(exc, ApplicationError)
                else _("Send it every 1 to 366 days."),
            )
            return self._render(request, status=400)
        return HttpResponseRedirect(reverse("analytics:reports"))


class ReportFileView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        report = selectors.reports(request.user).filter(pk=pk).first()
        if report is None or not report.file_name:
            raise Http404
        path = reports.report_path(report)
        if not path.exists():
            raise Http404
        return FileResponse(path.open("rb"), as_attachment=True, filename=report.file_name)
