"""The analytics API (docs/analytics.md, "API"), read through the same selectors as the
pages: a dashboard's figures, the evenness of the measures across regions, and reports —
requested as a job, listed with their file links.

Who may: a caller with the analytics grant (``analytics.measuresnapshot`` view; reports:
``analytics.report``), else 403; an organisation outside their scope, or that does not
exist, is not found (404), as on the pages."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadre.analytics import dashboard, reports, selectors, services
from cadre.analytics.api.serializers import (
    AnalyticsReportRequestSerializer,
    AnalyticsReportSerializer,
    DashboardSerializer,
    EvennessSerializer,
)
from cadre.analytics.choices import Measure
from cadre.analytics.models import MeasureSnapshot, Report
from cadre.core.api.schema import ERROR_DESCRIPTIONS, ErrorSerializer
from cadre.core.api.viewsets import ScopedViewSetMixin
from cadre.core.errors import ApplicationError
from cadre.core.filtersets import ID_MAX
from cadre.orgs.models import Organisation


def _month(day: Any) -> str | None:
    return f"{day:%Y-%m}" if day is not None else None


def _organisation(user: Any, raw: Any) -> Organisation:
    """The organisation ``raw`` of the caller's scope, else 404 with the pages' reason."""
    if not (str(raw).isascii() and str(raw).isdigit() and int(raw) <= ID_MAX):
        raise NotFound()
    try:
        return selectors.access_root(user, raw)
    except ApplicationError as exc:
        raise NotFound(str(exc)) from exc


def _renamed(exc: ApplicationError, rename: dict[str, str]) -> ApplicationError:
    """A service's refusal naming the API's field (the service's ``root`` is the API's
    ``organisation``)."""
    return ApplicationError(
        exc.message,
        code=exc.code,
        errors={rename.get(k, k) if k else k: v for k, v in exc.errors.items()},
    )


class DashboardView(APIView):
    """The figures of the dashboard of an organisation of your scope (the country, a region
    or a body): registry indicators and its parts, the capacity measures of the latest
    snapshot, the largest gaps, training targets, bonus funds distributed, citizen ratings a
    month, talent and projects — and the ethics figures only to whoever sees that data
    class over it. Each figure is the page's, read within your scope."""

    scoped_model = MeasureSnapshot
    scoped_action = "view"

    @extend_schema(responses={200: DashboardSerializer})
    def get(self, request: Request, org_id: int) -> Response:
        root = _organisation(request.user, org_id)
        board = dashboard.build(request.user, root)
        body: dict[str, Any] = {
            "organisation": root.pk,
            "organisation_name": root.display_name,
            "scale": board.scale,
            "period": _month(board.period),
            "registry": board.registry,
            "parts": [
                {"organisation": c.pk, "organisation_name": c.display_name, **vars(p)}
                for c, p in zip(board.children, board.child_registry, strict=True)
            ],
            "measures": [
                {"measure": m, "name": Measure(m).label, "value": v}
                for m, v in board.measures.items()
            ],
            "gaps": board.gaps,
            "targets_count": board.targets_count,
            "targets": board.targets,
            "bonus_funds": board.runs,
            "ratings": board.tallies,
            "reserve": board.reserve,
            "open_vacancies": board.vacancies,
            "projects_count": board.projects_count,
            "projects": board.projects_list,
        }
        if board.ethics is not None:
            e = board.ethics
            body["ethics"] = {
                **vars(e),
                "outcomes": [{"name": k, "count": n} for k, n in e.outcomes],
                "sanctions": [{"name": k, "count": n} for k, n in e.sanctions],
            }
        return Response(DashboardSerializer(body).data)


