"""Pages of staffing: versions of the tables (list, add, the version with its lines,
figures, approval by order and Т-3 export), limits, scenarios (list, add, the scenario
with its figures and steps) and scenarios side by side."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.core import charts as core_charts
from cadre.core.access import access, may
from cadre.core.errors import ApplicationError
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
)
from cadre.staffing import charts, demand, export, selectors
from cadre.staffing.api.views import t3_response
from cadre.staffing.choices import ScenarioStatus, TableStatus
from cadre.staffing.demand import DEMAND, SUPPLY
from cadre.staffing.filtersets import (
    GraduateSupplyFilterSet,
    ScenarioFilterSet,
    StaffingLimitFilterSet,
    StaffingTableFilterSet,
)
from cadre.staffing.forms import (
    ApplyForm,
    ApproveForm,
    DemandForm,
    GraduateSupplyForm,
    ReasonForm,
    ScenarioForm,
    StaffingLimitForm,
    StaffingLineForm,
    StaffingTableForm,
)
from cadre.staffing.models import GraduateSupply, Scenario, StaffingLimit, StaffingTable
from cadre.staffing.services import graduates, limits, scenarios, tables

TABLE_COLUMNS = (
    Column("organisation", _l("body"), link=True),
    Column("number", _l("version"), sort="number"),
    Column("status", _l("status"), sort="status"),
    Column("effective_from", _l("in force from"), sort="effective_from"),
    Column("effective_to", _l("in force until"), sort="effective_to"),
    Column("order_number", _l("order number")),
    Column("order_date", _l("order date")),
)


class StaffingTableListView(ObjectListView):
    model = StaffingTable
    columns = TABLE_COLUMNS
    filterset_class = StaffingTableFilterSet
    select_related = ("organisation",)
    default_sort = "-effective_from"


class StaffingTableDetailView(ObjectDetailView):
    model = StaffingTable
    select_related = ("organisation",)
    fields = (*TABLE_COLUMNS, Column("note", _l("note")))

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        draft = obj.status == TableStatus.DRAFT and may(user, obj, "change")
        return {
            "figures": selectors.table_figures(obj),
            "with_pay": selectors.sees_pay(user, obj.organisation),
            "draft": draft,
            "line_form": StaffingLineForm(user=user, table=obj) if draft else None,
            "approve_form": ApproveForm() if draft else None,
        }


class StaffingTableEditView(ObjectEditView):
    model = StaffingTable
    form_class = StaffingTableForm
    create_service = tables.table_create


class _TableStep(ScopedViewMixin, View):
    model = StaffingTable

    def done(self, obj: Any, call: Any) -> HttpResponse:
        try:
            call()
        except ApplicationError as exc:
            messages.error(self.request, str(exc))
        else:
            messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(obj.get_absolute_url())


class LineAddView(_TableStep):
    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        table = self.get_object("change")
        form = StaffingLineForm(request.POST, user=request.user, table=table)
        if not form.is_valid():
            for field, errors in form.errors.items():
                messages.error(request, f"{field}: {' '.join(map(str, errors))}")
            return HttpResponseRedirect(table.get_absolute_url())
        return self.done(
            table,
            lambda: tables.line_create(actor=request.user, table=table, **form.cleaned_data),
        )


class LineRemoveView(_TableStep):
    def post(self, request: HttpRequest, pk: Any, line: Any) -> HttpResponse:
        table = self.get_object("change")
        obj = access(selectors.table_lines(table), request.user, line, "change")
        return self.done(table, lambda: tables.line_delete(actor=request.user, line=obj))


class ApproveView(_TableStep):
    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        table = self.get_object("change")
        form = ApproveForm(request.POST, request.FILES)
        if not form.is_valid():
            for field, errors in form.errors.items():
                messages.error(request, f"{field}: {' '.join(map(str, errors))}")
            return HttpResponseRedirect(table.get_absolute_url())
        return self.done(
            table,
            lambda: tables.table_approve(actor=request.user, table=table, **form.cleaned_data),
        )


class T3View(ScopedViewMixin, View):
    model = StaffingTable

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        table = self.get_object("view")
        fmt = "csv" if request.GET.get("as") == "csv" else "xlsx"
        return t3_response(request.user, table, fmt)


LIMIT_COLUMNS = (
    Column("organisation", _l("body"), link=True),
    Column("effective_from", _l("in force from"), sort="effective_from"),
    Column("headcount", _l("staff units limit"), sort="headcount"),
    Column("act_title", _l("act")),
    Column("act_number", _l("act number")),
    Column("act_date", _l("act date"), sort="act_date"),
    Column("restricted", _l("restricted act")),
)


class StaffingLimitListView(ObjectListView):
    model = StaffingLimit
    columns = LIMIT_COLUMNS
    filterset_class = StaffingLimitFilterSet
    select_related = ("organisation",)
    default_sort = "-effective_from"


class StaffingLimitDetailView(ObjectDetailView):
    model = StaffingLimit
    select_related = ("organisation",)
    fields = LIMIT_COLUMNS

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            "act_text": selectors.act_text(user, obj),
            "with_pay": selectors.sees_pay(user, obj.organisation),
            "occupancy": limits.occupancy(obj.organisation),
        }


class StaffingLimitEditView(ObjectEditView):
    model = StaffingLimit
    form_class = StaffingLimitForm
    create_service = limits.limit_create


SCENARIO_COLUMNS = (
    Column("title", _l("title"), link=True, sort="title"),
    Column("organisation", _l("subtree")),
    Column("mode", _l("mode"), sort="mode"),
    Column("status", _l("status"), sort="status"),
    Column("cut_percent", _l("cut, % of units")),
    Column("cut_units", _l("cut, staff units")),
    Column("computed_at", _l("computed at"), sort="computed_at"),
)


class ScenarioListView(ObjectListView):
    model = Scenario
    columns = SCENARIO_COLUMNS
    filterset_class = ScenarioFilterSet
    select_related = ("organisation",)
    default_sort = "-computed_at"
    template_name = "staffing/scenario_list.html"


class ScenarioDetailView(ObjectDetailView):
    model = Scenario
    select_related = ("organisation", "approved_by", "created_by")
    fields = (
        *SCENARIO_COLUMNS,
        Column("vacant_first", _l("cut vacant posts first")),
        Column("protect_critical", _l("protect critical posts")),
        Column("protect_digital_leads", _l("protect digital leads")),
        Column("keep_coverage", _l("keep required competencies covered")),
        Column("functions", _l("cut only these functions"), value=lambda s: ", ".join(s.functions)),
        Column("min_holders", _l("minimum qualified holders per required competency")),
        Column("created_by", _l("author")),
        Column("approved_by", _l("approved by")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        keeps = may(user, obj, "change")
        return {
            "results": obj.results,
            "with_pay": selectors.sees_pay(user, obj.organisation),
            "cut_lines": selectors.scenario_lines(obj)[:200],
            "may_compute": keeps and obj.status in (ScenarioStatus.DRAFT, ScenarioStatus.COMPUTED),
            "may_approve": keeps
            and obj.status == ScenarioStatus.COMPUTED
            and obj.created_by_id != user.pk,
            "may_apply": keeps and obj.status == ScenarioStatus.APPROVED,
            "apply_form": ApplyForm(),
            "reason_form": ReasonForm(),
        }


class ScenarioEditView(ObjectEditView):
    model = Scenario
    form_class = ScenarioForm
    create_service = scenarios.scenario_create


class _ScenarioStep(ScopedViewMixin, View):
    model = Scenario

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        scenario = self.get_object("change")
        try:
            answer = self.call(scenario)
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(scenario.get_absolute_url())
        if isinstance(answer, HttpResponse):
            return answer
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(scenario.get_absolute_url())

    def call(self, scenario: Scenario) -> Any:
        raise NotImplementedError


class ComputeView(_ScenarioStep):
    def call(self, scenario: Scenario) -> Any:
        job = scenarios.scenario_compute_start(actor=self.request.user, scenario=scenario)
        return HttpResponseRedirect(job.get_absolute_url())


class ScenarioApproveView(_ScenarioStep):
    def call(self, scenario: Scenario) -> Any:
        form = ReasonForm(self.request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        return scenarios.scenario_approve(actor=self.request.user, scenario=scenario, reason=reason)


class ApplyView(_ScenarioStep):
    def call(self, scenario: Scenario) -> Any:
        form = ApplyForm(self.request.POST)
        if not form.is_valid():
            raise ApplicationError(_("Give the date the new versions come into force."))
        return scenarios.scenario_apply(
            actor=self.request.user, scenario=scenario, **form.cleaned_data
        )


class CompareView(ScopedViewMixin, View):
    """Scenarios side by side: the ones ticked on the list (``?id=…&id=…``)."""

    model = Scenario

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require("view")
        ids = [i for i in request.GET.getlist("id") if i.isascii() and i.isdigit()][:6]
        chosen = list(selectors.scenarios_for(request.user).filter(pk__in=ids).order_by("pk"))
        return render(
            request,
            "staffing/scenario_compare.html",
            {**self.common_context(), "scenarios": chosen},
        )


GRADUATE_COLUMNS = (
    Column("institution", _l("institution"), link=True, sort="institution"),
    Column("organisation", _l("region or body")),
    Column("year", _l("year of graduation"), sort="year"),
    Column("family", _l("competency family"), sort="family"),
    Column("count", _l("graduates"), sort="count"),
)


class GraduateSupplyListView(ObjectListView):
    model = GraduateSupply
    columns = GRADUATE_COLUMNS
    filterset_class = GraduateSupplyFilterSet
    select_related = ("organisation",)
    default_sort = "-year"


class GraduateSupplyDetailView(ObjectDetailView):
    model = GraduateSupply
    select_related = ("organisation",)
    fields = GRADUATE_COLUMNS


class GraduateSupplyEditView(ObjectEditView):
    model = GraduateSupply
    form_class = GraduateSupplyForm
    create_service = graduates.graduates_create
    update_service = graduates.graduates_update
    service_instance_kwarg = "figure"


class GraduateSupplyDeleteView(ObjectDeleteView):
    model = GraduateSupply
    delete_service = graduates.graduates_delete
    service_instance_kwarg = "figure"


def _reachable(user: Any, pk: int | None) -> int | None:
    try:
        return selectors.demand_root(user, pk).pk if pk else None
    except ApplicationError:
        return None


class DemandView(LoginRequiredMixin, View):
    """The workforce demand of a region or body for the next one to three years: demand and
    supply lines per competency family, the gap, a chart, XLSX; scoped to the user."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = DemandForm({"horizon": str(demand.MAX_HORIZON), **request.GET.dict()})
        base = {"form": form, "method": demand.method_text(), "demand_lines": DEMAND}
        if not form.is_valid():
            return render(request, "staffing/demand.html", base, status=400)
        try:
            root = selectors.demand_root(request.user, form.cleaned_data["org"])
        except ApplicationError as exc:
            return render(
                request, "staffing/demand.html", {**base, "refused": str(exc)}, status=404
            )
        family = form.cleaned_data["family"] or None
        horizon = form.cleaned_data["horizon"]
        form = DemandForm({**form.data, "org": str(root.pk)})
        base["form"] = form
        ages = selectors.sees_ages(request.user, root)
        result = demand.forecast(root, horizon, family=family, ages=ages)
        method = demand.method_text(ages=ages)
        base["method"] = method
        chart = charts.gap_chart(result)
        csv = core_charts.export(request, [chart])
        if csv is not None:
            return csv
        if request.GET.get("export") == "xlsx":
            response = HttpResponse(
                export.demand_xlsx(result, method), content_type=export.XLSX_TYPE
            )
            name = f"workforce-demand-{root.code or root.pk}"
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        return render(
            request,
            "staffing/demand.html",
            {
                **base,
                "root": root,
                "result": result,
                "families": [
                    {
                        "name": fam.name,
                        "rows": demand.explained(fam),
                        "opened": fam.opened,
                        "filled": fam.filled,
                        "entered": fam.entered,
                    }
                    for fam in ([*result.families, result.total] if result.families else [])
                ],
                "chart": chart,
                "supply_lines": SUPPLY,
                "children": selectors.children_of(root),
                "up": _reachable(request.user, root.parent_id),
                "horizon": horizon,
                "query": request.GET.urlencode(),
            },
        )
