"""The privacy API: retention policies (read; ``set`` for national administrators), legal
holds (create, change; ``release``), erasure requests (create; ``review``), a person's data
exports (start one; read), the breach register (national: create, change)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from cadre.core.access import access
from cadre.core.api.serializers import ScopedRelatedField, StrictModelSerializer, StrictSerializer
from cadre.core.api.viewsets import CadreModelViewSet, CadreReadOnlyViewSet
from cadre.core.choices import AuditSource
from cadre.people.models import Employee
from cadre.privacy import services
from cadre.privacy.filtersets import (
    DataExportFilterSet,
    ErasureRequestFilterSet,
    LegalHoldFilterSet,
)
from cadre.privacy.models import DataExport, ErasureRequest, LegalHold

EMPLOYEES = Employee.objects.all()


class LegalHoldSerializer(StrictModelSerializer):
    employee: Any = ScopedRelatedField(queryset=EMPLOYEES, action="change")
    released_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = LegalHold
        fields = ["id", "employee", "grounds", "until", "released_at", "created_at"]
        read_only_fields = ["released_at", "created_at"]


class LegalHoldViewSet(CadreModelViewSet):
    """Legal holds on people's data: retention and erasure leave a held person alone."""

    scoped_model = LegalHold
    serializer_class = LegalHoldSerializer
    filterset_class = LegalHoldFilterSet
    select_related = ("employee",)
    create_service = services.legal_hold_create
    update_service = services.legal_hold_update
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(request=None, responses={200: LegalHoldSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def release(self, request: Request, pk: Any = None) -> Response:
        """End the hold now (the reason from ``X-Cadre-Reason``)."""
        hold = services.legal_hold_release(
            actor=request.user,
            hold=self.get_object(),
            source=AuditSource.API,
            reason=self.audit_reason("change"),
        )
        return Response(self.get_serializer(hold).data)


class ErasureKeptSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    why = serializers.CharField()


class ErasureOutcomeSerializer(serializers.Serializer):
    """What an erasure did, by model label (``people.education``…)."""

    deleted = serializers.DictField(child=serializers.IntegerField(), required=False)
    anonymised = serializers.DictField(child=serializers.IntegerField(), required=False)
    kept = serializers.DictField(child=ErasureKeptSerializer(), required=False)
    redacted_events = serializers.IntegerField(required=False)


class ErasureRequestSerializer(StrictModelSerializer):
    employee: Any = ScopedRelatedField(queryset=EMPLOYEES, action="view")
    outcome = ErasureOutcomeSerializer(read_only=True)
    reviewed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    executed_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = ErasureRequest
        fields = [
            "id",
            "employee",
            "grounds",
            "state",
            "review_note",
            "reviewed_at",
            "executed_at",
            "outcome",
            "created_at",
        ]
        read_only_fields = ["state", "review_note", "reviewed_at", "executed_at", "created_at"]


class ErasureReviewSerializer(StrictSerializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=10_000, required=False, default="", allow_blank=True)


class ErasureRequestViewSet(CadreModelViewSet):
    """Requests to erase a person's data: asked (the person or HR in scope), reviewed by a
    national administrator (``review``), then carried out by a job."""

    scoped_model = ErasureRequest
    serializer_class = ErasureRequestSerializer
    filterset_class = ErasureRequestFilterSet
    select_related = ("employee",)
    create_service = services.erasure_request_create
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=ErasureReviewSerializer, responses={200: ErasureRequestSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def review(self, request: Request, pk: Any = None) -> Response:
        """Approve (the erasure job starts) or refuse, with a note (required to refuse)."""
        body = ErasureReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        obj = services.erasure_request_review(
            actor=request.user,
            request=self.get_object(),
            source=AuditSource.API,
            **body.validated_data,
        )
        return Response(self.get_serializer(obj).data)


class DataExportSerializer(StrictModelSerializer):
    job = serializers.UUIDField(source="job_id", read_only=True, allow_null=True)
    ready = serializers.SerializerMethodField()

    class Meta:
        model = DataExport
        fields = ["id", "employee", "requested_by", "requested_at", "job", "ready"]
        read_only_fields = fields

    def get_ready(self, obj: DataExport) -> bool:
        return bool(obj.file_name)


class ExportStartSerializer(StrictSerializer):
    employee = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class DataExportViewSet(CadreReadOnlyViewSet):
    """A person's data exports; ``start`` one (yourself, or someone whose record you keep:
    anyone else is not found). The file: the export's page."""

    scoped_model = DataExport
    serializer_class = DataExportSerializer
    filterset_class = DataExportFilterSet
    select_related = ("employee", "job")

    @extend_schema(request=ExportStartSerializer, responses={201: DataExportSerializer})
    @action(detail=False, methods=["post"], scoped_action="view")
    def start(self, request: Request) -> Response:
        body = ExportStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            employee = access(Employee, request.user, body.validated_data["employee"])
        except Exception as exc:
            raise NotFound from exc
        if not services.may_export(request.user, employee):
            raise NotFound
        export = services.data_export_create(
            actor=request.user, employee=employee, source=AuditSource.API
        )
        return Response(self.get_serializer(export).data, status=status.HTTP_201_CREATED)