class EvennessView(APIView):
    """The regional evenness of the capacity measures under an organisation of your scope
    in a month: per measure CV, Gini and max/min over the regions' values, the bodies with
    none, Theil T split into between and within regions, and each region's figures — the
    evenness page's figures (its rows: ``/analytics/<organisation>/evenness/rows/``)."""

    scoped_model = MeasureSnapshot
    scoped_action = "view"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "organisation",
                int,
                description="The organisation whose regions are compared (default: your "
                "highest); 0: the regions of every country you see.",
            ),
            OpenApiParameter(
                "measure",
                str,
                enum=list(Measure.values),
                description="Only this measure (default: all five).",
            ),
            OpenApiParameter(
                "period",
                str,
                pattern=r"^\d{4}-\d{2}$",
                description="A month with a snapshot, YYYY-MM (default: the newest).",
            ),
        ],
        responses={
            200: EvennessSerializer,
            404: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS["404"]),
        },
    )
    def get(self, request: Request) -> Response:
        user = request.user
        params = request.query_params
        raw = params.get("organisation", "")
        if raw and not (raw.isascii() and raw.isdigit()):
            raise ValidationError({"organisation": [_("Not a whole number.")]})
        root: Organisation | None
        if raw:
            try:
                root = selectors.evenness_root(user, raw) if int(raw) <= ID_MAX else None
            except ApplicationError as exc:
                raise NotFound(str(exc)) from exc
        else:
            root = selectors.top_organisation(user)
        if root is None:
            raise NotFound()
        problems: list[ApplicationError] = []  # every bad parameter answered at once
        measures = list(Measure.values)
        if params.get("measure"):
            try:
                measures = [selectors.parse_measure(params["measure"])]
            except ApplicationError as exc:
                problems.append(exc)
        known = selectors.periods(user, root)
        period = None
        try:
            period = selectors.parse_period(params.get("period"), known)
        except ApplicationError as exc:
            problems.append(exc)
        if problems:
            raise ApplicationError(
                problems[0].message,
                code=problems[0].code,
                errors={k: v for p in problems for k, v in p.errors.items()},
            )
        out = []
        for measure in measures:
            figures = selectors.evenness_of(user, root, measure, period)
            result = figures.result
            out.append(
                {
                    "measure": measure,
                    "name": Measure(measure).label,
                    "value": result.value if result else None,
                    "regions_compared": result.spread.n if result else 0,
                    "cv": result.spread.cv if result else None,
                    "gini": result.spread.gini if result else None,
                    "max_min": result.spread.max_min if result else None,
                    "units": result.units if result else 0,
                    "units_with_none": result.units_with_none if result else 0,
                    "units_without_data": result.units_without_data if result else 0,
                    "theil": result.theil if result else None,
                    "theil_between": result.between if result else None,
                    "theil_within": result.within if result else None,
                    "regions": [
                        {
                            **vars(r),
                            "region_name": figures.names.get(r.region, str(r.region)),
                            "cv": r.spread.cv,
                            "gini": r.spread.gini,
                            "max_min": r.spread.max_min,
                        }
                        for r in selectors.ranked(figures)
                    ],
                }
            )
        body = {
            "organisation": root.pk,
            "organisation_name": root.display_name,
            "period": _month(period),
            "periods": [_month(p) for p in known],
            "measures": out,
        }
        return Response(EvennessSerializer(body).data)


REPORT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


@extend_schema_view(retrieve=extend_schema(parameters=[REPORT_ID]))
class ReportViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Your analytics reports, newest first, each with its job and, once made, the link to
    its file; a new one (POST) is made by a job, as on the reports page."""

    scoped_model = Report
    serializer_class = AnalyticsReportSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return selectors.reports(self.request.user).order_by("-requested_at", "-pk")

    @extend_schema(
        request=AnalyticsReportRequestSerializer, responses={202: AnalyticsReportSerializer}
    )
    def create(self, request: Request) -> Response:
        """Request a report of an organisation of your scope: a regional comparison or a
        body's digital-workforce report, as XLSX or PDF, in the request's language. It is
        made by the returned job; an organisation outside your scope is refused (400) and
        nothing is recorded."""
        data = AnalyticsReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            report = services.report_request(
                actor=request.user,
                kind=data.validated_data["kind"],
                format=data.validated_data["format"],
                root_id=data.validated_data["organisation"],
            )
        except ApplicationError as exc:
            raise _renamed(exc, {"root": "organisation"}) from exc
        return Response(
            AnalyticsReportSerializer(self.as_read(report), context={"request": request}).data,
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(
        parameters=[REPORT_ID],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes,
            (200, "application/pdf"): bytes,
        },
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def file(self, request: Request, pk: Any = None) -> FileResponse:
        """The report's file (404 until the job has made it)."""
        report = self.get_object()
        path = reports.report_path(report)
        if not report.file_name or not path.exists():
            raise NotFound()
        return FileResponse(path.open("rb"), as_attachment=True, filename=report.file_name)
