"""The IT portfolio API: entries (CRUD; ``check`` answers the likely duplicates of an entry
not yet saved; ``approve-start`` for IT coordinators) and overlaps (read; ``decide``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cadre.core.api.serializers import ScopedRelatedField, StrictModelSerializer, StrictSerializer
from cadre.core.api.viewsets import CadreModelViewSet, CadreReadOnlyViewSet
from cadre.core.choices import AuditSource
from cadre.portfolio import detection, selectors, services
from cadre.portfolio.filtersets import OverlapFilterSet, SystemFilterSet
from cadre.portfolio.models import Overlap, System

BIG = 2**63 - 1


class CapabilityCodes(serializers.ListField):
    """Capability codes of the shared taxonomy (``document_flow``, ``crm``, ``payments``…)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            child=serializers.CharField(max_length=40),
            max_length=50,
            help_text="Capability codes of the shared taxonomy (document_flow, crm, payments…).",
            **kwargs,
        )

    def to_representation(self, data: Any) -> Any:
        if hasattr(data, "all"):
            data = [c.code for c in data.all()]
        return super().to_representation(data)


class SystemSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:portfoliosystem-detail")
    owner: Any = ScopedRelatedField(queryset=selectors.organisations(), action="add")
    capabilities = CapabilityCodes()
    data_sets = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=50, required=False, default=list
    )
    technology = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    cost = serializers.IntegerField(
        min_value=-BIG,
        max_value=BIG,
        required=False,
        allow_null=True,
        default=None,
        help_text="In minor units of the currency (tiyn, kopecks); above zero.",
    )
    currency = serializers.CharField(
        max_length=8, required=False, default="", allow_blank=True, help_text="KZT, RUB, VND, USD."
    )

    class Meta:
        model = System
        fields = [
            "id",
            "url",
            "kind",
            "name",
            "description",
            "language",
            "owner",
            "capabilities",
            "data_sets",
            "technology",
            "cost",
            "currency",
            "stage",
            "start_approved_at",
        ]
        read_only_fields = ["start_approved_at"]


class SystemCheckSerializer(StrictSerializer):
    name = serializers.CharField(max_length=255)
    description = serializers.CharField(max_length=20_000)
    owner: Any = ScopedRelatedField(queryset=selectors.organisations(), action="add")
    capabilities = CapabilityCodes()
    data_sets = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=50, required=False, default=list
    )
    technology = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class LikelyDuplicateSerializer(serializers.Serializer):
    system = serializers.IntegerField(source="system.pk")
    name = serializers.CharField(source="system.name")
    owner = serializers.IntegerField(source="system.owner_id")
    owner_name = serializers.CharField(source="system.owner.name")
    score = serializers.FloatField()
    capability_similarity = serializers.FloatField()
    text_similarity = serializers.FloatField()
    shared_capabilities = serializers.ListField(child=serializers.CharField())
    shared_terms = serializers.ListField(child=serializers.CharField())
    reason = serializers.SerializerMethodField()

    def get_reason(self, obj: Any) -> str:
        return selectors.reason(
            shared_capabilities=obj.shared_capabilities,
            text_similarity=obj.text_similarity,
            shared_terms=obj.shared_terms,
        )


class ApproveStartSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=10_000)


class StartPolicyRowSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation.name")
    approval_required = serializers.BooleanField()
    updated_at = serializers.DateTimeField()


class StartPoliciesSerializer(serializers.Serializer):
    national = serializers.BooleanField(
        help_text="CADRE_PORTFOLIO_START_APPROVAL: the rule of bodies without their own."
    )
    bodies = StartPolicyRowSerializer(many=True)


class StartPolicySetSerializer(StrictSerializer):
    organisation: Any = serializers.PrimaryKeyRelatedField(queryset=selectors.organisations(None))
    approval_required = serializers.BooleanField(
        allow_null=True,
        help_text="true / false; null: the body follows the body above (else the national).",
    )
    reason = serializers.CharField(max_length=10_000)


