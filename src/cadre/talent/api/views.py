"""The talent API: the reserve (entries; ``approve``, ``withdraw``), vacancies (opened;
``fill``, ``cancel``, ``ranking``: the reserve ranked for one, ``propose``) and matches
(read; ``accept``, ``reject``; ``run``: match many vacancies as a job)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cadre.core.api.viewsets import CadreModelViewSet, CadreReadOnlyViewSet
from cadre.core.choices import AuditSource
from cadre.talent import ranking, services
from cadre.talent.api.serializers import (
    FillResultSerializer,
    FillSerializer,
    JobStartedSerializer,
    MatchProposeSerializer,
    MatchRunSerializer,
    MatchSerializer,
    OptionalReasonSerializer,
    RankedSerializer,
    ReasonSerializer,
    ReserveEntryChangeSerializer,
    ReserveEntrySerializer,
    VacancySerializer,
)
from cadre.talent.filtersets import MatchFilterSet, ReserveEntryFilterSet, VacancyFilterSet
from cadre.talent.models import Match, ReserveEntry, Vacancy


class ReserveEntryViewSet(CadreModelViewSet):
    """The reserve of your scope (an external candidate: their own entries). Entries are
    not deleted: withdraw them with the reason. A change needs a reason (X-Cadre-Reason)."""

    scoped_model = ReserveEntry
    serializer_class = ReserveEntrySerializer
    filterset_class = ReserveEntryFilterSet
    select_related = ("employee", "candidate", "organisation", "region")
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = services.reserve_entry_add
    update_service = services.reserve_entry_update

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update"):
            return ReserveEntryChangeSerializer
        return ReserveEntrySerializer

    def _answer(self, entry: ReserveEntry) -> Response:
        return Response(
            ReserveEntrySerializer(self.as_read(entry), context={"request": self.request}).data
        )

    @extend_schema(request=OptionalReasonSerializer, responses={200: ReserveEntrySerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def approve(self, request: Request, pk: Any = None) -> Response:
        """An HR officer approves a manager's nomination."""
        body = OptionalReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = services.reserve_entry_approve(
            actor=request.user,
            entry=self.get_object(),
            source=AuditSource.API,
            **body.validated_data,
        )
        return self._answer(entry)

    @extend_schema(request=ReasonSerializer, responses={200: ReserveEntrySerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        """Take the person out of the reserve, with the reason."""
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = services.reserve_entry_withdraw(
            actor=request.user,
            entry=self.get_object(),
            source=AuditSource.API,
            **body.validated_data,
        )
        return self._answer(entry)


class VacancyViewSet(CadreModelViewSet):
    """Vacancies of your scope, opened on posts with a vacant position."""

    scoped_model = Vacancy
    serializer_class = VacancySerializer
    filterset_class = VacancyFilterSet
    select_related = ("post", "organisation", "standard", "filled_by")
    http_method_names = ["get", "post", "head", "options"]
    create_service = services.vacancy_open

    @extend_schema(request=FillSerializer, responses={200: FillResultSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def fill(self, request: Request, pk: Any = None) -> Response:
        """Appoint an employee or an external candidate (whose record is created from their
        account and ``employee_fields``); their reserve entries become "appointed"."""
        body = FillSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if not isinstance(data["employee_fields"], dict):
            raise ValidationError({"employee_fields": ["An object is expected."]})
        assignment = services.vacancy_fill(
            actor=request.user, vacancy=self.get_object(), source=AuditSource.API, **data
        )
        vacancy = self.as_read(self.get_object())
        return Response(
            {
                "assignment": assignment.pk,
                "employee": assignment.employee_id,
                "vacancy": VacancySerializer(vacancy, context={"request": request}).data,
            }
        )

    @extend_schema(request=ReasonSerializer, responses={200: VacancySerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def cancel(self, request: Request, pk: Any = None) -> Response:
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        vacancy = services.vacancy_cancel(
            actor=request.user,
            vacancy=self.get_object(),
            source=AuditSource.API,
            **body.validated_data,
        )
        return Response(VacancySerializer(self.as_read(vacancy), context={"request": request}).data)

    @extend_schema(
        parameters=[OpenApiParameter("limit", int, description="How many (1–500; 50).")],
        responses={200: RankedSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def ranking(self, request: Request, pk: Any = None) -> Response:
        """The reserve members you may see ranked for this vacancy, best first, each with
        the fit, its parts, the gaps against the post's standard and the reasons."""
        raw = request.query_params.get("limit", str(ranking.DEFAULT_LIMIT))
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 500):
            raise ValidationError({"limit": ["A whole number from 1 to 500."]})
        ranked = ranking.rank(
            request.user, self.get_object(), limit=int(raw), today=timezone.localdate()
        )
        return Response(RankedSerializer(ranked, many=True).data)

    @extend_schema(request=MatchProposeSerializer, responses={201: MatchSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def propose(self, request: Request, pk: Any = None) -> Response:
        """Propose a member of the ranked list for this vacancy."""
        body = MatchProposeSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        match = services.match_propose(
            actor=request.user,
            vacancy=self.get_object(),
            entry=body.validated_data["entry"],
            source=AuditSource.API,
        )
        return Response(MatchSerializer(match).data, status=status.HTTP_201_CREATED)


class MatchViewSet(CadreReadOnlyViewSet):
    """Proposals of the matching, best first; an HR officer accepts one (a nomination
    starts) or rejects it."""

    scoped_model = Match
    serializer_class = MatchSerializer
    filterset_class = MatchFilterSet
    select_related = ("vacancy", "entry")

    def _decide(self, request: Request, serializer: Any, service: Any) -> Response:
        body = serializer(data=request.data)
        body.is_valid(raise_exception=True)
        match = service(
            actor=request.user,
            match=self.get_object(),
            source=AuditSource.API,
            **body.validated_data,
        )
        return Response(MatchSerializer(self.as_read(match)).data)

    @extend_schema(request=OptionalReasonSerializer, responses={200: MatchSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def accept(self, request: Request, pk: Any = None) -> Response:
        """Accept: the member is nominated for the vacancy until ``nominated_until``."""
        return self._decide(request, OptionalReasonSerializer, services.match_accept)

    @extend_schema(request=ReasonSerializer, responses={200: MatchSerializer})
    @action(detail=True, methods=["post"], scoped_action="change")
    def reject(self, request: Request, pk: Any = None) -> Response:
        return self._decide(request, ReasonSerializer, services.match_reject)

    @extend_schema(request=MatchRunSerializer, responses={202: JobStartedSerializer})
    @action(
        detail=False,
        methods=["post"],
        scoped_action="change",
        pagination_class=None,
        filter_backends=[],
    )
    def run(self, request: Request) -> Response:
        """Match the open vacancies under ``within`` (blank: the country) with the reserve:
        a job; its result compares the optimal assignment with greedy."""
        body = MatchRunSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        job = services.matching_run(actor=request.user, **body.validated_data)
        return Response(
            {"job": job.pk, "url": reverse("v1:job-detail", args=[job.pk])},
            status=status.HTTP_202_ACCEPTED,
        )
