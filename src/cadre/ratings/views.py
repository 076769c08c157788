"""The citizen's pages (no sign-in, no script) and the scores pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, DateField, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.accounts.roles import can
from cadre.core.charts import export as chart_export
from cadre.core.errors import ApplicationError
from cadre.core.exports import export_csv
from cadre.core.pagination import Paginator
from cadre.core.reasons import FIELD as REASON
from cadre.core.reasons import ReasonField
from cadre.core.shortcuts import get_object_or_404
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
)
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.ratings import keys, selectors, services
from cadre.ratings.charts import criteria_chart, funnel_chart, public_chart, trend_chart
from cadre.ratings.choices import CommentStatus, ModerationReason, RatingReason, RatingStatus
from cadre.ratings.filtersets import ServicePointFilterSet
from cadre.ratings.forms import FIVE as FIVE_CHOICES
from cadre.ratings.forms import (
    MEANINGS,
    DashboardFilterForm,
    RatingForm,
    ServicePointForm,
    ServiceTypeForm,
)
from cadre.ratings.models import (
    WORST_FIRST,
    EmployeeScore,
    Interaction,
    MonthTally,
    Rating,
    ScoreBasis,
    ServicePoint,
    ServiceType,
    UnitScore,
)
from cadre.ratings.scores import DRIVERS, MONTH_FIELDS, NEGATIVE, funnel

PROBLEM_STATUS = {"malformed": 404, "unknown": 404, "used": 410, "expired": 410}


def client_network(request: HttpRequest) -> str:
    return keys.network_key(request.META.get("REMOTE_ADDR", ""))


def network_allows(network: str) -> bool:
    """At most ``CADRE_RATING_NETWORK_PER_MINUTE`` submissions a minute from one network."""
    if not network:
        return True
    key = f"ratings:rate:{network}"
    try:  # one round trip to the cache while the network's minute is running
        count = cache.incr(key)
    except ValueError:  # its first request this minute
        count = 1 if cache.add(key, 1, timeout=60) else cache.incr(key)
    return count <= settings.CADRE_RATING_NETWORK_PER_MINUTE


class RateView(View):
    """``/r/<token>/``: the link the citizen received by SMS or on the portal."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            interaction = services.token_interaction(token)
        except ApplicationError as exc:
            return _problem(request, exc)
        return self._form(request, interaction, RatingForm())

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            interaction = services.token_interaction(token)
        except ApplicationError as exc:
            return _problem(request, exc)
        network = client_network(request)
        if not network_allows(network):
            return render(
                request,
                "ratings/problem.html",
                {"message": _("Too many ratings from your network; try again in a minute.")},
                status=429,
            )
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                services.rating_submit(token=token, answers=form.answers(), network=network)
            except ApplicationError as exc:
                if "token" in exc.errors:
                    return _problem(request, exc)
                for field, problems in exc.errors.items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, str(problem))
            else:
                return HttpResponseRedirect(reverse("rate:thanks"))
        return self._form(request, interaction, form, status=400)

    def _form(
        self, request: HttpRequest, interaction: Interaction, form: RatingForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "ratings/rate.html",
            {
                "interaction": interaction,
                "form": form,
                # The questions on the 1–5 scale, drawn as five large buttons with meanings.
                "scaled": [
                    name
                    for name, f in form.fields.items()
                    if getattr(f, "choices", None) == FIVE_CHOICES
                ],
                "meanings": list(MEANINGS.items()),
            },
            status=status,
        )


def _problem(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return render(
        request,
        "ratings/problem.html",
        {"message": str(exc)},
        status=PROBLEM_STATUS.get(exc.code or "", 400),
    )


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "ratings/thanks.html")


@login_required
def my_rating(request: HttpRequest) -> HttpResponse:
    """The signed-in employee's own score, explained (decision 0021)."""
    explained = selectors.my_rating(request.user)
    return render(request, "ratings/mine.html", {"rating": explained})


