"""The competitions API: competitions (created and changed through the services, never
deleted) with their steps as actions — ``advance``, ``commission``, ``attendance``,
``decide``, ``appoint`` — and applications (``apply``; ``check``, ``test``, ``score``,
``recuse``, ``reserve``). Reads are scoped as the pages: HR their bodies', commission
members what they sit on, applicants their own."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cadre.assessments.models import Test
from cadre.competitions import selectors, services
from cadre.competitions.filtersets import ApplicationFilterSet, CompetitionFilterSet
from cadre.competitions.models import MAX_SCORE, Application, Competition
from cadre.core.api.serializers import (
    ScopedRelatedField,
    StrictModelSerializer,
    StrictSerializer,
    TextsField,
    json_field,
)
from cadre.core.api.viewsets import CadreModelViewSet, CadreReadOnlyViewSet, ReasonMixin
from cadre.core.choices import AuditSource
from cadre.talent.models import Vacancy


def _id(**kwargs: Any) -> serializers.IntegerField:
    """An id: a positive 64-bit integer."""
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1, **kwargs)


class CompetitionMemberSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="__str__")
    is_chair = serializers.BooleanField()
    present = serializers.BooleanField(allow_null=True)


class CompetitionSerializer(StrictModelSerializer):
    vacancy: Any = ScopedRelatedField(queryset=Vacancy.objects.all(), action="view")
    test: Any = ScopedRelatedField(
        queryset=Test.objects.all(), action="view", required=False, allow_null=True
    )
    announcement = TextsField()
    members = CompetitionMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Competition
        fields = [
            "id",
            "vacancy",
            "organisation",
            "title",
            "announcement",
            "test",
            "applications_close",
            "interview_on",
            "stage",
            "published_at",
            "decided_at",
            "decision_reason",
            "appointed_at",
            "members",
        ]
        read_only_fields = [
            "organisation",
            "stage",
            "published_at",
            "decided_at",
            "decision_reason",
            "appointed_at",
        ]


class CompetitionChangeSerializer(CompetitionSerializer):
    vacancy = serializers.PrimaryKeyRelatedField(read_only=True)


class CompetitionCommissionSerializer(StrictSerializer):
    members = serializers.ListField(child=_id(), min_length=1, max_length=25)
    chair = _id()


class CompetitionAttendanceSerializer(StrictSerializer):
    present = serializers.ListField(child=_id(), max_length=25)


class CompetitionDecideSerializer(StrictSerializer):
    winner = _id(allow_null=True)
    reason = serializers.CharField(max_length=10_000)


class CompetitionAppointSerializer(StrictSerializer):
    start_date = serializers.DateField()
    reason = serializers.CharField(max_length=2000)
    employee_fields = json_field(
        {
            "type": "object",
            "properties": {
                "personal_id": {"type": "string"},
                "birth_date": {"type": "string", "format": "date"},
                "gender": {"type": "string"},
                "phone": {"type": "string"},
                "middle_name": {"type": "string"},
            },
        },
        required=False,
    )


class CompetitionAppointedSerializer(StrictSerializer):
    assignment = serializers.IntegerField()


class CompetitionViewSet(CadreModelViewSet):
    """Competitions for vacancies of your bodies (HR) or that you sit on (commission)."""

    scoped_model = Competition
    serializer_class = CompetitionSerializer
    filterset_class = CompetitionFilterSet
    select_related = ("organisation",)
    prefetch_related = ("members__user",)
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = services.competition_create
    update_service = services.competition_update

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update"):
            return CompetitionChangeSerializer
        return CompetitionSerializer

    def _done(self, competition: Competition) -> Response:
        return Response(CompetitionSerializer(self.as_read(competition)).data)

    @extend_schema(request=None, responses={200: CompetitionSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def advance(self, request: Request, pk: Any = None) -> Response:
        """Close the current stage and open the next."""
        return self._done(
            services.competition_advance(
                actor=request.user,
                competition=self.get_object(),
                reason=self.audit_reason("change"),
                source=AuditSource.API,
            )
        )

    @extend_schema(request=CompetitionCommissionSerializer, responses={200: CompetitionSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def commission(self, request: Request, pk: Any = None) -> Response:
        """Name the commission (user ids) and its chair."""
        body = CompetitionCommissionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        competition = self.get_object()  # an unscoped competition is 404 before any id is read
        ids = [*body.validated_data["members"], body.validated_data["chair"]]
        users = {u.pk: u for u in selectors.users_by_ids(request.user, ids)}
        missing = sorted(set(ids) - set(users))
        if missing:
            raise ValidationError({"members": [services.no_such_users_message(missing)]})
        services.commission_name(
            actor=request.user,
            competition=competition,
            users=[users[i] for i in body.validated_data["members"]],
            chair=users[body.validated_data["chair"]],
            reason=self.audit_reason("change"),
            source=AuditSource.API,
        )
        return self._done(competition)

    @extend_schema(request=CompetitionAttendanceSerializer, responses={200: CompetitionSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def attendance(self, request: Request, pk: Any = None) -> Response:
        """Record the members (member ids) present at the interview."""
        body = CompetitionAttendanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._done(
            services.attendance_record(
                actor=request.user,
                competition=self.get_object(),
                present=body.validated_data["present"],
                reason=self.audit_reason("change"),
                source=AuditSource.API,
            )
        )

    @extend_schema(request=CompetitionDecideSerializer, responses={200: CompetitionSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def decide(self, request: Request, pk: Any = None) -> Response:
        """The commission's decision: the winning application (null: no winner)."""
        body = CompetitionDecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        competition = self.get_object()
        winner = None
        if body.validated_data["winner"] is not None:
            winner = competition.applications.filter(pk=body.validated_data["winner"]).first()
            if winner is None:
                raise ValidationError({"winner": [services.not_an_applicant_message()]})
        return self._done(
            services.competition_decide(
                actor=request.user,
                competition=competition,
                winner=winner,
                reason=body.validated_data["reason"],
                source=AuditSource.API,
            )
        )

    @extend_schema(
        request=CompetitionAppointSerializer, responses={200: CompetitionAppointedSerializer}
    )
    @action(detail=True, methods=["post"], scoped_action="view")
    def appoint(self, request: Request, pk: Any = None) -> Response:
        """Appoint the winner to the post (the vacancy is filled through talent)."""
        body = CompetitionAppointSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fields = body.validated_data.get("employee_fields") or {}
        if not isinstance(fields, dict):
            raise ValidationError({"employee_fields": [services.fields_object_message()]})
        assignment = services.competition_appoint(
            actor=request.user,
            competition=self.get_object(),
            start_date=body.validated_data["start_date"],
            reason=body.validated_data["reason"],
            employee_fields=fields,
            source=AuditSource.API,
        )
        return Response({"assignment": assignment.pk})


