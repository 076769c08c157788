"""The staffing API: versions (create a draft; ``approve`` by order; ``t3``: form Т-3 as
XLSX or CSV; ``figures``: units, payroll and vacancies), their lines, limits, and
scenarios (create; ``compute`` as a job; ``approve`` by someone other than the author;
``apply``: new draft versions)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cadre.core.api.viewsets import CadreModelViewSet
from cadre.core.choices import AuditSource
from cadre.staffing import export, selectors
from cadre.staffing.api.serializers import (
    ApplySerializer,
    ApproveSerializer,
    ScenarioApproveSerializer,
    ScenarioJobSerializer,
    ScenarioSerializer,
    StaffingLimitChangeSerializer,
    StaffingLimitSerializer,
    StaffingLineChangeSerializer,
    StaffingLineSerializer,
    StaffingTableSerializer,
)
from cadre.staffing.filtersets import (
    ScenarioFilterSet,
    StaffingLimitFilterSet,
    StaffingLineFilterSet,
    StaffingTableFilterSet,
)
from cadre.staffing.models import Scenario, StaffingLimit, StaffingLine, StaffingTable
from cadre.staffing.services import limits, scenarios, tables


class StaffingTableViewSet(CadreModelViewSet):
    """Staffing-table versions of your scope. A version is created as a draft (empty or a
    copy of ``copy_from``), filled with lines, then approved by its order; approved
    versions are never changed."""

    scoped_model = StaffingTable
    serializer_class = StaffingTableSerializer
    filterset_class = StaffingTableFilterSet
    select_related = ("organisation",)
    http_method_names = ["get", "post", "head", "options"]
    create_service = tables.table_create

    @extend_schema(request=ApproveSerializer, responses={200: StaffingTableSerializer})
    @action(
        detail=True,
        methods=["post"],
        scoped_action="change",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def approve(self, request: Request, pk: Any = None) -> Response:
        """Approve the draft by its order (number, date, and the file: PDF, PNG or JPEG up
        to 10 MB, sent as multipart)."""
        body = ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        table = tables.table_approve(
            actor=request.user,
            table=self.get_object(),
            source=AuditSource.API,
            **body.validated_data,
        )
        return Response(
            StaffingTableSerializer(self.as_read(table), context={"request": request}).data
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("as", str, enum=["xlsx", "csv"], description="xlsx (default) or csv")
        ],
        responses={200: OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def t3(self, request: Request, pk: Any = None) -> HttpResponse:
        """The version as form Т-3 (salaries left empty without the right to see pay)."""
        table = self.get_object()
        fmt = request.query_params.get("as", "xlsx")
        if fmt not in ("xlsx", "csv"):
            raise ValidationError({"as": ["xlsx or csv."]})
        return t3_response(request.user, table, fmt)


def t3_response(user: Any, table: StaffingTable, fmt: str) -> HttpResponse:
    with_pay = selectors.sees_pay(user, table.organisation)
    name = f"T-3-{table.organisation.code}-v{table.number}"
    if fmt == "csv":
        response = HttpResponse(
            export.t3_csv(table, with_pay=with_pay), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            export.t3_xlsx(table, with_pay=with_pay), content_type=export.XLSX_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


class StaffingLineViewSet(CadreModelViewSet):
    """Lines of the versions of your scope; only a draft's lines are added, changed or
    removed. Units are multiples of 0.25."""

    scoped_model = StaffingLine
    serializer_class = StaffingLineSerializer
    filterset_class = StaffingLineFilterSet
    select_related = ("table__organisation", "post")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    create_service = tables.line_create
    update_service = tables.line_update
    delete_service = tables.line_delete
    service_instance_kwarg = "line"

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update"):
            return StaffingLineChangeSerializer
        return StaffingLineSerializer


class StaffingLimitViewSet(CadreModelViewSet):
    """Headcount and payroll limits of the bodies of your scope, each citing its act; the
    text of a restricted act is empty for whoever may not read it. A limit below the people
    in post needs its ``reduction_plan``."""

    scoped_model = StaffingLimit
    serializer_class = StaffingLimitSerializer
    filterset_class = StaffingLimitFilterSet
    select_related = ("organisation",)
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = limits.limit_create
    update_service = limits.limit_update
    service_instance_kwarg = "limit"

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update"):
            return StaffingLimitChangeSerializer
        return StaffingLimitSerializer


class ScenarioViewSet(CadreModelViewSet):
    """Headcount scenarios of your scope: a copy of the tables in force of a subtree, cut by
    rules or optimised; the live tables change only when an approved scenario is applied."""

    scoped_model = Scenario
    serializer_class = ScenarioSerializer
    filterset_class = ScenarioFilterSet
    select_related = ("organisation",)
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = scenarios.scenario_create
    delete_service = scenarios.scenario_delete
    service_instance_kwarg = "scenario"

    def _answer(self, scenario: Scenario) -> Response:
        return Response(
            ScenarioSerializer(self.as_read(scenario), context={"request": self.request}).data
        )

    @extend_schema(request=None, responses={202: ScenarioJobSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def compute(self, request: Request, pk: Any = None) -> Response:
        """Compute the cut and its figures: a job with its progress."""
        job = scenarios.scenario_compute_start(actor=request.user, scenario=self.get_object())
        return Response(
            {"job": job.pk, "url": reverse("v1:job-detail", args=[job.pk])},
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(request=ScenarioApproveSerializer, responses={200: ScenarioSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def approve(self, request: Request, pk: Any = None) -> Response:
        """Approve a computed scenario (not its author)."""
        body = ScenarioApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        scenario = scenarios.scenario_approve(
            actor=request.user,
            scenario=self.get_object(),
            source=AuditSource.API,
            **body.validated_data,
        )
        return self._answer(scenario)

    @extend_schema(request=ApplySerializer, responses={200: StaffingTableSerializer(many=True)})
    @action(detail=True, methods=["post"], scoped_action="change", pagination_class=None)
    def apply(self, request: Request, pk: Any = None) -> Response:
        """Apply an approved scenario: a new draft version of each body's table it cuts,
        from ``effective_from``, to be approved by its order."""
        body = ApplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created = scenarios.scenario_apply(
            actor=request.user,
            scenario=self.get_object(),
            source=AuditSource.API,
            **body.validated_data,
        )
        return Response(
            StaffingTableSerializer(created, many=True, context={"request": request}).data
        )
