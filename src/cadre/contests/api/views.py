"""The contests API: contests (CRUD, with set-up actions and the results), and entries
(read, apply with an optional file, score, declare a conflict, screen). Reads are scoped
as the pages; every write goes through the services."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cadre.contests import selectors, services
from cadre.contests.api.serializers import (
    ApplicationSerializer,
    ApplyInSerializer,
    CalibrationInSerializer,
    CategorySerializer,
    ContestChangeSerializer,
    ContestSerializer,
    CriterionSerializer,
    DeclareInSerializer,
    JurorInSerializer,
    ResultsSerializer,
    ScoreInSerializer,
    ScreenInSerializer,
)
from cadre.contests.filtersets import ApplicationFilterSet, ContestFilterSet
from cadre.contests.models import Application, Category, Contest
from cadre.contests.results import compute
from cadre.core.api.viewsets import CadreModelViewSet, CadreReadOnlyViewSet
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError


def _category(contest: Contest, pk: int) -> Category:
    found = next((c for c in selectors.categories(contest) if c.pk == pk), None)
    if found is None:
        raise ValidationError({"category": [services.category_missing_message()]})
    return found


class ContestViewSet(CadreModelViewSet):
    """Contests of a body: stages by date, eligibility, the rubric and the jury; the
    organiser adds categories, criteria, jurors and calibration entries, and publishes the
    results (winners and finalists enter the talent reserve)."""

    scoped_model = Contest
    serializer_class = ContestSerializer
    filterset_class = ContestFilterSet
    select_related = ("organisation",)
    prefetch_related = ("categories", "criteria")
    create_service = services.contest_create
    update_service = services.contest_update
    delete_service = services.contest_delete

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update"):
            return ContestChangeSerializer
        return ContestSerializer

    def _read(self, contest: Contest) -> Response:
        return Response(
            ContestSerializer(self.as_read(contest), context={"request": self.request}).data
        )

    @extend_schema(request=CategorySerializer, responses={200: ContestSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def categories(self, request: Request, pk: Any = None) -> Response:
        body = CategorySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contest = self.get_object()
        services.category_add(
            actor=request.user, contest=contest, source=AuditSource.API, **body.validated_data
        )
        return self._read(contest)

    @extend_schema(request=CriterionSerializer, responses={200: ContestSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def criteria(self, request: Request, pk: Any = None) -> Response:
        body = CriterionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contest = self.get_object()
        services.criterion_add(
            actor=request.user, contest=contest, source=AuditSource.API, **body.validated_data
        )
        return self._read(contest)

    @extend_schema(request=JurorInSerializer, responses={200: ContestSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def jurors(self, request: Request, pk: Any = None) -> Response:
        body = JurorInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contest = self.get_object()
        users = selectors.users_by_ids(request.user, [body.validated_data["user"]])
        if not users:
            raise ValidationError({"user": [services.no_such_user_message()]})
        services.juror_add(
            actor=request.user,
            category=_category(contest, body.validated_data["category"]),
            user=users[0],
            source=AuditSource.API,
        )
        return self._read(contest)

    @extend_schema(request=CalibrationInSerializer, responses={201: ApplicationSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def calibration(self, request: Request, pk: Any = None) -> Response:
        body = CalibrationInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contest = self.get_object()
        entry = services.calibration_add(
            actor=request.user,
            category=_category(contest, body.validated_data["category"]),
            title=body.validated_data["title"],
            summary=body.validated_data["summary"],
            source=AuditSource.API,
        )
        return Response(
            ApplicationSerializer(entry, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={200: ResultsSerializer})
    @action(
        detail=True,
        methods=["get"],
        scoped_action="change",
        pagination_class=None,
        filter_backends=[],
    )
    def results(self, request: Request, pk: Any = None) -> Response:
        """The results as they stand (the organiser's preview) or as published."""
        contest = self.get_object()
        results = compute(contest)
        data = {
            "published": contest.results_at is not None,
            "agreement": results.alpha,
            "low_agreement": results.low_agreement(),
            "short": len(results.short),
            "entries": sorted(
                results.entries.values(), key=lambda r: (r.category_id, r.rank or 10**9, r.entry_id)
            ),
        }
        return Response(ResultsSerializer(data).data)

    @extend_schema(request=None, responses={200: ContestSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def publish(self, request: Request, pk: Any = None) -> Response:
        contest = services.results_publish(
            actor=request.user,
            contest=self.get_object(),
            source=AuditSource.API,
            reason=self.audit_reason("change"),
        )
        return self._read(contest)


class ApplicationViewSet(CadreReadOnlyViewSet):
    """Contest entries: your own applications, the entries of the categories you judge,
    and those of the contests your body organises. Scores stay blind to a juror until
    they have submitted theirs."""

    scoped_model = Application
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    select_related = ("contest", "category")

    @extend_schema(request=ApplyInSerializer, responses={201: ApplicationSerializer})
    @action(detail=False, methods=["post"], scoped_action="view")
    def apply(self, request: Request) -> Response:
        """Apply to a published contest (multipart, with an optional project file)."""
        if int(request.META.get("CONTENT_LENGTH") or 0) > services.max_file_bytes() + 64 * 1024:
            raise ApplicationError(
                services.file_too_large_message(), field="file", code="too_large"
            )
        body = ApplyInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        contest = selectors.published_contest(data["contest"])
        if contest is None:
            raise ValidationError({"contest": [services.no_such_contest_message()]})
        category = selectors.category(data["category"])
        if category is None:
            raise ValidationError({"category": [services.category_missing_message()]})
        entry = services.application_submit(
            actor=request.user,
            contest=contest,
            category=category,
            title=data["title"],
            summary=data["summary"],
            file=data.get("file"),
            source=AuditSource.API,
        )
        entry = selectors.entry_row(entry.pk)
        return Response(
            ApplicationSerializer(entry, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    def _read(self, entry: Application) -> Response:
        entry = self.get_queryset().get(pk=entry.pk)
        return Response(ApplicationSerializer(entry, context={"request": self.request}).data)

    @extend_schema(request=ScoreInSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def score(self, request: Request, pk: Any = None) -> Response:
        body = ScoreInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = self.get_object()
        scores = body.validated_data["scores"]
        if not isinstance(scores, dict):
            raise ValidationError({"scores": [services.scores_shape_message()]})
        services.scorecard_submit(
            actor=request.user, application=entry, scores=scores, source=AuditSource.API
        )
        return self._read(entry)

    @extend_schema(request=DeclareInSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def declare(self, request: Request, pk: Any = None) -> Response:
        body = DeclareInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = self.get_object()
        services.recusal_declare(
            actor=request.user, application=entry, source=AuditSource.API, **body.validated_data
        )
        return self._read(entry)

    @extend_schema(request=ScreenInSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def screen(self, request: Request, pk: Any = None) -> Response:
        body = ScreenInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = self.get_object()
        services.application_screen(
            actor=request.user, application=entry, source=AuditSource.API, **body.validated_data
        )
        return self._read(entry)
