"""The appeals API: ``POST /appeals/file/`` files one (multipart, with an optional evidence
file); ``admit``, ``decide`` and ``withdraw`` move it on. Reads are scoped as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cadre.appeals import selectors, services
from cadre.appeals.models import Appeal, AppealState
from cadre.core.api.serializers import StrictModelSerializer, StrictSerializer
from cadre.core.api.viewsets import CadreReadOnlyViewSet, ReasonMixin
from cadre.core.choices import AuditSource


class AppealSerializer(StrictModelSerializer):
    employee = serializers.SerializerMethodField()
    run = serializers.IntegerField(source="line.run_id", read_only=True)
    has_evidence = serializers.SerializerMethodField()
    panel = serializers.SerializerMethodField()

    class Meta:
        model = Appeal
        fields = [
            "id",
            "line",
            "run",
            "employee",
            "state",
            "grounds",
            "has_evidence",
            "filed_at",
            "window_ends",
            "admitted_at",
            "decide_by",
            "decided_at",
            "decided_by",
            "decision_reason",
            "amended_achievement",
            "correction",
            "panel",
        ]
        read_only_fields = fields

    def get_employee(self, obj: Appeal) -> str:
        return str(obj.line.employee)

    def get_has_evidence(self, obj: Appeal) -> bool:
        return bool(obj.evidence)

    def get_panel(self, obj: Appeal) -> list[str]:
        return sorted(m.user.username for m in obj.panel.all())


class FileSerializer(StrictSerializer):
    line = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    grounds = serializers.CharField(max_length=10_000)
    evidence = serializers.FileField(required=False)


class AdmitSerializer(StrictSerializer):
    panel = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=15,
    )


class DecideSerializer(StrictSerializer):
    outcome = serializers.ChoiceField(
        choices=[AppealState.UPHELD, AppealState.AMENDED, AppealState.REJECTED]
    )
    reason = serializers.CharField(max_length=10_000)
    amended_achievement = serializers.DecimalField(
        max_digits=7,
        decimal_places=4,
        min_value=Decimal(0),
        max_value=Decimal(10),
        required=False,
    )


class AppealViewSet(ReasonMixin, CadreReadOnlyViewSet):
    """Appeals against pay lines: yours, those you sit on as a panel member, those of your
    scope (HR). Filing and every step are audited; a contested amount is held out of the
    run's payroll file until the appeal is decided."""

    scoped_model = Appeal
    serializer_class = AppealSerializer
    select_related = ("line__employee",)
    prefetch_related = ("panel__user",)

    @extend_schema(request=FileSerializer, responses={201: AppealSerializer})
    @action(detail=False, methods=["post"], url_path="file", scoped_action="view")
    def file(self, request: Request) -> Response:
        """File an appeal against your own line of an approved run."""
        body = FileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        line = selectors.line_for(request.user, body.validated_data["line"])
        if line is None:
            raise ValidationError({"line": [services.not_yours_message()]})
        appeal = services.appeal_file(
            actor=request.user,
            line=line,
            grounds=body.validated_data["grounds"],
            evidence=body.validated_data.get("evidence"),
            source=AuditSource.API,
        )
        return Response(AppealSerializer(appeal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AdmitSerializer, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def admit(self, request: Request, pk: Any = None) -> Response:
        body = AdmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = body.validated_data["panel"]
        users = selectors.users_by_ids(ids)
        missing = sorted(set(ids) - {u.pk for u in users})
        if missing:
            raise ValidationError({"panel": [services.no_such_users_message(missing)]})
        appeal = services.appeal_admit(
            actor=request.user,
            appeal=self.get_object(),
            panel=users,
            source=AuditSource.API,
            reason=self.audit_reason("change"),
        )
        return Response(AppealSerializer(appeal).data)

    @extend_schema(request=DecideSerializer, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def decide(self, request: Request, pk: Any = None) -> Response:
        body = DecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        appeal = services.appeal_decide(
            actor=request.user,
            appeal=self.get_object(),
            outcome=body.validated_data["outcome"],
            reason=body.validated_data["reason"],
            amended_achievement=body.validated_data.get("amended_achievement"),
            source=AuditSource.API,
        )
        return Response(AppealSerializer(appeal).data)

    @extend_schema(request=None, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        appeal = services.appeal_withdraw(
            actor=request.user,
            appeal=self.get_object(),
            source=AuditSource.API,
            reason=self.audit_reason("change"),
        )
        return Response(AppealSerializer(appeal).data)
