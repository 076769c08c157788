"""The rating pay API: policies (read, create, delete while no one is reviewed under them;
``candidates`` with why each consequence applies or not; ``reviews`` to record one;
``freeze-scores`` freezes the scores of a period, the policies' input)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cadre.core.api.serializers import StrictModelSerializer, StrictSerializer
from cadre.core.api.viewsets import CadreReadOnlyViewSet, ReasonMixin
from cadre.core.choices import AuditSource
from cadre.ratingpay import selectors, services
from cadre.ratingpay.models import Policy, ReviewStage, ScoreSnapshot


class PolicySerializer(StrictModelSerializer):
    period = serializers.CharField(source="period.code", read_only=True)
    scores_frozen_at = serializers.SerializerMethodField()

    class Meta:
        model = Policy
        fields = [
            "id",
            "organisation",
            "period",
            "min_ratings",
            "min_probability",
            "share",
            "scores_frozen_at",
        ]
        read_only_fields = fields

    def get_scores_frozen_at(self, obj: Policy) -> str | None:
        taken = getattr(obj, "scores_frozen_at", None)
        if taken is None and not hasattr(obj, "scores_frozen_at"):
            snapshot = selectors.snapshot_of(obj.period)
            taken = snapshot.taken_at if snapshot is not None else None
        return taken.isoformat() if taken is not None else None


class PolicyCreateSerializer(StrictSerializer):
    organisation = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    period = serializers.CharField(max_length=16)
    min_ratings = serializers.IntegerField(min_value=1, max_value=1_000_000, default=30)
    min_probability = serializers.DecimalField(
        max_digits=4,
        decimal_places=3,
        min_value=Decimal("0.5"),
        max_value=Decimal("0.999"),
        default=Decimal("0.9"),
    )
    share = serializers.DecimalField(
        max_digits=4,
        decimal_places=3,
        min_value=Decimal("0.001"),
        max_value=Decimal("0.5"),
        default=Decimal("0.2"),
    )


class ScoreSerializer(serializers.Serializer):
    ratings = serializers.IntegerField()
    negatives = serializers.IntegerField()
    expected = serializers.FloatField()
    ratio = serializers.FloatField()
    ratio_low = serializers.FloatField()
    ratio_high = serializers.FloatField()
    p_worse = serializers.FloatField()


class CandidateSerializer(serializers.Serializer):
    employee = serializers.IntegerField(source="employee.pk")
    name = serializers.CharField(source="employee.__str__")
    score = ScoreSerializer(source="row")
    previous = ScoreSerializer(allow_null=True)
    flagged_before = serializers.BooleanField()
    appeal_pending = serializers.BooleanField()
    applies = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())


class ReviewSerializer(StrictSerializer):
    employee = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    stage = serializers.ChoiceField(choices=ReviewStage.choices)
    agrees = serializers.BooleanField()
    reason = serializers.CharField(max_length=10_000)


class SnapshotSerializer(StrictModelSerializer):
    period = serializers.CharField(source="period.code", read_only=True)

    class Meta:
        model = ScoreSnapshot
        fields = ["id", "period", "taken_at", "worse_ratio", "rows"]
        read_only_fields = fields


class TakeSerializer(StrictSerializer):
    period = serializers.CharField(max_length=16)


def _period(code: str) -> Any:
    period = selectors.period_by_code(code)
    if period is None:
        raise ValidationError({"period": [services.no_period_message(code)]})
    return period


class PolicyViewSet(ReasonMixin, CadreReadOnlyViewSet):
    """Rating pay policies of your scope. A consequence applies only when the official had
    enough ratings, was reliably worse than expected in this period and the one before, a
    manager and HR both agreed in their reviews, and no appeal is under way."""

    scoped_model = Policy
    serializer_class = PolicySerializer
    select_related = ("period",)

    def get_queryset(self) -> Any:
        return selectors.with_frozen_at(super().get_queryset())

    @extend_schema(request=PolicyCreateSerializer, responses={201: PolicySerializer})
    def create(self, request: Request) -> Response:
        body = PolicyCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        organisation = selectors.organisation_for(request.user, data["organisation"])
        if organisation is None:
            raise ValidationError({"organisation": [services.no_organisation_message()]})
        policy = services.policy_create(
            actor=request.user,
            organisation=organisation,
            period=_period(data["period"]),
            min_ratings=data["min_ratings"],
            min_probability=data["min_probability"],
            share=data["share"],
            reason=self.audit_reason("add"),
            source=AuditSource.API,
        )
        return Response(PolicySerializer(policy).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: CandidateSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def candidates(self, request: Request, pk: Any = None) -> Response:
        found = selectors.candidates_for(request.user, self.get_object())
        return Response(CandidateSerializer(found, many=True).data)

    @extend_schema(request=ReviewSerializer, responses={201: CandidateSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def reviews(self, request: Request, pk: Any = None) -> Response:
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        policy = self.get_object()
        found = {c.employee.pk: c for c in selectors.candidates_for(request.user, policy)}.get(
            body.validated_data["employee"]
        )
        if found is None:
            raise ValidationError({"employee": [services.not_flagged_message()]})
        services.review_record(
            actor=request.user,
            policy=policy,
            employee=found.employee,
            stage=body.validated_data["stage"],
            agrees=body.validated_data["agrees"],
            reason=body.validated_data["reason"],
            source=AuditSource.API,
        )
        fresh = selectors.candidate(policy, found.employee.pk)
        return Response(CandidateSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.policy_delete(
            actor=request.user,
            policy=self.get_object(),
            reason=self.audit_reason("delete"),
            source=AuditSource.API,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=TakeSerializer, responses={201: SnapshotSerializer})
    @action(detail=False, methods=["post"], url_path="freeze-scores")
    def freeze_scores(self, request: Request) -> Response:
        """Freeze every official's current fair score as the pay input of a period (once per
        period; national administrators)."""
        body = TakeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        period = _period(body.validated_data["period"])
        snapshot = services.snapshot_take(actor=request.user, period=period, source=AuditSource.API)
        return Response(SnapshotSerializer(snapshot).data, status=status.HTTP_201_CREATED)
