"""Pages: bonus funds and their runs, a run's lines, the explanation of one line (the
employee's own, their manager's view of it), my bonus, and what-if."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.pagination import Paginator
from cadre.core.tables import Column
from cadre.core.views import PAGE_SIZES, ObjectDetailView, ObjectListView, ScopedViewMixin
from cadre.pay import export, extensions, selectors, services
from cadre.pay.allocation import (
    BELOW_ACHIEVEMENT,
    BELOW_MONTHS,
    ELIGIBLE,
    NO_ACHIEVEMENT,
    NO_SALARY,
    NOT_ELIGIBLE,
)
from cadre.pay.models import Fund, Run, RunLine, RunState
from cadre.pay.money import NO_MINOR, money
from cadre.pay.services import RULE_FIELDS
from cadre.pay.whatif import what_if


def _exact(minor: Decimal, currency: str) -> str:
    """A share before rounding, to a hundredth of the minor unit: ``155 449,9605 KZT``."""
    places = 0 if currency in NO_MINOR else 2
    major = Decimal(minor).scaleb(-places).quantize(Decimal(1).scaleb(-places - 2), ROUND_HALF_UP)
    return f"{number_format(major, places + 2, force_grouping=True)} {currency}"


def reason_text(code: int) -> str:
    return {
        ELIGIBLE: _("eligible"),
        NO_ACHIEVEMENT: _("no KPI achievement for the period"),
        BELOW_ACHIEVEMENT: _("achievement below the rule's minimum"),
        BELOW_MONTHS: _("fewer months in post than the rule's minimum"),
        NOT_ELIGIBLE: _("not eligible"),
        NO_SALARY: _("no salary in the fund's currency"),
    }.get(code, "")


FUND_COLUMNS = (
    Column("name", _l("name"), sort="name", link=True),
    Column("organisation__name", _l("covers"), sort="organisation__name"),
    Column("period__code", _l("period"), sort="period__code"),
    Column("amount", _l("amount"), sort="amount", value=lambda f: money(f.amount, f.currency)),
    Column("rule", _l("rule"), value=str),
)


class FundListView(ObjectListView):
    model = Fund
    columns = FUND_COLUMNS
    select_related = ("organisation", "period", "rule")
    default_sort = "name"


class FundDetailView(ObjectDetailView):
    model = Fund
    select_related = ("organisation", "period", "rule")
    fields = FUND_COLUMNS[1:]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        runs = list(obj.runs.order_by("-number"))
        context: dict[str, Any] = {"runs": runs, "may_propose": True}
        if runs:  # a fund with runs is kept (fund_delete refuses it)
            context["delete_url"] = None
        return context


def _back(request: HttpRequest, url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(url)


class FundProposeView(ScopedViewMixin, View):
    model = Fund

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        fund = self.get_object("view")
        try:
            run = services.run_propose(
                actor=request.user,
                fund=fund,
                source=AuditSource.WEB,
                reason=request.POST.get("reason", ""),
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return _back(request, fund.get_absolute_url())
        messages.success(request, _("Run %(number)s proposed.") % {"number": run.number})
        return _back(request, run.get_absolute_url())


class FundWhatIfView(ScopedViewMixin, View):
    """The fund under other parameters (GET fields of the rule), nothing saved."""

    model = Fund

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        fund = self.get_object("view")
        rule = fund.rule
        values = {name: request.GET.get(name, "").strip() for name in RULE_FIELDS}
        overrides = {k: v for k, v in values.items() if v}
        shown = {name: values[name] or str(getattr(rule, name)) for name in RULE_FIELDS}
        answer = error = None
        try:
            answer = what_if(fund, overrides)
        except ApplicationError as exc:
            error = exc
        if answer is not None:
            top = max([b["people"] for b in answer["distribution"]] or [1]) or 1
            for b in answer["distribution"]:
                b["width"] = round(100 * b["people"] / top)
                b["label"] = f"{money(b['from'], fund.currency)} – {money(b['to'], fund.currency)}"
            for b in answer["per_body"]:
                b["text"] = money(b["amount"], fund.currency)
            for m in answer["movers"]:
                m["before_text"] = money(m["before"], fund.currency)
                m["after_text"] = money(m["after"], fund.currency)
                m["difference_text"] = money(m["difference"], fund.currency)
            answer["allocated_text"] = money(answer["allocated"], fund.currency)
            answer["unallocated_text"] = money(answer["unallocated"], fund.currency)
        fields = [(name, RULE_LABELS[name], shown[name]) for name in RULE_FIELDS]
        return render(
            request,
            "pay/whatif.html",
            {"fund": fund, "fields": fields, "answer": answer, "error": error},
        )


RULE_LABELS = {
    "min_achievement": _l("minimum achievement"),
    "min_months": _l("minimum months in post"),
    "period_months": _l("months in the period"),
    "target_share": _l("target, in monthly salaries"),
    "max_factor": _l("highest achievement factor"),
    "cap_salaries": _l("cap, in monthly salaries"),
    "rounding_unit": _l("rounding unit, minor units"),
}


LINES_PER_PAGE = 100


class RunDetailView(ObjectDetailView):
    model = Run
    select_related = ("fund__period", "fund__organisation", "proposed_by", "approved_by")
    fields = (
        Column("fund", _l("fund"), value=lambda r: str(r.fund)),
        Column("state", _l("state"), value=lambda r: r.get_state_display()),
        Column("batch_id", _l("batch")),
        Column("allocated", _l("allocated"), value=lambda r: money(r.allocated, r.currency)),
        Column("unallocated", _l("unallocated"), value=lambda r: money(r.unallocated, r.currency)),
        Column("adjustment", _l("adjustment factor")),
        Column("people", _l("people")),
        Column("paid", _l("people paid")),
        Column("proposed_by", _l("proposed by"), value=lambda r: str(r.proposed_by)),
        Column("approved_by", _l("approved by"), value=lambda r: r.approved_by or ""),
        Column("corrects", _l("corrects"), value=lambda r: r.corrects or ""),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        # Every line, a page at a time (the lists' page sizes), with how many there are.
        request = self.request
        try:
            per_page = int(request.GET.get("per_page", LINES_PER_PAGE))
        except ValueError:
            per_page = LINES_PER_PAGE
        if per_page not in PAGE_SIZES:
            per_page = LINES_PER_PAGE
        lines = selectors.run_lines_for(request.user, obj)
        page = Paginator(lines, per_page).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "lines": page,
            "page": page,
            "querystring": query.urlencode(),
            "approved": obj.state == RunState.APPROVED,
            "formats": export.FORMATS,
        }


class RunActionView(ScopedViewMixin, View):
    """POST: approve or withdraw a run."""

    model = Run
    action = ""

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        run = self.get_object("view")
        reason = request.POST.get("reason", "")
        try:
            if self.action == "approve":
                services.run_approve(actor=request.user, run=run, reason=reason)
                messages.success(request, _("Run %(number)s approved.") % {"number": run.number})
            else:
                fund_url = run.fund.get_absolute_url()
                services.run_withdraw(actor=request.user, run=run, reason=reason)
                messages.success(request, _("Run %(number)s withdrawn.") % {"number": run.number})
                return _back(request, fund_url)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        return _back(request, run.get_absolute_url())


class RunExportView(ScopedViewMixin, View):
    model = Run

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        run = self.get_object("view")
        fmt = request.GET.get("file_format", "csv")
        if fmt not in export.FORMATS:
            fmt = "csv"
        try:
            out = export.run_export(actor=request.user, run=run, fmt=fmt)
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return _back(request, run.get_absolute_url())
        response = HttpResponse(out.content, content_type=out.content_type)
        response["Content-Disposition"] = f'attachment; filename="{out.filename}"'
        return response


def explanation(line: RunLine) -> dict[str, Any]:
    run = line.run
    c = run.currency
    return {
        "line": line,
        "run": run,
        "salary": money(line.salary, c),
        "target": money(int(line.target), c) if line.target else money(0, c),
        "cap": money(line.cap, c),
        "raw": _exact(line.raw, c),
        "rounding": money(line.rounding, c),
        "amount": money(line.amount, c),
        "allocated": money(line.amount + line.withheld, c),
        "withheld": money(line.withheld, c) if line.withheld else None,
        "previous": money(line.previous_amount, c) if line.previous_amount is not None else None,
        "difference": money(line.difference, c) if line.difference is not None else None,
        "reason": reason_text(line.reason),
        "eligible": line.reason == ELIGIBLE,
        "achievement_pct": (line.achievement * 100).quantize(Decimal("0.01"))
        if line.achievement is not None
        else None,
        "parameters": run.parameters,
        "kpis": [_kpi_row(k) for k in line.kpi_lines if isinstance(k, dict)],
    }


def _kpi_row(k: dict[str, Any]) -> dict[str, Any]:
    """A KPI line of the snapshot as the page shows it (kpi's keys, read leniently)."""
    return {
        "kpi": k.get("kpi") or k.get("code") or k.get("name") or "—",
        "weight": k.get("weight", "—"),
        "actual": k.get("actual", "—"),
        "achievement": k.get("achievement", "—"),
        "source": k.get("source") or k.get("origin") or "—",
    }


class RunLineDetailView(ScopedViewMixin, View):
    """The explanation of one person's amount."""

    model = RunLine
    select_related = ("run__fund__period", "employee", "organisation")

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        line = self.get_object("view")
        context = explanation(line)
        context["links"] = extensions.line_links(request.user, line)
        return render(request, "pay/runline_detail.html", context)


class MineView(LoginRequiredMixin, View):
    """My lines in approved runs, newest first."""

    def get(self, request: HttpRequest) -> HttpResponse:
        employee = getattr(request.user, "employee", None)
        lines: list[RunLine] = []
        if employee is not None:
            lines = selectors.approved_lines_of(employee)
        return render(request, "pay/mine.html", {"employee": employee, "lines": lines})
