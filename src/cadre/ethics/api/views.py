"""The ethics API: declarations (``declare``, ``confirm``, ``review``), the register of
gifts (``register``, ``decide``) and disciplinary cases (``open``, ``explain``,
``commission``, ``decide``, ``appeal``, ``appeal-decide``). Reads are scoped to the ethics
data class (the person: their own); a case read by anyone but the person is audited. Who
may take a step is the service's to say."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cadre.core.api.viewsets import CadreReadOnlyViewSet
from cadre.core.choices import AuditSource
from cadre.ethics import services
from cadre.ethics.api import serializers as s
from cadre.ethics.filtersets import CaseFilterSet, DeclarationFilterSet, GiftFilterSet
from cadre.ethics.models import Case, Declaration, Gift

STEP: dict[str, Any] = {"detail": True, "methods": ["post"], "scoped_action": "view"}
NEW: dict[str, Any] = {
    "detail": False,
    "methods": ["post"],
    "scoped_action": "view",
    "pagination_class": None,
    "filter_backends": [],
}


class _Steps(CadreReadOnlyViewSet):
    read_serializer: Any
    key: str

    def _body(self, request: Request, serializer: Any) -> dict[str, Any]:
        body = serializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    def _step(self, request: Request, serializer: Any, service: Any) -> Response:
        obj = service(
            actor=request.user,
            source=AuditSource.API,
            **{self.key: self.get_object()},
            **self._body(request, serializer),
        )
        return Response(self.read_serializer(self.as_read(obj)).data)

    def _new(self, request: Request, serializer: Any, service: Any) -> Response:
        obj = service(actor=request.user, source=AuditSource.API, **self._body(request, serializer))
        return Response(
            self.read_serializer(self.as_read(obj)).data, status=status.HTTP_201_CREATED
        )


class DeclarationViewSet(_Steps):
    """Declarations of interest of your scope (yours, if you are not an ethics officer)."""

    scoped_model = Declaration
    serializer_class = s.DeclarationSerializer
    read_serializer = s.DeclarationSerializer
    filterset_class = DeclarationFilterSet
    key = "declaration"

    @extend_schema(request=s.DeclareSerializer, responses={201: s.DeclarationSerializer})
    @action(**NEW)
    def declare(self, request: Request) -> Response:
        """Declare a relation (the person, or their body's ethics officer)."""
        return self._new(request, s.DeclareSerializer, services.declaration_create)

    @extend_schema(request=s.DeclarationConfirmSerializer, responses={200: s.DeclarationSerializer})
    @action(**STEP)
    def confirm(self, request: Request, pk: Any = None) -> Response:
        """The person confirms the declaration for another year."""
        return self._step(request, s.DeclarationConfirmSerializer, services.declaration_confirm)

    @extend_schema(request=s.EthicsReasonSerializer, responses={200: s.DeclarationSerializer})
    @action(**STEP)
    def review(self, request: Request, pk: Any = None) -> Response:
        return self._step(request, s.EthicsReasonSerializer, services.declaration_review)


class GiftViewSet(_Steps):
    """The register of gifts and outside activities of your scope."""

    scoped_model = Gift
    serializer_class = s.GiftSerializer
    read_serializer = s.GiftSerializer
    filterset_class = GiftFilterSet
    key = "gift"

    @extend_schema(request=s.GiftRegisterSerializer, responses={201: s.GiftSerializer})
    @action(**NEW)
    def register(self, request: Request) -> Response:
        return self._new(request, s.GiftRegisterSerializer, services.gift_create)

    @extend_schema(request=s.GiftDecideSerializer, responses={200: s.GiftSerializer})
    @action(**STEP)
    def decide(self, request: Request, pk: Any = None) -> Response:
        return self._step(request, s.GiftDecideSerializer, services.gift_decide)


class CaseViewSet(_Steps):
    """Disciplinary cases: yours, those of your body (ethics officer), those whose
    commission you sit on. Each read of one by anyone but the person is audited."""

    scoped_model = Case
    serializer_class = s.CaseSerializer
    read_serializer = s.CaseSerializer
    filterset_class = CaseFilterSet
    prefetch_related = ("members",)
    key = "case"

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return s.CaseSummarySerializer
        return super().get_serializer_class()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        services.case_read(actor=request.user, case=case, source=AuditSource.API)
        return Response(self.get_serializer(case).data)

    @extend_schema(request=s.CaseOpenSerializer, responses={201: s.CaseSerializer})
    @action(**NEW)
    def open(self, request: Request) -> Response:
        return self._new(request, s.CaseOpenSerializer, services.case_open)

    @extend_schema(request=s.CaseExplainSerializer, responses={200: s.CaseSerializer})
    @action(**STEP)
    def explain(self, request: Request, pk: Any = None) -> Response:
        return self._step(request, s.CaseExplainSerializer, services.case_explain)

    @extend_schema(request=s.CaseCommissionSerializer, responses={200: s.CaseSerializer})
    @action(**STEP)
    def commission(self, request: Request, pk: Any = None) -> Response:
        return self._step(request, s.CaseCommissionSerializer, services.case_commission)

    @extend_schema(request=s.CaseDecideSerializer, responses={200: s.CaseSerializer})
    @action(**STEP)
    def decide(self, request: Request, pk: Any = None) -> Response:
        return self._step(request, s.CaseDecideSerializer, services.case_decide)

    @extend_schema(request=s.CaseAppealSerializer, responses={200: s.CaseSerializer})
    @action(**STEP)
    def appeal(self, request: Request, pk: Any = None) -> Response:
        return self._step(request, s.CaseAppealSerializer, services.case_appeal)

    @extend_schema(request=s.CaseAppealDecideSerializer, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"], scoped_action="view", url_path="appeal-decide")
    def appeal_decide(self, request: Request, pk: Any = None) -> Response:
        return self._step(request, s.CaseAppealDecideSerializer, services.case_appeal_decide)
