"""The national part of the privacy API, outside the router (national only, so not the
a/b scope matrix of the router's viewsets): the retention policies (read; national
administrators change one) and the breach register (national administrators keep it,
auditors read it; anyone else 403)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadre.core.api.pagination import CadrePagination
from cadre.core.api.serializers import StrictModelSerializer, StrictSerializer
from cadre.core.api.viewsets import ReasonMixin
from cadre.core.choices import AuditSource
from cadre.core.permissions import DataClass
from cadre.core.reasons import HEADER
from cadre.privacy import breaches, selectors, services
from cadre.privacy.choices import RetentionAction
from cadre.privacy.filtersets import BreachFilterSet
from cadre.privacy.models import Breach, RetentionPolicy

REASON = OpenApiParameter(
    HEADER, str, OpenApiParameter.HEADER, required=False, description="Why (audited)."
)


def _national(request: Request, label: str, action: str = "view") -> None:
    if not selectors.national(request.user, label, action):
        raise PermissionDenied


class RetentionPolicySerializer(StrictModelSerializer):
    class Meta:
        model = RetentionPolicy
        fields = [
            "id",
            "category",
            "legal_basis",
            "period_months",
            "action",
            "active",
            "updated_at",
        ]
        read_only_fields = fields


class RetentionPolicySetSerializer(StrictSerializer):
    legal_basis = serializers.CharField(max_length=10_000, required=False)
    period_months = serializers.IntegerField(
        required=False, min_value=-(2**31), max_value=2**31 - 1
    )
    action = serializers.ChoiceField(choices=RetentionAction.choices, required=False)
    active = serializers.BooleanField(required=False)


class RetentionPoliciesView(ReasonMixin, APIView):
    """Retention per category of personal data (national roles)."""

    scoped_model = RetentionPolicy
    takes_reason = False  # the header is documented on each writing operation below

    @extend_schema(
        operation_id="retention_policies_list",
        responses={200: RetentionPolicySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        _national(request, "privacy.retentionpolicy")
        rows = selectors.policies(request.user).order_by("category")
        return Response(RetentionPolicySerializer(rows, many=True).data)


class RetentionPolicyView(ReasonMixin, APIView):
    """One category's policy; national administrators change its basis, period (months,
    above zero), action or whether the nightly run applies it (audited)."""

    scoped_model = RetentionPolicy
    takes_reason = False  # the header is documented on each writing operation below

    def _policy(self, request: Request, pk: int, action: str) -> RetentionPolicy:
        _national(request, "privacy.retentionpolicy", action)
        policy = selectors.policies(request.user).filter(pk=pk).first()
        if policy is None:
            raise NotFound
        return policy

    @extend_schema(responses={200: RetentionPolicySerializer})
    def get(self, request: Request, pk: int) -> Response:
        return Response(RetentionPolicySerializer(self._policy(request, pk, "view")).data)

    @extend_schema(
        request=RetentionPolicySetSerializer,
        responses={200: RetentionPolicySerializer},
        parameters=[REASON],
    )
    def patch(self, request: Request, pk: int) -> Response:
        policy = self._policy(request, pk, "change")
        body = RetentionPolicySetSerializer(data=request.data)
        reason = self.audit_reason_and_data(body, "change")
        policy = services.retention_policy_update(
            actor=request.user,
            instance=policy,
            source=AuditSource.API,
            reason=reason,
            **body.validated_data,
        )
        return Response(RetentionPolicySerializer(policy).data)


class BreachSerializer(StrictModelSerializer):
    data_classes = serializers.ListField(
        child=serializers.ChoiceField(choices=list(DataClass.ALL)), max_length=10
    )
    regulator_notified_at = serializers.DateTimeField(required=False, allow_null=True)
    results_reported_at = serializers.DateTimeField(required=False, allow_null=True)
    people_notified_at = serializers.DateTimeField(required=False, allow_null=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Breach
        fields = [
            "id",
            "title",
            "description",
            "detected_at",
            "country",
            "data_classes",
            "people_count",
            "records_count",
            "state",
            "regulator_notified_at",
            "results_reported_at",
            "people_notified_at",
            "closed_at",
            "archived",
        ]
        read_only_fields = ["closed_at", "archived"]


class BreachPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = BreachSerializer(many=True)


FILTERS = [
    OpenApiParameter("state", str, enum=["open", "closed"]),
    OpenApiParameter("country", str, enum=["RU", "KZ", "VN"]),
    OpenApiParameter("archived", bool),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int),
]


class BreachesView(ReasonMixin, APIView):
    """The breach register: list (filters ``state``, ``country``, ``archived``) and record."""

    scoped_model = Breach
    pagination_class = CadrePagination
    takes_reason = False  # the header is documented on each writing operation below

    @extend_schema(
        operation_id="breaches_list", responses={200: BreachPageSerializer}, parameters=FILTERS
    )
    def get(self, request: Request) -> Response:
        _national(request, "privacy.breach")
        rows = BreachFilterSet(request.query_params, selectors.breaches(request.user)).qs
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows.order_by("-detected_at", "-id"), request, self)
        return paginator.get_paginated_response(BreachSerializer(page, many=True).data)

    @extend_schema(request=BreachSerializer, responses={201: BreachSerializer}, parameters=[REASON])
    def post(self, request: Request) -> Response:
        _national(request, "privacy.breach", "add")
        body = BreachSerializer(data=request.data)
        reason = self.audit_reason_and_data(body, "add")
        breach = breaches.breach_create(
            actor=request.user, source=AuditSource.API, reason=reason, **body.validated_data
        )
        return Response(BreachSerializer(breach).data, status=status.HTTP_201_CREATED)


class BreachView(ReasonMixin, APIView):
    """One incident: read; national administrators update it (state, when the regulator
    and the people were told)."""

    scoped_model = Breach
    takes_reason = False  # the header is documented on each writing operation below

    def _breach(self, request: Request, pk: int, action: str) -> Breach:
        _national(request, "privacy.breach", action)
        breach = selectors.breaches(request.user).filter(pk=pk).first()
        if breach is None:
            raise NotFound
        return breach

    @extend_schema(responses={200: BreachSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return Response(BreachSerializer(self._breach(request, pk, "view")).data)

    @extend_schema(request=BreachSerializer, responses={200: BreachSerializer}, parameters=[REASON])
    def patch(self, request: Request, pk: int) -> Response:
        breach = self._breach(request, pk, "change")
        body = BreachSerializer(breach, data=request.data, partial=True)
        reason = self.audit_reason_and_data(body, "change")
        breach = breaches.breach_update(
            actor=request.user,
            instance=breach,
            source=AuditSource.API,
            reason=reason,
            **body.validated_data,
        )
        return Response(BreachSerializer(breach).data)
