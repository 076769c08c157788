"""The project office API: projects and programmes (CRUD through the services), a
project's parts (team, outcome KPIs, milestones and their closing with evidence), its
computed status and its history; the portfolio roll-up."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadre.core.api.viewsets import CadreModelViewSet
from cadre.core.choices import AuditSource
from cadre.core.permissions import can
from cadre.projects import selectors, services
from cadre.projects.api.serializers import (
    HistorySerializer,
    ItDuplicateSerializer,
    KpiLinkSerializer,
    LinkSystemSerializer,
    MemberAddSerializer,
    MemberSerializer,
    MilestoneAddSerializer,
    MilestoneCloseSerializer,
    MilestoneSerializer,
    OutcomeKpiSerializer,
    PortfolioSerializer,
    ProgrammeChangeSerializer,
    ProgrammeSerializer,
    ProjectChangeSerializer,
    ProjectCheckSerializer,
    ProjectSerializer,
    StateSerializer,
    StatusSerializer,
)
from cadre.projects.filtersets import ProgrammeFilterSet, ProjectFilterSet
from cadre.projects.models import Programme, Project


class ProgrammeViewSet(CadreModelViewSet):
    """Programmes: a body's groups of projects."""

    scoped_model = Programme
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilterSet
    select_related = ("organisation",)
    create_service = services.programme_create
    update_service = services.programme_update
    delete_service = services.programme_delete

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update"):
            return ProgrammeChangeSerializer
        return ProgrammeSerializer