class ApplicationSerializer(StrictModelSerializer):
    applicant = serializers.CharField(source="applicant_name", read_only=True)
    test_sections = json_field(
        {"type": "array", "items": {"type": "object", "additionalProperties": {}}},
        read_only=True,
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "competition",
            "user",
            "employee",
            "applicant",
            "kind",
            "state",
            "submitted_at",
            "motivation",
            "check_reason",
            "test_sections",
            "test_correct",
            "score",
            "reserve_entry",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "employee": {"allow_null": True},
            "test_correct": {"allow_null": True},
            "score": {"allow_null": True},
            "reserve_entry": {"allow_null": True},
        }


class CompetitionApplySerializer(StrictSerializer):
    competition = _id()
    motivation = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class CompetitionCheckSerializer(StrictSerializer):
    admitted = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class CompetitionTestRecordSerializer(StrictSerializer):
    correct = json_field(
        {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
    )


class CompetitionScoreSerializer(StrictSerializer):
    score = serializers.IntegerField(min_value=0, max_value=MAX_SCORE)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class CompetitionReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


class ApplicationViewSet(ReasonMixin, CadreReadOnlyViewSet):
    """Applications to competitions: yours, those of the competitions you sit on, those of
    your bodies (HR). Every step is audited and mailed to the applicant."""

    scoped_model = Application
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    select_related = ("competition", "user", "employee")

    def _done(self, application: Application) -> Response:
        return Response(ApplicationSerializer(application).data)

    @extend_schema(request=CompetitionApplySerializer, responses={201: ApplicationSerializer})
    @action(detail=False, methods=["post"], scoped_action="view")
    def apply(self, request: Request) -> Response:
        """Apply to an announced competition (an employee or an external candidate)."""
        body = CompetitionApplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        competition = selectors.public_one(body.validated_data["competition"])
        if competition is None:
            raise ValidationError({"competition": [services.no_such_competition_message()]})
        application = services.application_submit(
            actor=request.user,
            competition=competition,
            motivation=body.validated_data.get("motivation", ""),
            source=AuditSource.API,
        )
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CompetitionCheckSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def check(self, request: Request, pk: Any = None) -> Response:
        """The document check: admit, or refuse with the reason."""
        body = CompetitionCheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._done(
            services.application_check(
                actor=request.user,
                application=self.get_object(),
                admitted=body.validated_data["admitted"],
                reason=body.validated_data.get("reason", ""),
                source=AuditSource.API,
            )
        )

    @extend_schema(request=CompetitionTestRecordSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def test(self, request: Request, pk: Any = None) -> Response:
        """An external candidate's results at the testing centre: section id → correct."""
        body = CompetitionTestRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        correct = body.validated_data["correct"]
        if not isinstance(correct, dict):
            raise ValidationError({"correct": [services.fields_object_message()]})
        return self._done(
            services.application_test_record(
                actor=request.user,
                application=self.get_object(),
                correct=correct,
                reason=self.audit_reason("change"),
                source=AuditSource.API,
            )
        )

    @extend_schema(request=CompetitionScoreSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def score(self, request: Request, pk: Any = None) -> Response:
        """A commission member's score of the candidate (0–10)."""
        body = CompetitionScoreSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        application = self.get_object()
        services.score_record(
            actor=request.user,
            application=application,
            score=body.validated_data["score"],
            comment=body.validated_data.get("comment", ""),
            source=AuditSource.API,
        )
        return self._done(application)

    @extend_schema(request=CompetitionReasonSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def recuse(self, request: Request, pk: Any = None) -> Response:
        """A member declares a conflict with the candidate and does not score them."""
        body = CompetitionReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        application = self.get_object()
        services.recusal_declare(
            actor=request.user,
            application=application,
            reason=body.validated_data["reason"],
            source=AuditSource.API,
        )
        return self._done(application)

    @extend_schema(request=None, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def reserve(self, request: Request, pk: Any = None) -> Response:
        """Put a candidate who passed but was not selected in the reserve."""
        return self._done(
            services.application_reserve(
                actor=request.user,
                application=self.get_object(),
                reason=self.audit_reason("change"),
                source=AuditSource.API,
            )
        )
