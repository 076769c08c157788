from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadre.core.api.viewsets import CadreModelViewSet, CadreReadOnlyViewSet
from cadre.core.choices import AuditSource
from cadre.core.permissions import can
from cadre.kpi import selectors, services
from cadre.kpi.api.serializers import (
    KpiAchievementSerializer,
    KpiActualCreateSerializer,
    KpiActualSerializer,
    KpiAssignmentChangeSerializer,
    KpiAssignmentSerializer,
    KpiDefinitionChangeSerializer,
    KpiDefinitionSerializer,
    KpiPeriodSerializer,
)
from cadre.kpi.filtersets import (
    AchievementFilterSet,
    ActualFilterSet,
    AssignmentFilterSet,
    DefinitionFilterSet,
)
from cadre.kpi.models import Achievement, Actual, Assignment, Definition, Period


class DefinitionViewSet(CadreModelViewSet):
    """KPI definitions, versioned: a version in use is never changed; ``revise`` makes the
    next version."""

    scoped_model = Definition
    serializer_class = KpiDefinitionSerializer
    filterset_class = DefinitionFilterSet
    select_related = ("owner",)
    create_service = services.definition_create
    update_service = services.definition_update
    delete_service = services.definition_delete

    def get_queryset(self) -> Any:
        return selectors.with_in_use(super().get_queryset())

    @extend_schema(request=KpiDefinitionChangeSerializer, responses={201: KpiDefinitionSerializer})
    @action(detail=True, methods=["post"], scoped_action="add")
    def revise(self, request: Request, pk: Any = None) -> Response:
        definition = self.get_object()
        body = KpiDefinitionChangeSerializer(data=request.data)
        reason = self.audit_reason_and_data(body, "add")
        new = services.definition_revise(
            actor=request.user,
            definition=definition,
            source=AuditSource.API,
            reason=reason,
            **body.validated_data,
        )
        return Response(
            KpiDefinitionSerializer(new, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class AssignmentViewSet(CadreModelViewSet):
    """KPIs given to people and units for a period; the set cannot change once the period
    is frozen."""

    scoped_model = Assignment
    serializer_class = KpiAssignmentSerializer
    filterset_class = AssignmentFilterSet
    select_related = ("definition", "period")

    create_service = services.assignment_create
    update_service = services.assignment_update
    delete_service = services.assignment_delete

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update"):
            return KpiAssignmentChangeSerializer
        return KpiAssignmentSerializer


class ActualViewSet(CadreModelViewSet):
    """Actuals: measured ones are computed; imported and manual ones are recorded here
    (manual ones with their evidence file, multipart) and a manual one counts once a second
    person confirms it (``confirm``). Actuals are not changed: delete and record again."""

    scoped_model = Actual
    serializer_class = KpiActualSerializer
    filterset_class = ActualFilterSet
    select_related = ("assignment__definition", "assignment__period")
    http_method_names = ["get", "post", "delete", "head", "options"]
    delete_service = services.actual_delete

    @extend_schema(request=KpiActualCreateSerializer, responses={201: KpiActualSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not can(request.user, "kpi.actual", "add"):
            raise PermissionDenied()
        body = KpiActualCreateSerializer(data=request.data, context={"request": request})
        reason = self.audit_reason_and_data(body, "add")
        data = dict(body.validated_data)
        assignment = services.assignment_find(
            period=data["period"],
            kpi=data["kpi"],
            employee=data["employee"],
            organisation=data["organisation"],
        )
        actual = services.actual_create(
            actor=request.user,
            assignment=assignment,
            value=data["value"],
            origin=assignment.definition.origin,
            evidence=data["evidence"],
            note=data["note"],
            source_system=data["source_system"],
            source=AuditSource.API,
            reason=reason,
        )
        read = self.as_read(actual)
        return Response(
            KpiActualSerializer(read, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={200: KpiActualSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def confirm(self, request: Request, pk: Any = None) -> Response:
        actual = services.actual_confirm(
            actor=request.user, actual=self.get_object(), source=AuditSource.API
        )
        return Response(
            KpiActualSerializer(self.as_read(actual), context={"request": request}).data
        )


class AchievementViewSet(CadreReadOnlyViewSet):
    """Each person's weighted KPI achievement in a period, line by line (computed by the
    ``kpi.achievements_compute`` job)."""

    scoped_model = Achievement
    serializer_class = KpiAchievementSerializer
    filterset_class = AchievementFilterSet
    select_related = ("period",)


def _period(code: str) -> Period:
    period = selectors.periods().filter(code=code).first()
    if period is None:
        raise NotFound()
    return period


class PeriodListView(APIView):
    """The KPI periods; the national administrator opens them."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: KpiPeriodSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(KpiPeriodSerializer(selectors.periods(), many=True).data)

    @extend_schema(request=KpiPeriodSerializer, responses={201: KpiPeriodSerializer})
    def post(self, request: Request) -> Response:
        body = KpiPeriodSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        period = services.period_create(
            actor=request.user, source=AuditSource.API, **body.validated_data
        )
        return Response(KpiPeriodSerializer(period).data, status=status.HTTP_201_CREATED)


class PeriodFreezeView(APIView):
    """Freeze the period's KPI set (every holder's weights must sum to 100 %)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: KpiPeriodSerializer})
    def post(self, request: Request, code: str) -> Response:
        period = services.period_freeze(
            actor=request.user, period=_period(code), source=AuditSource.API
        )
        return Response(KpiPeriodSerializer(period).data)


class PeriodComputeView(APIView):
    """Start the job that computes the period's achievements; answers the job."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={202: None})
    def post(self, request: Request, code: str) -> Response:
        job = services.achievements_compute_start(actor=request.user, period=_period(code))
        return Response({"job": str(job.pk), "kind": job.kind}, status=status.HTTP_202_ACCEPTED)