class ProjectViewSet(CadreModelViewSet):
    """Projects with one accountable owner; registered as drafts. A new owner needs a
    reason (``X-Cadre-Reason``). Projects are not deleted: cancel them (``state``)."""

    scoped_model = Project
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    select_related = ("organisation",)
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = services.project_create
    update_service = services.project_update

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update"):
            return ProjectChangeSerializer
        return ProjectSerializer

    @extend_schema(
        request=ProjectCheckSerializer, responses={200: ItDuplicateSerializer(many=True)}
    )
    @action(
        detail=False,
        methods=["post"],
        pagination_class=None,
        filter_backends=[],
        scoped_action="add",
    )
    def check(self, request: Request) -> Response:
        """An IT project before it is registered: the entries of other bodies' IT
        portfolios it would likely duplicate, best first (nothing is saved)."""
        body = ProjectCheckSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.project_check(
            actor=request.user,
            organisation=data["organisation"],
            capabilities=data["capabilities"],
        )
        likely = services.likely_duplicates(
            organisation=data["organisation"],
            name=data["name"],
            goal=data["goal"],
            capabilities=data["capabilities"],
        )
        return Response(ItDuplicateSerializer(likely, many=True).data)

    @extend_schema(request=LinkSystemSerializer, responses={200: ProjectSerializer})
    @action(detail=True, methods=["post"], url_path="link-system", scoped_action="change")
    def link_system(self, request: Request, pk: Any = None) -> Response:
        """Link the project to its IT portfolio entry: ``it_system`` (an entry of its
        body), or a new entry registered from the project with ``capabilities``."""
        project = self.get_object()
        body = LinkSystemSerializer(data=request.data, context={"request": request})
        reason = self.audit_reason_and_data(body, "change")
        linked = services.project_link_system(
            actor=request.user,
            project=project,
            source=AuditSource.API,
            reason=reason,
            **body.validated_data,
        )
        return Response(self._read(linked))

    @extend_schema(responses={200: StatusSerializer})
    @action(detail=True, methods=["get"], url_path="status")
    def computed_status(self, request: Request, pk: Any = None) -> Response:
        """The status computed from the milestones and KPIs, with its reasons."""
        found = selectors.status_of(self.get_object())
        return Response(StatusSerializer({"status": found.status, "reasons": found.reasons}).data)

    @extend_schema(responses={200: HistorySerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request: Request, pk: Any = None) -> Response:
        """Every change of the project and its parts, newest first."""
        events = selectors.history(self.get_object())
        return Response(HistorySerializer(events, many=True).data)

    @extend_schema(responses={200: MilestoneSerializer(many=True)})
    @action(
        detail=True,
        methods=["get"],
        url_path="milestones",
        url_name="milestones",
        pagination_class=None,
        filter_backends=[],
    )
    def milestones_of(self, request: Request, pk: Any = None) -> Response:
        return Response(
            MilestoneSerializer(selectors.milestones(self.get_object()), many=True).data
        )

    @extend_schema(responses={200: MemberSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def team(self, request: Request, pk: Any = None) -> Response:
        return Response(MemberSerializer(selectors.team(self.get_object()), many=True).data)

    @extend_schema(request=StateSerializer, responses={200: ProjectSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def state(self, request: Request, pk: Any = None) -> Response:
        """Move the project on: draft → active → closed, or cancelled."""
        body = StateSerializer(data=request.data)
        reason = self.audit_reason_and_data(body, "change")
        project = services.project_transition(
            actor=request.user,
            project=self.get_object(),
            state=body.validated_data["state"],
            source=AuditSource.API,
            reason=reason,
        )
        return Response(self._read(project))

    def _read(self, project: Project) -> Any:
        return ProjectSerializer(self.as_read(project), context={"request": self.request}).data

    @extend_schema(request=MemberAddSerializer, responses={201: MemberSerializer})
    @action(detail=True, methods=["post"], url_path="add-member", scoped_action="change")
    def add_member(self, request: Request, pk: Any = None) -> Response:
        """Put a person, of any body, on the team."""
        project = self.get_object()
        body = MemberAddSerializer(data=request.data, context={"request": request})
        reason = self.audit_reason_and_data(body, "change")
        member = services.member_add(
            actor=request.user,
            project=project,
            employee=body.validated_data["employee"],
            source=AuditSource.API,
            reason=reason,
        )
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=KpiLinkSerializer, responses={201: OutcomeKpiSerializer})
    @action(detail=True, methods=["post"], url_path="link-kpi", scoped_action="change")
    def link_kpi(self, request: Request, pk: Any = None) -> Response:
        """Answer for a KPI's target in a period (the KPI must exist for the period)."""
        project = self.get_object()
        body = KpiLinkSerializer(data=request.data, context={"request": request})
        reason = self.audit_reason_and_data(body, "change")
        link = services.kpi_link(
            actor=request.user,
            project=project,
            source=AuditSource.API,
            reason=reason,
            **body.validated_data,
        )
        return Response(OutcomeKpiSerializer(link).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MilestoneAddSerializer, responses={201: MilestoneSerializer})
    @action(detail=True, methods=["post"], url_path="add-milestone", scoped_action="change")
    def add_milestone(self, request: Request, pk: Any = None) -> Response:
        """A milestone due on a date, not before the project starts."""
        project = self.get_object()
        body = MilestoneAddSerializer(data=request.data)
        reason = self.audit_reason_and_data(body, "change")
        milestone = services.milestone_add(
            actor=request.user,
            project=project,
            source=AuditSource.API,
            reason=reason,
            **body.validated_data,
        )
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MilestoneCloseSerializer, responses={200: MilestoneSerializer})
    @action(detail=True, methods=["post"], url_path="close-milestone", scoped_action="view")
    def close_milestone(self, request: Request, pk: Any = None) -> Response:
        """Close a milestone with its evidence (JSON, or multipart with a file): the
        accountable owner or the project's office."""
        project = self.get_object()
        body = MilestoneCloseSerializer(data=request.data)
        reason = self.audit_reason_and_data(body, "change")
        data = dict(body.validated_data)
        wanted = data.pop("milestone")
        milestone = next((m for m in selectors.milestones(project) if m.pk == wanted), None)
        if milestone is None:
            raise NotFound()
        if not services.may_close(request.user, project):
            raise PermissionDenied()
        closed = services.milestone_close(
            actor=request.user, milestone=milestone, source=AuditSource.API, reason=reason, **data
        )
        return Response(MilestoneSerializer(closed).data)


class PortfolioView(APIView):
    """The portfolio of the projects you see (``body``: a body's, else the national one)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("body", int, required=False)],
        responses={200: PortfolioSerializer},
    )
    def get(self, request: Request) -> Response:
        if not can(request.user, "projects.project", "view"):
            raise PermissionDenied()
        body = None
        raw = request.query_params.get("body", "")
        if raw:
            body = (
                selectors.organisations(request.user).filter(pk=raw).first()
                if raw.isdigit() and len(raw) < 19
                else None
            )
            if body is None:
                raise NotFound()
        found = selectors.portfolio(request.user, organisation=body)
        return Response(PortfolioSerializer(found).data)
