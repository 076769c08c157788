"""KPI pages: lists with filters and export, details, forms; the confirm action of a
manual actual; "My KPIs" for an employee."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.core.access import may
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.permissions import can, reach_of_user
from cadre.core.reasons import FIELD as REASON
from cadre.core.tables import Column
from cadre.core.translated import pick
from cadre.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
    apply_application_error,
)
from cadre.kpi import selectors, services
from cadre.kpi.choices import Source
from cadre.kpi.filtersets import (
    AchievementFilterSet,
    ActualFilterSet,
    AssignmentFilterSet,
    DefinitionFilterSet,
)
from cadre.kpi.forms import ActualForm, AssignmentForm, DefinitionForm
from cadre.kpi.models import Achievement, Actual, Assignment, Definition

# --- definitions ---------------------------------------------------------------------------

DEFINITION_COLUMNS = (
    Column("code", _l("code"), sort="code", link=True),
    Column("version", _l("version"), sort="version"),
    Column("name", _l("name")),
    Column("unit", _l("unit")),
    Column("direction", _l("direction")),
    Column("period_kind", _l("period kind")),
    Column("origin", _l("source"), sort="origin"),
    Column("measure", _l("measure")),
    Column("owner__name", _l("kept by"), sort="owner__path"),
)


class DefinitionListView(ObjectListView):
    model = Definition
    columns = DEFINITION_COLUMNS
    filterset_class = DefinitionFilterSet
    select_related = ("owner",)
    default_sort = "code"


class DefinitionDetailView(ObjectDetailView):
    model = Definition
    select_related = ("owner",)
    fields = DEFINITION_COLUMNS[1:]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            "versions": selectors.definitions(user).filter(code=obj.code).order_by("-version"),
            "in_use": services.definition_in_use(obj),
            "may_revise": may(user, obj, "add"),
            "assignments": selectors.assignments(user)
            .filter(definition=obj)
            .select_related("period", "organisation", "employee")[:100],
        }


class DefinitionEditView(ObjectEditView):
    model = Definition
    form_class = DefinitionForm
    create_service = services.definition_create
    update_service = services.definition_update
    create_check = services.definition_check


class DefinitionReviseView(ObjectEditView):
    """A new version: the form filled in with the current one's values."""

    model = Definition
    form_class = DefinitionForm

    def _instance(self) -> Any:
        return self.get_object("add")

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        current = self._instance()
        form = self._form(current, request.POST)
        if form.is_valid():
            data = form.service_data()
            try:
                new = services.definition_revise(
                    actor=request.user,
                    definition=current,
                    source=AuditSource.WEB,
                    reason=form.cleaned_data.get(REASON, ""),
                    **data,
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("Saved: %(object)s") % {"object": new})
                return HttpResponseRedirect(new.get_absolute_url())
        return self._render(form, current, status=400)


class DefinitionDeleteView(ObjectDeleteView):
    model = Definition
    delete_service = services.definition_delete


# --- assignments ---------------------------------------------------------------------------

ASSIGNMENT_COLUMNS = (
    Column("definition__code", _l("KPI"), sort="definition__code", link=True),
    Column("period__code", _l("period"), sort="period__start"),
    Column("organisation__name", _l("organisation"), sort="organisation__path"),
    Column("employee", _l("employee"), sort="employee__last_name"),
    Column("threshold", _l("threshold")),
    Column("target", _l("target")),
    Column("stretch", _l("stretch")),
    Column("weight", _l("weight, %"), sort="weight"),
    Column("parent", _l("cascaded from")),
)


class AssignmentListView(ObjectListView):
    model = Assignment
    columns = ASSIGNMENT_COLUMNS
    filterset_class = AssignmentFilterSet
    select_related = (
        "definition",
        "period",
        "organisation",
        "employee",
        "parent__definition",
        "parent__organisation",
        "parent__period",
    )
    default_sort = "definition__code"


class AssignmentDetailView(ObjectDetailView):
    model = Assignment
    select_related = ("definition", "period", "organisation", "employee", "parent")
    fields = ASSIGNMENT_COLUMNS[1:]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            "actual": selectors.actuals(user).filter(assignment=obj).first(),
            "children": selectors.assignments(user)
            .filter(parent=obj)
            .select_related("definition", "organisation", "employee"),
        }


class AssignmentEditView(ObjectEditView):
    model = Assignment
    form_class = AssignmentForm
    create_service = services.assignment_create
    update_service = services.assignment_update
    create_check = services.assignment_check


class AssignmentDeleteView(ObjectDeleteView):
    model = Assignment
    delete_service = services.assignment_delete


# --- actuals -------------------------------------------------------------------------------

ACTUAL_COLUMNS = (
    Column(
        "assignment__definition__code", _l("KPI"), sort="assignment__definition__code", link=True
    ),
    Column("assignment__period__code", _l("period"), sort="assignment__period__start"),
    Column("holder", _l("for"), value=lambda a: a.assignment.employee or a.assignment.organisation),
    Column("value", _l("actual"), sort="value"),
    Column("origin", _l("source"), sort="origin"),
    Column("source_system", _l("source system")),
    Column("file_sha256", _l("file SHA-256")),
    Column("confirmed_at", _l("confirmed at"), sort="confirmed_at"),
)


class ActualListView(ObjectListView):
    model = Actual
    columns = ACTUAL_COLUMNS
    filterset_class = ActualFilterSet
    select_related = (
        "assignment__definition",
        "assignment__period",
        "assignment__organisation",
        "assignment__employee",
    )
    default_sort = "-confirmed_at"