class SystemViewSet(CadreModelViewSet):
    """The IT portfolio of your scope. A new or changed entry is checked for overlaps with
    other bodies' entries in the background; ``check`` answers them before saving."""

    scoped_model = System
    serializer_class = SystemSerializer
    filterset_class = SystemFilterSet
    select_related = ("owner",)
    prefetch_related = ("capabilities",)
    create_service = services.system_create
    update_service = services.system_update
    delete_service = services.system_delete

    @extend_schema(
        request=SystemCheckSerializer, responses={200: LikelyDuplicateSerializer(many=True)}
    )
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def check(self, request: Request) -> Response:
        """The likely duplicates in other bodies of an entry with this content (nothing is
        saved), best first."""
        body = SystemCheckSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        codes = [c.code for c in services.capabilities_from(data["capabilities"])]
        likely = detection.check_new(
            name=data["name"],
            description=data["description"],
            capabilities=codes,
            body=data["owner"],
            data_sets=data["data_sets"],
            technology=data["technology"],
        )
        return Response(LikelyDuplicateSerializer(likely, many=True).data)

    @extend_schema(request=None, responses={200: StartPoliciesSerializer})
    @action(
        detail=False,
        methods=["get"],
        url_path="start-policy",
        pagination_class=None,
        filter_backends=[],
        scoped_action="view",
    )
    def start_policy(self, request: Request) -> Response:
        """Whether starting an IT project needs a coordinator's approval: the national
        setting and the bodies' own rules you may see."""
        return self._policies(request)

    def _policies(self, request: Request) -> Response:
        from django.conf import settings

        data = {
            "national": settings.CADRE_PORTFOLIO_START_APPROVAL,
            "bodies": list(selectors.start_policies(request.user)),
        }
        return Response(StartPoliciesSerializer(data).data)

    @extend_schema(request=StartPolicySetSerializer, responses={200: StartPoliciesSerializer})
    @start_policy.mapping.post
    def set_start_policy(self, request: Request) -> Response:
        """Set a body's rule (an IT coordinator over it, or a national administrator),
        with the reason; audited."""
        body = StartPolicySetSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        services.start_policy_set(actor=request.user, source=AuditSource.API, **body.validated_data)
        return self._policies(request)

    @extend_schema(request=ApproveStartSerializer, responses={200: SystemSerializer})
    @action(detail=True, methods=["post"], url_path="approve-start", scoped_action="approve")
    def approve_start(self, request: Request, pk: Any = None) -> Response:
        """An IT coordinator approves that an idea may start development."""
        body = ApproveStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        system = services.system_approve_start(
            actor=request.user,
            system=self.get_object(),
            reason=body.validated_data["reason"],
            source=AuditSource.API,
        )
        return Response(self.get_serializer(self.as_read(system)).data)


class OverlapSerializer(StrictModelSerializer):
    reason = serializers.SerializerMethodField()
    # JSON lists of text: typed, so that the schema says what they hold.
    shared_capabilities = serializers.ListField(child=serializers.CharField(), read_only=True)
    shared_terms = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Overlap
        fields = [
            "id",
            "system_a",
            "system_b",
            "score",
            "capability_similarity",
            "text_similarity",
            "shared_capabilities",
            "shared_terms",
            "reason",
            "state",
            "decision",
            "decision_reason",
            "decided_at",
            "found_at",
        ]
        read_only_fields = fields

    def get_reason(self, obj: Overlap) -> str:
        return selectors.overlap_reason(obj)


class OverlapDecideSerializer(StrictSerializer):
    decision = serializers.CharField(
        max_length=20, help_text="reuse, merge, justified or not_overlap."
    )
    reason = serializers.CharField(max_length=10_000)


class OverlapViewSet(CadreReadOnlyViewSet):
    """Pairs of entries of different bodies that may do the same thing, best first, with
    the reason; IT coordinators record a decision on each (``decide``)."""

    scoped_model = Overlap
    serializer_class = OverlapSerializer
    filterset_class = OverlapFilterSet
    select_related = ("system_a__owner", "system_b__owner")

    @extend_schema(request=OverlapDecideSerializer, responses={200: OverlapSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def decide(self, request: Request, pk: Any = None) -> Response:
        body = OverlapDecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        overlap = services.overlap_decide(
            actor=request.user,
            overlap=self.get_object(),
            decision=body.validated_data["decision"],
            reason=body.validated_data["reason"],
            source=AuditSource.API,
        )
        return Response(OverlapSerializer(self.as_read(overlap)).data, status=status.HTTP_200_OK)
