from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadre.accounts.roles import can
from cadre.core.api.viewsets import CadreReadOnlyViewSet
from cadre.core.choices import AuditSource
from cadre.core.i18n_names import person_name
from cadre.learning import plans, services
from cadre.learning.api.serializers import (
    CertificateCheckSerializer,
    CertificateSerializer,
    CourseCreateSerializer,
    CourseSerializer,
    EnrolmentCreateSerializer,
    EnrolmentSerializer,
    LearningPlanSerializer,
    PlanCreateSerializer,
    ResultSerializer,
    SessionCreateSerializer,
    SessionSerializer,
    TargetCreateSerializer,
    TrainingTargetSerializer,
)
from cadre.learning.filtersets import (
    CertificateFilterSet,
    CourseFilterSet,
    EnrolmentFilterSet,
    LearningPlanFilterSet,
    SessionFilterSet,
    TrainingTargetFilterSet,
)
from cadre.learning.models import (
    Certificate,
    Course,
    Enrolment,
    LearningPlan,
    Session,
    TrainingTarget,
)
from cadre.learning.selectors import enrolment_list


class CourseViewSet(CadreReadOnlyViewSet):
    """The course catalogue (everyone reads it); providers add courses and sessions."""

    scoped_model = Course
    serializer_class = CourseSerializer
    filterset_class = CourseFilterSet
    prefetch_related = ("prerequisites",)

    @extend_schema(request=CourseCreateSerializer, responses={201: CourseSerializer})
    def create(self, request: Request) -> Response:
        if not can(request.user, "learning.course", "add"):
            raise PermissionDenied()
        body = CourseCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["languages_taught"] = data.pop("languages")
        course = services.course_create(actor=request.user, source=AuditSource.API, **data)
        return Response(CourseSerializer(course).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SessionCreateSerializer, responses={201: SessionSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def sessions(self, request: Request, pk: Any = None) -> Response:
        body = SessionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        session = services.session_create(
            actor=request.user,
            course=self.get_object(),
            source=AuditSource.API,
            **body.validated_data,
        )
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


class SessionViewSet(CadreReadOnlyViewSet):
    """Sessions of the catalogue's courses; the provider records ``results``."""

    scoped_model = Session
    serializer_class = SessionSerializer
    filterset_class = SessionFilterSet

    @extend_schema(request=ResultSerializer, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def results(self, request: Request, pk: Any = None) -> Response:
        session = self.get_object()
        body = ResultSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        enrolment = Enrolment.objects.filter(session=session, employee_id=data["employee"]).first()
        if enrolment is None:
            raise NotFound()
        done = services.enrolment_complete(
            actor=request.user,
            session=session,
            employee=enrolment.employee,
            passed=data["passed"],
            attended_hours=data["attended_hours"],
            score=data.get("score"),
            source=AuditSource.API,
        )
        return Response(EnrolmentSerializer(done).data)


class EnrolmentViewSet(CadreReadOnlyViewSet):
    """Enrolments of the people in your scope (yours, for an employee)."""

    scoped_model = Enrolment
    serializer_class = EnrolmentSerializer
    filterset_class = EnrolmentFilterSet

    def get_queryset(self) -> QuerySet[Enrolment]:
        # The rows the session page lists: a provider sees who takes its sessions.
        return enrolment_list(user=self.request.user)

    @extend_schema(request=EnrolmentCreateSerializer, responses={201: EnrolmentSerializer})
    def create(self, request: Request) -> Response:
        body = EnrolmentCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        enrolment = services.enrolment_request(
            actor=request.user, source=AuditSource.API, **body.validated_data
        )
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def approve(self, request: Request, pk: Any = None) -> Response:
        enrolment = services.enrolment_approve(
            actor=request.user, enrolment=self.get_object(), source=AuditSource.API
        )
        return Response(EnrolmentSerializer(enrolment).data)


class CertificateViewSet(CadreReadOnlyViewSet):
    """Certificates Cadre issued to the people in your scope."""

    scoped_model = Certificate
    serializer_class = CertificateSerializer
    select_related = ("course",)
    filterset_class = CertificateFilterSet


class CertificateCheckView(APIView):
    """Anyone (no token) checks a certificate identifier."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses={200: CertificateCheckSerializer, 404: CertificateCheckSerializer})
    def get(self, request: Request, identifier: str) -> Response:
        state, certificate = services.certificate_verify(identifier)
        body = {
            "status": state,
            # Family name first, as every name in Cadre (``core.i18n_names.person_name``);
            # the middle name is not published.
            "holder": person_name(certificate.employee.last_name, certificate.employee.first_name)
            if certificate
            else None,
            "course": str(certificate.course) if certificate else None,
            "issued_on": certificate.issued_on if certificate else None,
            "expires_on": certificate.expires_on if certificate else None,
        }
        return Response(
            CertificateCheckSerializer(body).data,
            status=status.HTTP_200_OK if certificate else status.HTTP_404_NOT_FOUND,
        )


class LearningPlanViewSet(CadreReadOnlyViewSet):
    """Learning plans in your scope (yours, for an employee); ``create`` generates one from
    the person's gaps, ``approve`` approves it."""

    scoped_model = LearningPlan
    serializer_class = LearningPlanSerializer
    filterset_class = LearningPlanFilterSet

    @extend_schema(request=PlanCreateSerializer, responses={201: LearningPlanSerializer})
    def create(self, request: Request) -> Response:
        body = PlanCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        plan = plans.plan_generate(
            actor=request.user, source=AuditSource.API, **body.validated_data
        )
        return Response(LearningPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: LearningPlanSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def approve(self, request: Request, pk: Any = None) -> Response:
        plan = plans.plan_approve(
            actor=request.user, plan=self.get_object(), source=AuditSource.API
        )
        return Response(LearningPlanSerializer(plan).data)


class TrainingTargetViewSet(CadreReadOnlyViewSet):
    """Training targets in your scope with their progress and forecast."""

    scoped_model = TrainingTarget
    serializer_class = TrainingTargetSerializer
    select_related = ("organisation",)
    filterset_class = TrainingTargetFilterSet

    @extend_schema(request=TargetCreateSerializer, responses={201: TrainingTargetSerializer})
    def create(self, request: Request) -> Response:
        body = TargetCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        target = plans.target_create(
            actor=request.user, source=AuditSource.API, **body.validated_data
        )
        return Response(TrainingTargetSerializer(target).data, status=status.HTTP_201_CREATED)
