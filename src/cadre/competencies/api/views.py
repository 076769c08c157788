from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadre.accounts.roles import can
from cadre.competencies import frameworks, services
from cadre.competencies.api.serializers import (
    CrosswalkCreateSerializer,
    CrosswalkSerializer,
    FrameworkImportSerializer,
    FrameworkSerializer,
    FrameworkVersionSerializer,
    PositionProfileSerializer,
    ProfileVersionCreateSerializer,
    ProfileVersionSerializer,
)
from cadre.competencies.filtersets import (
    FrameworkFilterSet,
    FrameworkVersionFilterSet,
    PositionProfileFilterSet,
    ProfileVersionFilterSet,
)
from cadre.competencies.models import (
    Crosswalk,
    Framework,
    FrameworkVersion,
    PositionProfile,
    ProfileVersion,
    Requirement,
)
from cadre.core.api.viewsets import CadreModelViewSet, CadreReadOnlyViewSet
from cadre.core.choices import AuditSource


class FrameworkViewSet(CadreReadOnlyViewSet):
    """Competency frameworks (a national classifier: every signed-in user may read them)."""

    scoped_model = Framework
    serializer_class = FrameworkSerializer
    filterset_class = FrameworkFilterSet
    prefetch_related = ("versions",)


class FrameworkVersionViewSet(CadreReadOnlyViewSet):
    """A framework version with its proficiency scale and its competencies."""

    scoped_model = FrameworkVersion
    serializer_class = FrameworkVersionSerializer
    select_related = ("framework",)
    prefetch_related = ("levels", "competencies__parent")
    filterset_class = FrameworkVersionFilterSet

    @extend_schema(request=None, responses={200: FrameworkVersionSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def publish(self, request: Request, pk: Any = None) -> Response:
        """Publish a draft; the previously published version is retired."""
        version = services.version_publish(
            actor=request.user, version=self.get_object(), source=AuditSource.API
        )
        return Response(FrameworkVersionSerializer(version).data)


class FrameworkImportView(APIView):
    """Load a framework file (JSON) as the next draft version of its framework."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=FrameworkImportSerializer, responses={201: FrameworkVersionSerializer})
    def post(self, request: Request) -> Response:
        if not can(request.user, "competencies.framework", "add"):
            raise PermissionDenied()
        body = FrameworkImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = frameworks.parse_json(body.validated_data["framework"])
        version = services.framework_import(
            actor=request.user,
            data=data,
            publish=body.validated_data["publish"],
            notes=body.validated_data["notes"],
            source=AuditSource.API,
        )
        return Response(FrameworkVersionSerializer(version).data, status=status.HTTP_201_CREATED)


class PositionProfileViewSet(CadreModelViewSet):
    """Position standards kept by the bodies in your scope (and the national ones)."""

    scoped_model = PositionProfile
    serializer_class = PositionProfileSerializer
    filterset_class = PositionProfileFilterSet
    select_related = ("organisation",)
    create_service = services.profile_create
    update_service = services.profile_update
    delete_service = services.profile_delete

    @extend_schema(
        request=ProfileVersionCreateSerializer, responses={201: ProfileVersionSerializer}
    )
    @action(detail=True, methods=["post"], scoped_action="change")
    def versions(self, request: Request, pk: Any = None) -> Response:
        """Add a version with its requirements; ``in_force`` puts it in force at once."""
        profile = self.get_object()  # in the user's change scope (scoped_action), or 403
        body = ProfileVersionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = services.profile_version_create(
            actor=request.user, profile=profile, source=AuditSource.API, **body.validated_data
        )
        return Response(ProfileVersionSerializer(version).data, status=status.HTTP_201_CREATED)


class ProfileVersionViewSet(CadreReadOnlyViewSet):
    """Versions of position standards, with their requirements."""

    scoped_model = ProfileVersion
    serializer_class = ProfileVersionSerializer
    filterset_class = ProfileVersionFilterSet
    prefetch_related = (
        Prefetch(
            "requirements",
            queryset=Requirement.objects.select_related("competency__framework"),
        ),
    )  # type: ignore[assignment]


class CrosswalkViewSet(viewsets.GenericViewSet):
    """Correspondences between competencies of two frameworks (``?framework=DG`` for those
    touching one framework). Every signed-in user reads them; the national authority
    records and deletes them."""

    permission_classes = [IsAuthenticated]
    serializer_class = CrosswalkSerializer

    def get_queryset(self) -> Any:
        qs = Crosswalk.objects.select_related("source__framework", "target__framework").order_by(
            "source__framework__code", "source__code", "source_level"
        )
        framework = self.request.query_params.get("framework")
        if framework:
            qs = qs.filter(
                models.Q(source__framework__code=framework)
                | models.Q(target__framework__code=framework)
            )
        return qs

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CrosswalkSerializer(page, many=True).data)

    @extend_schema(request=CrosswalkCreateSerializer, responses={201: CrosswalkSerializer})
    def create(self, request: Request) -> Response:
        if not can(request.user, "competencies.framework", "change"):
            raise PermissionDenied()
        body = CrosswalkCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        crosswalk = services.crosswalk_create(
            actor=request.user,
            source_competency=services.competency_by_key(data["source"], field="source"),
            source_level=data["source_level"],
            target=services.competency_by_key(data["target"], field="target"),
            target_level=data["target_level"],
            note=data["note"],
            origin=AuditSource.API,
        )
        return Response(CrosswalkSerializer(crosswalk).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        if not can(request.user, "competencies.framework", "change"):
            raise PermissionDenied()
        crosswalk = self.get_object()  # an id that names no crosswalk is 404, whatever it is
        services.crosswalk_delete(actor=request.user, crosswalk=crosswalk, origin=AuditSource.API)
        return Response(status=status.HTTP_204_NO_CONTENT)
