from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadre.accounts import services
from cadre.accounts.api.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenSerializer,
    MeUpdateSerializer,
    RoleAssignmentSerializer,
    UserCreateSerializer,
    UserSerializer,
)
from cadre.accounts.filtersets import RoleAssignmentFilterSet, UserFilterSet
from cadre.accounts.models import ApiToken, RoleAssignment, User
from cadre.core.api.viewsets import CadreModelViewSet, ReasonMixin, ScopedViewSetMixin
from cadre.core.choices import AuditSource


class MeView(APIView):
    """Who the caller is and which roles they hold, over which organisations."""

    @extend_schema(responses=UserSerializer)
    def get(self, request: Request) -> Response:
        user = User.objects.prefetch_related("role_assignments__organisation").get(
            pk=request.user.pk
        )
        return Response(UserSerializer(user, context={"request": request}).data)

    @extend_schema(request=MeUpdateSerializer, responses=UserSerializer)
    def patch(self, request: Request) -> Response:
        """Set your own preferences: the language of your notices."""
        body = MeUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.user_language_set(
            actor=request.user,
            user=request.user,
            language=body.validated_data["language"],
            source=AuditSource.API,
        )
        return self.get(request)


class UserViewSet(
    ReasonMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Users in the caller's scope. Users are deactivated, never deleted."""

    scoped_model = User
    filterset_class = UserFilterSet
    ordering_fields = ["username", "last_name"]
    prefetch_related = ("role_assignments__organisation",)

    def get_serializer_class(self) -> Any:
        return UserCreateSerializer if self.action == "create" else UserSerializer

    @extend_schema(request=UserCreateSerializer, responses={201: UserSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = UserCreateSerializer(data=request.data, context={"request": request})
        reason = self.audit_reason_and_data(serializer, "add")
        data = {"organisation": None, **serializer.validated_data}
        user = services.user_create_with_role(
            actor=request.user, source=AuditSource.API, reason=reason, **data
        )
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class RoleAssignmentViewSet(CadreModelViewSet):
    """Roles held by users over organisation subtrees."""

    scoped_model = RoleAssignment
    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilterSet
    select_related = ("user", "organisation")
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = services.role_assignment_create
    delete_service = services.role_assignment_delete
    service_instance_kwarg = "assignment"


class ApiTokenViewSet(CadreModelViewSet):
    """The caller's own API tokens. The key is returned once, when the token is created."""

    scoped_model = ApiToken
    serializer_class = ApiTokenSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]

    @extend_schema(request=ApiTokenSerializer, responses={201: ApiTokenCreatedSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ApiTokenSerializer(data=request.data)
        reason = self.audit_reason_and_data(serializer, "add")
        token, key = services.api_token_create(
            actor=request.user,  # type: ignore[arg-type]
            name=serializer.validated_data["name"],
            days=serializer.validated_data.get("days"),
            source=AuditSource.API,
            reason=reason,
        )
        out = ApiTokenCreatedSerializer(token, context={"key": key})
        return Response(out.data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: ApiToken) -> None:
        services.api_token_revoke(
            actor=self.request.user, token=instance, source=AuditSource.API, reason=self.reason
        )

    def get_queryset(self) -> Any:
        return super().get_queryset().filter(revoked_at__isnull=True)