def public_scores(request: HttpRequest) -> HttpResponse:
    """Scores of bodies and service points for everyone: shrunk averages and the Wilson
    lower bound, with the number of ratings — never a raw average of a tiny sample."""
    rated = UnitScore.objects.values("object_id")
    bodies = _scored_page(
        request,
        "bodies",
        "organisation",
        Organisation.objects.filter(pk__in=rated.filter(kind="organisation")).order_by("name"),
    )
    points = _scored_page(
        request,
        "points",
        "point",
        ServicePoint.objects.filter(pk__in=rated.filter(kind="point"))
        .select_related("organisation")
        .order_by("name"),
    )
    charts = {
        "bodies": public_chart(bodies, "bodies", _("Bodies' scores (1–5)")),
        "points": public_chart(points, "points", _("Service points' scores (1–5)")),
    }
    csv = chart_export(request, charts.values())
    if csv is not None:
        return csv
    basis = ScoreBasis.objects.filter(pk=1).first()
    return render(
        request,
        "ratings/public_scores.html",
        {
            "bodies": bodies,
            "points": points,
            "charts": charts,
            "computed_at": basis and basis.folded_until,
        },
    )


def _scored_page(request: HttpRequest, param: str, kind: str, objects: Any) -> Any:
    """One page (``?<param>=N``) of ``objects``, each with its score as ``.score``."""
    page: Any = Paginator(objects, 50).get_page(request.GET.get(param))
    scores = {
        s.object_id: s
        for s in UnitScore.objects.filter(kind=kind, object_id__in=[o.pk for o in page])
    }
    for obj in page:
        obj.score = scores[obj.pk]
    page.param = param
    return page


