"""The pay API: salaries, rules, funds, runs and their lines, read within scope; a fund's
``propose`` and ``what-if``, a run's ``approve``, ``withdraw`` and ``export``."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from cadre.core.api.viewsets import CadreModelViewSet, CadreReadOnlyViewSet, ReasonMixin
from cadre.core.choices import AuditSource
from cadre.pay import export, selectors, services
from cadre.pay.api.serializers import (
    FundSerializer,
    ProposeSerializer,
    RuleSerializer,
    RunLineSerializer,
    RunSerializer,
    SalarySerializer,
    WhatIfResultSerializer,
    WhatIfSerializer,
)
from cadre.pay.models import Fund, Rule, Run, RunLine, Salary
from cadre.pay.whatif import what_if


class SalaryViewSet(CadreModelViewSet):
    """Base monthly salaries (minor units) of the people in your scope; yours. A change is
    a new salary from a date; one entered by mistake is deleted."""

    scoped_model = Salary
    serializer_class = SalarySerializer
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = services.salary_set
    delete_service = services.salary_delete
    service_instance_kwarg = "salary"


class RuleViewSet(CadreModelViewSet):
    """Allocation rule versions (national ones seen from every body). A version a run has
    used is not changed (409): create the next version with the same code."""

    scoped_model = Rule
    serializer_class = RuleSerializer
    create_service = services.rule_create
    update_service = services.rule_update
    delete_service = services.rule_delete
    service_instance_kwarg = "rule"


class FundViewSet(CadreModelViewSet):
    """Bonus funds; ``propose`` allocates one into a new run, ``what-if`` shows an
    allocation under other parameters without saving anything. A fund is not changed; one
    without runs may be deleted."""

    scoped_model = Fund
    serializer_class = FundSerializer
    select_related = ("period",)
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = services.fund_create
    delete_service = services.fund_delete
    service_instance_kwarg = "fund"

    @extend_schema(request=ProposeSerializer, responses={201: RunSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def propose(self, request: Request, pk: Any = None) -> Response:
        body = ProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fund = self.get_object()
        corrects = None
        if body.validated_data.get("corrects") is not None:
            corrects = selectors.run_visible(request.user, body.validated_data["corrects"])
            if corrects is None:
                raise NotFound()
        run = services.run_propose(
            actor=request.user,
            fund=fund,
            corrects=corrects,
            source=AuditSource.API,
            reason=self.audit_reason("add"),
        )
        return Response(RunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WhatIfSerializer, responses={200: WhatIfResultSerializer})
    @action(detail=True, methods=["post"], url_path="what-if", scoped_action="view")
    def what_if(self, request: Request, pk: Any = None) -> Response:
        body = WhatIfSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(
            WhatIfResultSerializer(what_if(self.get_object(), body.validated_data)).data
        )


class RunViewSet(ReasonMixin, CadreReadOnlyViewSet):
    """Allocation runs: proposed, then ``approve``d by someone other than the proposer;
    ``withdraw`` deletes a proposed run; ``export`` gives an approved run's payroll file."""

    scoped_model = Run
    serializer_class = RunSerializer

    @extend_schema(request=None, responses={200: RunSerializer})
    @action(detail=True, methods=["post"], scoped_action="view")
    def approve(self, request: Request, pk: Any = None) -> Response:
        run = services.run_approve(
            actor=request.user,
            run=self.get_object(),
            source=AuditSource.API,
            reason=self.audit_reason("change"),
        )
        return Response(RunSerializer(run).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"], scoped_action="view")
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        services.run_withdraw(
            actor=request.user,
            run=self.get_object(),
            source=AuditSource.API,
            reason=self.audit_reason("delete"),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[OpenApiParameter("file_format", enum=list(export.FORMATS), default="csv")],
        responses={(200, "application/octet-stream"): bytes},
    )
    @action(detail=True, methods=["get"], url_path="export", scoped_action="view")
    def payroll(self, request: Request, pk: Any = None) -> HttpResponse:
        fmt = request.query_params.get("file_format", "csv")
        if fmt not in export.FORMATS:
            fmt = "csv"
        out = export.run_export(
            actor=request.user, run=self.get_object(), fmt=fmt, source=AuditSource.API
        )
        response = HttpResponse(out.content, content_type=out.content_type)
        response["Content-Disposition"] = f'attachment; filename="{out.filename}"'
        return response


class RunLineViewSet(CadreReadOnlyViewSet):
    """Lines of runs: every factor of a person's amount (yours; your people's)."""

    scoped_model = RunLine
    serializer_class = RunLineSerializer
