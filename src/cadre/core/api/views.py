from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadre.core.api.parsers import MultiPartParser
from cadre.core.api.serializers import ANY_OBJECT, json_field
from cadre.core.api.viewsets import CadreReadOnlyViewSet
from cadre.core.filtersets import AuditEventFilterSet, JobFilterSet
from cadre.core.jobrun import job_with_live_progress
from cadre.core.models import AuditEvent, Job
from cadre.core.services import job_create


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    changes = json_field(
        {**ANY_OBJECT, "description": "What changed: field → value, or [before, after]."},
        read_only=True,
    )

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "chain",
            "occurred_at",
            "actor",
            "actor_repr",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "reason",
            "source",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields


class JobSerializer(serializers.ModelSerializer[Job]):
    percent = serializers.IntegerField(read_only=True)
    message = serializers.CharField(
        source="display_message",
        read_only=True,
        help_text="The latest progress or result message, in the request's language.",
    )
    result = json_field(
        {**ANY_OBJECT, "description": "What the job found or made (by kind)."}, read_only=True
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "progress_done",
            "progress_total",
            "percent",
            "message",
            "result",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Job) -> dict[str, Any]:
        return super().to_representation(job_with_live_progress(instance))


class AuditEventViewSet(CadreReadOnlyViewSet):
    """The audit log, read-only, limited to the caller's scope."""

    scoped_model = AuditEvent
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet
    ordering_fields = ["id", "occurred_at"]

    @extend_schema(request=None, responses={202: JobSerializer})
    # Verifying changes nothing: whoever may read the audit log (auditors) may verify it,
    # as on the audit page.
    @action(detail=False, methods=["post"], scoped_action="view")
    def verify(self, request: Request) -> Response:
        """Start a job that verifies every audit chain; poll the job for the result. Open to
        whoever may read the audit log."""
        job = job_create(actor=request.user, kind="core.audit_verify")
        job.refresh_from_db()
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class JobViewSet(CadreReadOnlyViewSet):
    """Long-running work and its progress."""

    scoped_model = Job
    serializer_class = JobSerializer
    filterset_class = JobFilterSet
    ordering_fields = ["created_at"]


class ImportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[])  # the kinds the apps register

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from cadre.core.imports.spec import IMPORTS

        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.choices = sorted(IMPORTS)

    mode = serializers.ChoiceField(choices=["check", "all", "good"], default="all")
    file = serializers.FileField()


class ImportView(APIView):
    """Start an import of a CSV or XLSX file (multipart). Poll the returned job for progress;
    its ``result`` lists every bad row, column and reason."""

    parser_classes = [MultiPartParser]

    @extend_schema(request=ImportRequestSerializer, responses={202: JobSerializer})
    def post(self, request: Request) -> Response:
        from cadre.core.imports.runs import import_start

        data = ImportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = import_start(
            actor=request.user,
            kind=data.validated_data["kind"],
            mode=data.validated_data["mode"],
            upload=data.validated_data["file"],
        )
        job.refresh_from_db()
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