class DashboardView(LoginRequiredMixin, View):
    """For managers and HR: fair scores of the people and bodies they may see, the funnel
    plot of bodies, and how many rating links each employee's services produced. Who rated
    is never shown.

    Filters (``DashboardFilterForm``): a body narrows everything to its subtree; the period,
    the service point and the service type narrow the trend and the criteria (the scores
    and the funnel are over the scores' own window). Each chart's data is a CSV
    (``?export=chart-<key>``), the employees' scores too (``?export=scores``)."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if not can(user, "ratings.rating", "view"):
            raise PermissionDenied
        bodies = Organisation.objects.restrict(user, "view")
        form = DashboardFilterForm(request.GET or None, **selectors.dashboard_choices(user))
        chosen: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
        body = chosen.get("body")
        if body is not None:
            bodies = bodies.filter(path__startswith=body.path)
        until = chosen.get("until") or timezone.localdate()
        until = until.replace(day=1)
        since = chosen.get("since") or _months_back(until, TREND_MONTHS - 1)
        since = since.replace(day=1)
        people = Employee.objects.restrict(user, "view")
        if body is not None:
            people = people.filter(organisation__path__startswith=body.path)
        scores = (
            EmployeeScore.objects.filter(employee__in=people)
            .select_related("employee")
            .order_by(*WORST_FIRST)[:200]
        )
        if request.GET.get("export") == "scores":
            return export_csv("ratings-scores", SCORE_COLUMNS, scores)
        units = UnitScore.objects.filter(kind="organisation", object_id__in=bodies.values("pk"))
        # The limits and the network rate from every body in scope; the points drawn are
        # the FUNNEL_POINTS bodies with the most ratings (a country has tens of thousands).
        shown = {u.object_id: u for u in units.order_by("-ratings", "object_id")[:FUNNEL_POINTS]}
        names = dict(Organisation.objects.filter(pk__in=list(shown)).values_list("pk", "name"))
        plot = funnel(
            [(names.get(pk, ""), u.ratings, u.negatives) for pk, u in shown.items()],
            everyone=list(units.values_list("ratings", "negatives")),
        )
        point, service_type = chosen.get("point"), chosen.get("service_type")
        basis = ScoreBasis.objects.filter(pk=1).first()
        if point is not None or service_type is not None:
            counted = selectors.counted_ratings(
                bodies=bodies,
                point=point,
                service_type=service_type,
                folded_until=basis.folded_until if basis else None,
            )
            months = _months_of_ratings(counted, since=since, until=until)
        else:
            months = _months(
                MonthTally.objects.filter(organisation__in=bodies), since=since, until=until
            )
        criteria = _criteria(months)
        charts = {
            "trend": trend_chart(months),
            "criteria": criteria_chart(criteria),
            "funnel": funnel_chart(
                plot, len(plot.points) if plot else 0, plot.units if plot else 0
            ),
        }
        csv = chart_export(request, charts.values())
        if csv is not None:
            return csv
        return render(
            request,
            "ratings/dashboard.html",
            {
                "form": form,
                "scores": scores,
                "charts": charts,
                # The bodies' own effects (decision 0021), harshest first, of those drawn.
                "effects": sorted(
                    ((names.get(pk, ""), u) for pk, u in shown.items()),
                    key=lambda pair: (-pair[1].effect, pair[0]),
                )[:BODIES_LISTED],
                "months": months,
                "min_n": settings.CADRE_RATING_MIN_N,
                "basis": basis,
                "scores_csv": _query_with(request, export="scores"),
            },
        )


FUNNEL_POINTS = 500
BODIES_LISTED = 50
TREND_MONTHS = 12

# The employees' scores as CSV (``?export=scores``): the table's headers, plain numbers.
SCORE_COLUMNS = [
    Column("employee", gettext_lazy("Employee"), value=lambda s: str(s.employee)),
    Column("links", gettext_lazy("Links issued")),
    Column("answered", gettext_lazy("Answered")),
    Column("ratings", gettext_lazy("Ratings")),
    Column("negatives", gettext_lazy("Negative")),
    Column("expected", gettext_lazy("Expected"), value=lambda s: round(s.expected, 3)),
    Column("ratio", gettext_lazy("Ratio"), value=lambda s: round(s.ratio, 3)),
    Column(
        "ratio_low", gettext_lazy("Ratio, 5th percentile"), value=lambda s: round(s.ratio_low, 3)
    ),
    Column(
        "ratio_high", gettext_lazy("Ratio, 95th percentile"), value=lambda s: round(s.ratio_high, 3)
    ),
    Column("p_worse", gettext_lazy("P(ratio > 1.2)"), value=lambda s: round(s.p_worse, 3)),
    Column("mean", gettext_lazy("Score (1–5)"), value=lambda s: round(s.mean, 3)),
    Column(
        "reliably_worse",
        gettext_lazy("Reliably worse"),
        value=lambda s: gettext("yes") if s.reliably_worse else "",
    ),
]


def _query_with(request: HttpRequest, **values: str) -> str:
    query = request.GET.copy()
    for key, value in values.items():
        query[key] = value
    return "?" + query.urlencode()


def _months_back(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def _months(tallies: Any, *, since: dt.date, until: dt.date) -> list[dict[str, Any]]:
    """The months ``since``–``until`` of the tallies, summed over the bodies in scope."""
    rows = (
        tallies.filter(month__gte=since, month__lte=until)
        .values("month")
        .annotate(**{name: Sum(name) for name in MONTH_FIELDS})
        .order_by("month")
    )
    return [_with_shares(row) for row in rows]


def _months_of_ratings(counted: Any, *, since: dt.date, until: dt.date) -> list[dict[str, Any]]:
    """The same figures as the tallies' (``_months``), counted from the ratings themselves
    (``selectors.counted_ratings``): the tallies are per body and month, not per service
    point or type."""
    sums: dict[str, Any] = {
        "ratings": Count("id"),
        "negatives": Count("id", filter=NEGATIVE),
        "overall_sum": Sum("overall"),
    }
    for name in DRIVERS:
        sums[f"{name}_n"] = Count(name)
        sums[f"{name}_sum"] = Sum(name)
    rows = (
        counted.annotate(month=TruncMonth("submitted_at", output_field=DateField()))
        .filter(month__gte=since, month__lte=until)
        .values("month")
        .annotate(**sums)
        .order_by("month")
    )
    return [_with_shares(row) for row in rows]


def _with_shares(row: dict[str, Any]) -> dict[str, Any]:
    n = row["ratings"] or 0
    row["negative_share"] = row["negatives"] / n if n else 0.0
    row["mean"] = row["overall_sum"] / n if n else 0.0
    return row


def _criteria(months: list[dict[str, Any]]) -> list[tuple[Any, int, float]]:
    """Each driver's label, how many answered it and its average (1–5), over the months."""
    rows = []
    for name in DRIVERS:
        n = sum(m[f"{name}_n"] or 0 for m in months)
        total = sum(m[f"{name}_sum"] or 0 for m in months)
        field: Any = Rating._meta.get_field(name)
        rows.append((field.verbose_name, n, total / n if n else 0.0))
    return rows


