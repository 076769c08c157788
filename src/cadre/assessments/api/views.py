from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadre.accounts.roles import can
from cadre.assessments import services
from cadre.assessments.api.serializers import (
    AppraisalSerializer,
    AttemptSerializer,
    AttemptSubmitSerializer,
    CampaignSerializer,
    EvidenceSerializer,
    FeedbackAnswerSerializer,
    GapCellSerializer,
    PersonGapsSerializer,
    ProficiencySerializer,
    QuestionsImportSerializer,
    TestSerializer,
)
from cadre.assessments.filtersets import (
    AttemptFilterSet,
    CampaignFilterSet,
    EvidenceFilterSet,
    GapCellFilterSet,
    ProficiencyFilterSet,
    TestFilterSet,
)
from cadre.assessments.models import (
    Attempt,
    Campaign,
    Evidence,
    FeedbackRequest,
    GapCell,
    Proficiency,
    Test,
)
from cadre.assessments.selectors import person_gaps, weighted_fit
from cadre.core.api.viewsets import CadreReadOnlyViewSet
from cadre.core.choices import AuditSource
from cadre.people.selectors import access_employee


class ProficiencyViewSet(CadreReadOnlyViewSet):
    """Current levels of the people in your scope (yours, for an employee)."""

    scoped_model = Proficiency
    serializer_class = ProficiencySerializer
    select_related = ("framework",)
    filterset_class = ProficiencyFilterSet


class EvidenceViewSet(CadreReadOnlyViewSet):
    """The results behind the levels: what, which instrument, when."""

    scoped_model = Evidence
    serializer_class = EvidenceSerializer
    select_related = ("framework",)
    filterset_class = EvidenceFilterSet


class TestViewSet(CadreReadOnlyViewSet):
    """Knowledge tests you may see; ``start`` opens your own attempt."""

    __test__ = False
    scoped_model = Test
    serializer_class = TestSerializer
    filterset_class = TestFilterSet

    @extend_schema(request=None, responses={201: AttemptSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def start(self, request: Request, pk: Any = None) -> Response:
        """Start (or resume) your attempt; the deadline is set by the server."""
        attempt = services.attempt_start(actor=request.user, test=self.get_object())
        return Response(AttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)


class AttemptViewSet(CadreReadOnlyViewSet):
    """Attempts in your scope; ``submit`` scores your own open attempt once."""

    scoped_model = Attempt
    serializer_class = AttemptSerializer
    filterset_class = AttemptFilterSet

    @extend_schema(request=AttemptSubmitSerializer, responses={200: AttemptSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def submit(self, request: Request, pk: Any = None) -> Response:
        body = AttemptSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attempt = services.attempt_submit(
            actor=request.user,
            attempt=self.get_object(),
            answers=request.data.get("answers"),
            source=AuditSource.API,
        )
        return Response(AttemptSerializer(attempt).data)


class AppraisalView(APIView):
    """A self-assessment or a manager assessment against the person's standard."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=AppraisalSerializer, responses={201: None})
    def post(self, request: Request) -> Response:
        body = AppraisalSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        appraisal = services.appraisal_submit(
            actor=request.user,
            employee=body.validated_data["employee"],
            role=body.validated_data["role"],
            levels=dict(body.validated_data["levels"]),
            source=AuditSource.API,
        )
        return Response({"id": appraisal.pk, "levels": appraisal.levels}, status=201)


class PersonGapsView(APIView):
    """Required against current level for one person in your scope."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: PersonGapsSerializer})
    def get(self, request: Request, pk: int) -> Response:
        employee = access_employee(request.user, pk)
        own = employee.user_id == request.user.pk
        if not own and not can(request.user, "assessments.proficiency", "view"):
            raise PermissionDenied()
        version, gaps = person_gaps(employee)
        return Response(
            PersonGapsSerializer(
                {
                    "employee": employee.pk,
                    "standard_version": version.pk if version else None,
                    "fit": weighted_fit(gaps),
                    "gaps": [
                        {
                            "competency": f"{g.competency.framework.code}:{g.competency.code}",
                            "name": g.competency.name,
                            "required": g.required,
                            "weight": g.weight,
                            "current": g.current,
                            "shortfall": g.shortfall,
                        }
                        for g in gaps
                    ],
                }
            ).data
        )


class GapCellViewSet(CadreReadOnlyViewSet):
    """Precomputed gap figures per organisation subtree and competency."""

    scoped_model = GapCell
    serializer_class = GapCellSerializer
    select_related = ("framework",)
    filterset_class = GapCellFilterSet


class QuestionsImportView(APIView):
    """Load question banks (``cadre.questions/1``) kept by an organisation."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=QuestionsImportSerializer, responses={201: None})
    def post(self, request: Request) -> Response:
        body = QuestionsImportSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        banks = services.questions_import(
            actor=request.user,
            organisation=body.validated_data["organisation"],
            data=body.validated_data["banks"],
            framework_code=body.validated_data["framework"],
            source=AuditSource.API,
        )
        return Response({"banks": [b.code for b in banks]}, status=201)


class CampaignViewSet(CadreReadOnlyViewSet):
    """Assessment campaigns in your scope, with progress per organisation; ``launch`` and
    ``close`` them."""

    scoped_model = Campaign
    serializer_class = CampaignSerializer
    select_related = ("organisation",)
    filterset_class = CampaignFilterSet

    @extend_schema(request=CampaignSerializer, responses={201: CampaignSerializer})
    def create(self, request: Request) -> Response:
        from cadre.assessments.campaigns.running import campaign_create

        body = CampaignSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        campaign = campaign_create(
            actor=request.user, source=AuditSource.API, **body.validated_data
        )
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def launch(self, request: Request, pk: Any = None) -> Response:
        from cadre.assessments.campaigns.running import campaign_launch

        campaign = campaign_launch(
            actor=request.user, campaign=self.get_object(), source=AuditSource.API
        )
        return Response(CampaignSerializer(campaign).data)

    @extend_schema(request=None, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def close(self, request: Request, pk: Any = None) -> Response:
        from cadre.assessments.campaigns.running import campaign_close

        campaign = self.get_object()
        campaign_close(actor=request.user, campaign=campaign, source=AuditSource.API)
        campaign.refresh_from_db()
        return Response(CampaignSerializer(campaign).data)


class FeedbackAnswerView(APIView):
    """Answer a 360° request addressed to you (levels only; shown to nobody one by one)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=FeedbackAnswerSerializer, responses={200: None})
    def post(self, request: Request, pk: int) -> Response:
        from cadre.assessments.campaigns.feedback import feedback_answer

        item = FeedbackRequest.objects.filter(pk=pk, respondent_id=request.user.pk).first()
        if item is None:
            raise NotFound()
        body = FeedbackAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        feedback_answer(
            actor=request.user,
            request=item,
            levels=dict(body.validated_data["levels"]),
            source=AuditSource.API,
        )
        return Response({"answered": True})