class ActualDetailView(ObjectDetailView):
    model = Actual
    select_related = (
        "assignment__definition",
        "assignment__period",
        "assignment__organisation",
        "assignment__employee",
        "created_by",
        "confirmed_by",
    )
    fields = (
        *ACTUAL_COLUMNS[1:],
        Column("file_name", _l("file")),
        Column("note", _l("note")),
        Column("created_by", _l("recorded by")),
        Column("confirmed_by", _l("confirmed by")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            "may_confirm": obj.origin == Source.MANUAL
            and obj.confirmed_at is None
            and obj.created_by_id != user.pk
            and may(user, obj, "change"),
            "rows": obj.rows,
        }

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        actual = self.get_object("change")
        try:
            services.actual_confirm(actor=request.user, actual=actual, source=AuditSource.WEB)
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(actual.get_absolute_url())
        messages.success(request, _("Confirmed."))
        return HttpResponseRedirect(actual.get_absolute_url())


class ActualEvidenceView(ScopedViewMixin, View):
    """The evidence file of an actual, to whoever may see the actual (404 otherwise)."""

    model = Actual

    def get(self, request: HttpRequest, pk: Any) -> HttpResponseBase:
        actual = self.get_object("view")
        if not actual.evidence:
            raise Http404
        return FileResponse(
            actual.evidence.open("rb"),
            as_attachment=True,
            filename=actual.file_name or Path(actual.evidence.name).name,
        )


class ActualAddView(ScopedViewMixin, View):
    """A manual actual with its evidence file."""

    model = Actual

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require("add")
        return self._render(ActualForm(user=request.user, initial=request.GET.dict()))

    def post(self, request: HttpRequest) -> HttpResponse:
        self.require("add")
        form = ActualForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actual = services.actual_create(
                    actor=request.user,
                    assignment=data["assignment"],
                    value=data["value"],
                    origin=Source.MANUAL,
                    evidence=data["evidence"],
                    note=data["note"],
                    source=AuditSource.WEB,
                    reason=request.POST.get(REASON, ""),
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("Saved: %(object)s") % {"object": actual})
                return HttpResponseRedirect(actual.get_absolute_url())
        return self._render(form, status=400)

    def _render(self, form: ActualForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "kpi/actual_form.html",
            {**self.common_context(), "form": form},
            status=status,
        )


class ActualDeleteView(ObjectDeleteView):
    model = Actual
    delete_service = services.actual_delete


# --- achievements and "My KPIs" ------------------------------------------------------------

ACHIEVEMENT_COLUMNS = (
    Column("employee", _l("employee"), sort="employee__last_name", link=True),
    Column("period__code", _l("period"), sort="period__start"),
    Column("percent", _l("achievement, %"), sort="total", value=lambda a: a.total * 100),
    Column("computed_at", _l("computed at"), sort="computed_at"),
)


class AchievementListView(ObjectListView):
    model = Achievement
    columns = ACHIEVEMENT_COLUMNS
    filterset_class = AchievementFilterSet
    select_related = ("employee", "period")
    default_sort = "-total"


def explained(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored lines with what a page shows: the name in the reader's language and the
    achievement in per cent."""
    from decimal import Decimal

    return [
        {
            **line,
            "name": pick(line.get("names")),
            "percent": Decimal(line["achievement"]) * 100,
            "row_count": len((line.get("rows") or {}).get("ids", [])),
        }
        for line in lines
    ]


class AchievementDetailView(ObjectDetailView):
    model = Achievement
    select_related = ("employee", "period")
    fields = ACHIEVEMENT_COLUMNS

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"lines": explained(obj.lines)}


class MyKpisView(LoginRequiredMixin, View):
    """An employee's KPIs: each period's assignments, their actuals and where each came
    from, and the achievement."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        employee = selectors.employee_of(user)
        periods: list[dict[str, Any]] = []
        if employee is not None:
            assignments = selectors.own_assignments(employee)
            achievements = selectors.own_achievements(employee)
            by_period: dict[int, dict[str, Any]] = {}
            for assignment in assignments:
                entry = by_period.setdefault(
                    assignment.period_id,
                    {
                        "period": assignment.period,
                        "rows": [],
                        "achievement": achievements.get(assignment.period_id),
                    },
                )
                _share, line = services.line_of(assignment, getattr(assignment, "actual", None))
                entry["rows"].append(
                    {
                        "assignment": assignment,
                        "actual": getattr(assignment, "actual", None),
                        "line": explained([line])[0],
                    }
                )
            wanted = request.GET.get("period")
            periods = [p for p in by_period.values() if not wanted or p["period"].code == wanted]
        return render(request, "kpi/mine.html", {"employee": employee, "periods": periods})


class PeriodsView(LoginRequiredMixin, View):
    """The KPI periods: freezing a period's set and computing its achievements (a job,
    whose page shows its progress), for those allowed."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if not can(user, "kpi.period", "view"):
            raise PermissionDenied
        return render(
            request,
            "kpi/periods.html",
            {
                "periods": selectors.periods(),
                "may_freeze": can(user, "kpi.period", "change"),
                "may_compute": reach_of_user(user, "kpi.achievement", "change").everything,
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        period = selectors.periods().filter(pk=_int(request.POST.get("period"))).first()
        if period is None or not can(user, "kpi.period", "view"):
            raise Http404
        try:
            if request.POST.get("action") == "freeze":
                services.period_freeze(actor=user, period=period, source=AuditSource.WEB)
                messages.success(request, _("Frozen: %(period)s") % {"period": period})
            else:
                job = services.achievements_compute_start(actor=user, period=period)
                return HttpResponseRedirect(job.get_absolute_url())
        except ApplicationError as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("kpi:periods"))


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
