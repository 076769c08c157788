"""Pages of the gaps: the heat map, its recount, the people behind a cell."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.accounts.roles import can
from cadre.assessments.charts import LEGEND, heat_chart
from cadre.assessments.models import (
    GapCell,
)
from cadre.assessments.selectors import (
    gap_people,
    gap_roots,
    heat_map,
    heat_map_trail,
)
from cadre.competencies.models import Framework
from cadre.core.charts import export as chart_export
from cadre.core.exports import export_csv
from cadre.core.pagination import Paginator
from cadre.core.scoping import reach_for
from cadre.core.services import job_create
from cadre.core.tables import Column
from cadre.core.templatetags.cadre_css import heat_class
from cadre.orgs.models import Organisation

# --- gaps ----------------------------------------------------------------------------------


class HeatMapView(LoginRequiredMixin, View):
    """Competencies × the organisations under a node, coloured by the share of people below
    the required level; every cell opens the people behind it. Reads precomputed cells."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        roots = gap_roots(user)
        if not roots:
            raise PermissionDenied
        found = heat_map(
            user=user,
            roots=roots,
            within=request.GET.get("within"),
            framework=request.GET.get("framework"),
        )
        node, columns, framework, cells = found.node, found.columns, found.framework, found.cells
        rows = []
        people_url = reverse("assessments:gap_people")
        for comp in found.competencies:
            line = []
            code = quote(comp.code)
            for org in columns:
                cell = cells.get((org.pk, comp.code))
                view = None
                if cell is not None and cell.people and framework is not None:
                    view = {  # worked out here: a region's map has thousands of cells
                        "percent": round(100 * cell.below / cell.people),
                        "href": f"{people_url}?within={org.pk}&framework={framework.pk}"
                        f"&code={code}",
                        "title": _("%(b)s of %(p)s below the required level")
                        % {"b": cell.below, "p": cell.people},
                        "shade": _shade(cell),
                    }
                line.append((org, cell, view))
            rows.append((comp, line))
        computed_at = max((c.computed_at for c in cells.values()), default=None)
        if request.GET.get("export") == "csv":
            return _heat_csv(rows, columns)
        chart = heat_chart(rows, columns)
        csv = chart_export(request, [chart])
        if csv is not None:
            return csv
        trail = []
        if node is not None:
            trail = heat_map_trail(user=user, node=node)
        return render(
            request,
            "assessments/heatmap.html",
            {
                "node": node,
                "trail": trail,
                "columns": columns,
                "rows": rows,
                "frameworks": found.frameworks,
                "framework": framework,
                "computed_at": computed_at,
                "chart": chart,
                "legend": LEGEND,
                "may_recompute": _may_recompute(user),
            },
        )


def _shade(cell: GapCell | None) -> str:
    """A class from pale (few below the required level) to deep red (all below): one of the
    eleven ``heat-N`` of cadre.css (no inline style: the Content-Security-Policy)."""
    if cell is None or not cell.people:
        return ""
    return heat_class(cell.below / cell.people)


def _cell_text(row: Any, i: int) -> str:
    cell = row[1][i][1]
    return f"{cell.below}/{cell.people}" if cell else ""


def _heat_csv(rows: list[Any], columns: list[Organisation]) -> HttpResponse:
    labels = [Column("competency", _l("competency"), value=lambda r: str(r[0]))]
    labels += [
        Column(f"c{i}", org.display_name, value=lambda r, i=i: _cell_text(r, i))  # type: ignore[misc]
        for i, org in enumerate(columns)
    ]
    return export_csv(str(_("gaps")), labels, rows)  # type: ignore[return-value]


def _may_recompute(user: Any) -> bool:
    """The batch covers the whole country: only the national authority starts it by hand."""
    return reach_for(user, Framework, "change").everything


class GapRecomputeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        if not _may_recompute(request.user):
            raise PermissionDenied
        job = job_create(actor=request.user, kind="assessments.gaps_recompute")
        return HttpResponseRedirect(job.get_absolute_url())


LIMIT = 5000  # people listed or exported from one cell, largest shortfall first


class GapPeopleView(LoginRequiredMixin, View):
    """The people behind one heat-map cell: in the subtree, below the required level."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not can(user, "assessments.proficiency", "view"):
            raise PermissionDenied
        org_id, framework_id = request.GET.get("within", ""), request.GET.get("framework", "")
        code = request.GET.get("code", "")
        found = gap_people(user=user, within=org_id, framework=framework_id, code=code, limit=LIMIT)
        organisation, people = found.organisation, found.people
        if request.GET.get("export") == "csv":
            return export_csv(  # type: ignore[return-value]
                f"{code}-{organisation.pk}",
                [
                    Column("e", _l("employee"), value=lambda r: str(r[0])),
                    Column("o", _l("organisation"), value=lambda r: r[0].organisation.display_name),
                    Column("r", _l("required level"), value=lambda r: r[1]),
                    Column("c", _l("current level"), value=lambda r: r[2]),
                ],
                people,
            )
        page = Paginator(people, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "assessments/gap_people.html",
            {
                "organisation": organisation,
                "competency": found.competency,
                "page": page,
                "total": len(people),
                "truncated": found.truncated,
                "limit": LIMIT,
                "querystring": f"within={org_id}&framework={framework_id}&code={code}",
            },
        )
