"""Pages: appraisals (list with filters, one appraisal, record one, delete one recorded by
mistake), the bodies' appraisal requirements, and "My appraisals"."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.appraisals import selectors, services
from cadre.appraisals.filtersets import AppraisalFilterSet, AppraisalRequirementFilterSet
from cadre.appraisals.forms import AppraisalForm, RequirementForm
from cadre.appraisals.models import Appraisal, AppraisalRequirement
from cadre.core.tables import Column
from cadre.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

COLUMNS = (
    Column("employee", _l("employee"), sort="employee__last_name", link=True),
    Column("year", _l("year assessed"), sort="year"),
    Column("result", _l("result"), sort="result"),
    Column("assessed_on", _l("assessed on"), sort="assessed_on"),
    Column("assessed_by", _l("assessed by")),
    Column("origin", _l("source"), sort="origin"),
)


class AppraisalListView(ObjectListView):
    model = Appraisal
    columns = COLUMNS
    filterset_class = AppraisalFilterSet
    select_related = ("employee",)
    default_sort = "-year"


class AppraisalDetailView(ObjectDetailView):
    model = Appraisal
    select_related = ("employee", "created_by")
    fields = (
        *COLUMNS,
        Column("basis", _l("basis and notes")),
        Column("file_name", _l("file")),
        Column("file_sha256", _l("file SHA-256")),
        Column("created_by", _l("recorded by")),
    )


class AppraisalAddView(ObjectEditView):
    model = Appraisal
    form_class = AppraisalForm
    create_service = services.appraisal_record
    create_check = services.appraisal_check


class AppraisalDeleteView(ObjectDeleteView):
    model = Appraisal
    delete_service = services.appraisal_delete
    service_instance_kwarg = "appraisal"


REQUIREMENT_COLUMNS = (
    Column("organisation", _l("organisation"), sort="organisation__path", link=True),
    Column("from_year", _l("from year"), sort="from_year"),
    Column("minimum", _l("lowest result that counts as effective")),
)


class RequirementListView(ObjectListView):
    model = AppraisalRequirement
    columns = REQUIREMENT_COLUMNS
    filterset_class = AppraisalRequirementFilterSet
    select_related = ("organisation",)
    default_sort = "organisation__path"


class RequirementDetailView(ObjectDetailView):
    model = AppraisalRequirement
    select_related = ("organisation",)
    fields = REQUIREMENT_COLUMNS


class RequirementAddView(ObjectEditView):
    model = AppraisalRequirement
    form_class = RequirementForm
    create_service = services.requirement_create
    create_check = services.requirement_check


class RequirementDeleteView(ObjectDeleteView):
    model = AppraisalRequirement
    delete_service = services.requirement_delete
    service_instance_kwarg = "requirement"


class MineView(LoginRequiredMixin, View):
    """My performance appraisals, newest first."""

    def get(self, request: HttpRequest) -> HttpResponse:
        employee = selectors.employee_of(request.user)
        rows: list[Any] = selectors.own_appraisals(employee) if employee is not None else []
        return render(request, "appraisals/mine.html", {"employee": employee, "rows": rows})
