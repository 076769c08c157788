"""The dashboard: an organisation's registry indicators, each card a drill-down into the list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View

from cadre.accounts.roles import can
from cadre.core.access import access
from cadre.core.charts import export as chart_export
from cadre.core.fields import path_ids
from cadre.core.numbers import grouped, percent
from cadre.core.services import job_create
from cadre.orgs.models import Organisation
from cadre.people.charts import children_chart, levels_chart
from cadre.people.choices import EducationLevel
from cadre.people.selectors import indicator_breakdown


class DashboardView(LoginRequiredMixin, View):
    """The registry indicators of one organisation's subtree, each a link to its rows,
    with the same figures for each organisation directly under it."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        visible = Organisation.objects.restrict(user, "view")
        raw = request.GET.get("within")
        root = access(Organisation, user, raw) if raw else visible.order_by("depth", "path").first()
        if root is None:
            return render(request, "people/dashboard.html", {"root": None})
        under = list(visible.filter(parent=root).order_by("name")[:200])
        figures, per_child = indicator_breakdown(user=user, root=root, children=under)
        children = list(zip(under, per_child, strict=True))
        levels = _levels(root, figures)
        charts = [
            levels_chart(levels),
            children_chart(children, lambda org: f"{reverse('people:dashboard')}?within={org.pk}"),
        ]
        csv = chart_export(request, charts)
        if csv is not None:
            return csv
        return render(
            request,
            "people/dashboard.html",
            {
                "root": root,
                "ancestors": visible.filter(pk__in=_ancestor_ids(root)).order_by("depth"),
                "figures": figures,
                "cards": _cards(root, figures, may_posts=can(user, "orgs.post", "view")),
                "levels": levels,
                "levels_chart": charts[0],
                "children_chart": charts[1],
                "children": children,
                "may_refresh": can(user, "people.employee", "add"),
            },
        )


class FiguresRefreshView(LoginRequiredMixin, View):
    """Start a recount of the stored dashboard figures (for those who keep records)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, "people.employee", "add"):
            raise PermissionDenied
        job = job_create(actor=request.user, kind="people.figures_refresh")
        return HttpResponseRedirect(job.get_absolute_url())


def _ancestor_ids(org: Organisation) -> list[int]:
    return path_ids(org.path)[:-1]


def _people(root: Organisation, **params: str | int) -> str:
    return (
        reverse("people:employee_list")
        + "?"
        + urlencode({"within": str(root.pk), **{k: str(v) for k, v in params.items()}})
    )


def _cards(
    root: Organisation, f: Any, *, may_posts: bool
) -> list[tuple[Any, Any, str | None, Any]]:
    """Each figure with its label, the link to exactly the rows it counts (the same query,
    see ``selectors.PEOPLE_FIGURES``; none where the reader may not open that list) and,
    where useful, a note on what those rows are."""
    share = f.share_without_it_specialty
    orgs = reverse("orgs:organisation_list")
    posts = reverse("orgs:post_list")
    within = str(root.pk)
    return [
        (_("Headcount"), grouped(f.headcount), _people(root, figure="headcount"), None),
        (_("IT-unit staff"), grouped(f.it_headcount), _people(root, figure="it_headcount"), None),
        (
            _("IT staff without an IT specialty"),
            grouped(f.it_without_it_specialty)
            + (f" ({percent(share)})" if share is not None else ""),
            _people(root, figure="it_without_it_specialty"),
            None,
        ),
        (
            _("IT units with nobody qualified"),
            grouped(f.it_units_without_specialist),
            f"{orgs}?{urlencode({'within': within, 'without_it_specialist': 'true'})}",
            None,
        ),
        (
            _("Vacant places"),
            grouped(f.vacancies),
            f"{posts}?{urlencode({'within': within, 'vacant': 'true'})}" if may_posts else None,
            ngettext("in %(posts)d post", "in %(posts)d posts", f.posts_with_vacancies)
            % {"posts": f.posts_with_vacancies},
        ),
        (
            _("Concurrent IT duties"),
            grouped(f.concurrent_it_duties),
            _people(root, figure="concurrent_it_duties"),
            None,
        ),
        (
            _("Bodies with a digital lead"),
            grouped(f.bodies_with_digital_lead),
            f"{orgs}?{urlencode({'within': within, 'with_digital_lead': 'true'})}",
            None,
        ),
    ]


def _levels(root: Organisation, f: Any) -> list[tuple[Any, int, int, str]]:
    biggest = max([*f.it_by_level.values(), f.it_without_it_specialty, 1])
    rows = [
        (
            label,
            f.it_by_level.get(value, 0),
            int(100 * f.it_by_level.get(value, 0) / biggest),
            _people(root, figure=f"it_level_{value}"),
        )
        for value, label in EducationLevel.choices
    ]
    rows.append(
        (
            _("No IT specialty"),
            f.it_without_it_specialty,
            int(100 * f.it_without_it_specialty / biggest),
            _people(root, figure="it_without_it_specialty"),
        )
    )
    return rows