def _with_changeable(user: Any, rows: Any) -> list[tuple[Rating, bool]]:
    """Each rating with whether the user may act on it (moderate, answer, review)."""
    changeable = set(
        Rating.objects.restrict(user, "change")
        .filter(pk__in=[r.pk for r in rows])
        .values_list("pk", flat=True)
    )
    return [(r, r.pk in changeable) for r in rows]


class CommentsView(LoginRequiredMixin, View):
    """Comments on the ratings of the bodies the user may see: moderate (publish, publish
    with personal data taken out, remove — with the reason) and answer within
    ``CADRE_RATING_ANSWER_DAYS``. The citizen is never shown; those who only view see the
    published comments as published."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not can(user, "ratings.rating", "view"):
            raise PermissionDenied
        status = request.GET.get("status", CommentStatus.PENDING)
        if status not in CommentStatus.values:
            status = CommentStatus.PENDING
        # A comment not yet published (its original text may name the citizen) is read
        # only by those who moderate it; everybody else sees what the public sees.
        action = "view" if status == CommentStatus.PUBLISHED else "change"
        rows = (
            Rating.objects.restrict(user, action)
            .filter(comment_status=status)
            .select_related("organisation", "service_point", "service_type")
            .order_by("answer_due", "submitted_at")[:100]
        )
        return render(
            request,
            "ratings/comments.html",
            {
                "rows": _with_changeable(user, rows),
                "status": status,
                "statuses": CommentStatus.choices,
                "reasons": ModerationReason.choices,
                "today": timezone.localdate(),
            },
        )


class HeldView(LoginRequiredMixin, View):
    """Ratings held for review (too soon after the service, a burst from one network, a
    streak for one employee): count them or not.

    Controlled anonymity (docs/ratings.md, "Who sees what"): those who decide (``change``
    on the rating) see each held rating's time, service point and reason — what the
    decision needs — but not its score, so that no rating is counted for what it says.
    Everybody else (managers, auditors) sees only how many ratings of each body are held,
    by day and reason: no time, no service point, no score."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, "ratings.rating", "view"):
            raise PermissionDenied
        held = Rating.objects.filter(status=RatingStatus.HELD)
        decidable = held.filter(pk__in=Rating.objects.restrict(request.user, "change").values("pk"))
        rows = decidable.select_related("organisation", "service_point").order_by(
            "submitted_at", "pk"
        )[:200]
        others = (
            held.filter(pk__in=Rating.objects.restrict(request.user, "view").values("pk"))
            .exclude(pk__in=decidable.values("pk"))
            .annotate(day=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone()))
            .values("day", "organisation__name", "reason")
            .annotate(n=Count("pk"))
            .order_by("day", "organisation__name", "reason")
        )
        labels = dict(RatingReason.choices)
        totals = [
            {
                "day": row["day"],
                "body": row["organisation__name"],
                "reason": labels.get(row["reason"], row["reason"]),
                "n": row["n"],
            }
            for row in others[:500]
        ]
        return render(request, "ratings/held.html", {"rows": rows, "totals": totals})


def _reason(data: Any) -> str:
    """The reason typed with a decision, refused (field ``reason``) when too long."""
    field = ReasonField()
    try:
        return str(field.clean(data.get(REASON, "")))
    except ValidationError as exc:
        code = exc.error_list[0].code or "invalid"
        raise ApplicationError(exc.messages[0], field=REASON, code=code) from None


