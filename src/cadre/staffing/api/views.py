"""The staffing API: versions (create a draft; ``approve`` by order; ``t3``: form Т-3 as
XLSX or CSV; ``figures``: units, payroll and vacancies), their lines, limits, and
scenarios (create; ``compute`` as a job; ``approve`` by someone other than the author;
``apply``: new draft versions)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadre.core.api.viewsets import CadreModelViewSet
from cadre.core.choices import AuditSource
from cadre.staffing import demand, export, selectors
from cadre.staffing.api.serializers import (
    ApplySerializer,
    ApproveSerializer,
    DemandSerializer,
    GraduateSupplySerializer,
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
    GraduateSupplyFilterSet,
    ScenarioFilterSet,
    StaffingLimitFilterSet,
    StaffingLineFilterSet,
    StaffingTableFilterSet,
)
from cadre.staffing.models import (
    GraduateSupply,
    Scenario,
    StaffingLimit,
    StaffingLine,
    StaffingTable,
)
from cadre.staffing.services import graduates, limits, scenarios, tables


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


class GraduateSupplyViewSet(CadreModelViewSet):
    """Graduate figures of partner universities and IT lyceums of your scope: per region or
    body, institution, year and competency family, a whole number ≥ 0; one figure per
    (organisation, institution, year, family)."""

    scoped_model = GraduateSupply
    serializer_class = GraduateSupplySerializer
    filterset_class = GraduateSupplyFilterSet
    select_related = ("organisation",)
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    create_service = graduates.graduates_create
    update_service = graduates.graduates_update
    delete_service = graduates.graduates_delete
    service_instance_kwarg = "figure"


class WorkforceDemandView(APIView):
    """The workforce demand of a region or body of your scope (docs/staffing.md, "Workforce
    demand"): per competency family and year, the demand lines (posts planned, units vacant,
    vacancies expected, retirements), the supply lines (reserve, training, finalists,
    graduates), their totals and the gap. Read only."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("org", int, description="The region or body (default: your highest)."),
            OpenApiParameter(
                "horizon", int, enum=[1, 2, 3], description="Years ahead (default 3)."
            ),
            OpenApiParameter("year", int, description="Only this year of the horizon."),
            OpenApiParameter("family", str, description="Only this family (FRAMEWORK:CODE)."),
        ],
        responses={200: DemandSerializer},
    )
    def get(self, request: Request) -> Response:
        from cadre.core.errors import ApplicationError

        params = request.query_params
        try:
            horizon = demand.parse_horizon(params.get("horizon"))
        except ApplicationError as exc:
            raise ValidationError({"horizon": [str(exc)]}) from exc
        try:
            root = selectors.demand_root(request.user, params.get("org"))
        except ApplicationError as exc:
            raise NotFound(str(exc)) from exc
        ages = selectors.sees_ages(request.user, root)
        result = demand.forecast(root, horizon, family=params.get("family") or None, ages=ages)
        year = params.get("year") or ""
        if year and (not (year.isascii() and year.isdigit()) or int(year) not in result.years):
            raise ValidationError(
                {
                    "year": [
                        _("Choose a year of the horizon: %(years)s.")
                        % {"years": ", ".join(map(str, result.years))}
                    ]
                }
            )
        rows = []
        for fam in result.families:
            for i, y in enumerate(result.years):
                if year and int(year) != y:
                    continue
                lines = {k: fam.lines[k][i] for k in demand.LINES}
                rows.append(
                    {
                        "family": fam.key,
                        "family_name": fam.name,
                        "year": y,
                        "posts_planned": lines["planned"],
                        "vacant_units": lines["vacant"],
                        "vacancies_expected": lines["vacancies"],
                        "vacancies_expected_is_trend": fam.forecast["vacancies"][i],
                        "retirements": lines["retirements"],
                        "reserve": lines["reserve"],
                        "training": lines["training"],
                        "finalists": lines["finalists"],
                        "graduates": lines["graduates"],
                        "graduates_is_trend": fam.forecast["graduates"][i],
                        "demand": fam.demand[i],
                        "supply": fam.supply[i],
                        "gap": fam.gap[i],
                    }
                )
        body = {
            "organisation": root.pk,
            "organisation_name": root.name,
            "years": result.years,
            "method": demand.method_text(ages=ages),
            "rows": rows,
        }
        return Response(DemandSerializer(body).data)