class RatingActionView(ScopedViewMixin, View):
    """A body's decision on one rating (``POST``): moderate or answer its comment, or count
    a held rating or not. Outside the view scope 404, without ``change`` 403."""

    model = Rating
    action: str = "moderate"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        rating = self.get_object("change")
        data = request.POST
        try:
            if self.action == "answer":
                services.comment_answer(
                    actor=request.user, rating=rating, text=data.get("text", "")
                )
            elif self.action == "review":
                services.rating_review(
                    actor=request.user,
                    rating=rating,
                    decision=data.get("decision", ""),
                    reason=_reason(data),
                )
            else:
                services.comment_moderate(
                    actor=request.user,
                    rating=rating,
                    decision=data.get("decision", ""),
                    text=data.get("text", ""),
                    reason=data.get("reason", ""),
                )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
        if self.action == "review":
            return HttpResponseRedirect(reverse("ratings:held"))
        back = data.get("status", "")
        return HttpResponseRedirect(
            reverse("ratings:comments")
            + (f"?status={back}" if back in CommentStatus.values else "")
        )


def public_body(request: HttpRequest, pk: int) -> HttpResponse:
    """A body's public score with its published comments and the body's answers."""
    score = get_object_or_404(UnitScore, kind="organisation", object_id=pk)
    body = get_object_or_404(Organisation, pk=pk)
    comments = (
        Rating.objects.filter(organisation=body, comment_status=CommentStatus.PUBLISHED)
        .select_related("service_point")
        .order_by("-submitted_at")[:50]
    )
    figures = selectors.public_body_figures(body)
    until = timezone.localdate().replace(day=1)
    months = _months(figures["tallies"], since=_months_back(until, TREND_MONTHS - 1), until=until)
    points = _scored_page(request, "points", "point", figures["points"])
    charts = {
        "trend": trend_chart(months, public=True),
        "points": public_chart(
            points, "points", _("Service points' scores (1–5)"), table_open=True
        ),
    }
    csv = chart_export(request, charts.values())
    if csv is not None:
        return csv
    return render(
        request,
        "ratings/public_body.html",
        {"body": body, "score": score, "comments": comments, "charts": charts, "points": points},
    )


POINT_COLUMNS = (
    Column("name", _l("name"), sort="name", link=True),
    Column("code", _l("code"), sort="code"),
    Column("organisation", _l("body"), sort="organisation__name"),
    Column("address", _l("address")),
)


class ServicePointListView(ObjectListView):
    model = ServicePoint
    columns = POINT_COLUMNS
    filterset_class = ServicePointFilterSet
    select_related = ("organisation",)
    default_sort = "name"


class ServicePointDetailView(ObjectDetailView):
    model = ServicePoint
    select_related = ("organisation",)
    fields = POINT_COLUMNS[1:]


class ServicePointEditView(ObjectEditView):
    model = ServicePoint
    form_class = ServicePointForm
    create_service = services.service_point_create
    update_service = services.service_point_update
    service_instance_kwarg = "service_point"


class ServicePointDeleteView(ObjectDeleteView):
    model = ServicePoint
    delete_service = services.service_point_delete
    service_instance_kwarg = "service_point"


TYPE_COLUMNS = (
    Column("name", _l("name"), link=True),
    Column("code", _l("code"), sort="code"),
)


class ServiceTypeListView(ObjectListView):
    model = ServiceType
    columns = TYPE_COLUMNS
    default_sort = "code"


def _name_in(code: str) -> Callable[[ServiceType], str]:
    return lambda kind: kind.names.get(code, "")


class ServiceTypeDetailView(ObjectDetailView):
    model = ServiceType
    fields = (
        Column("code", _l("code")),
        *(
            Column(f"name_{code}", language, value=_name_in(code))
            for code, language in settings.LANGUAGES
        ),
    )


class ServiceTypeEditView(ObjectEditView):
    model = ServiceType
    form_class = ServiceTypeForm
    create_service = services.service_type_create
    update_service = services.service_type_update
    service_instance_kwarg = "service_type"


class ServiceTypeDeleteView(ObjectDeleteView):
    model = ServiceType
    delete_service = services.service_type_delete
    service_instance_kwarg = "service_type"
