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
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.accounts.roles import can
from cadre.core.errors import ApplicationError
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
from cadre.ratings.choices import CommentStatus, ModerationReason, RatingReason, RatingStatus
from cadre.ratings.filtersets import ServicePointFilterSet
from cadre.ratings.forms import FIVE as FIVE_CHOICES
from cadre.ratings.forms import MEANINGS, RatingForm, ServicePointForm, ServiceTypeForm
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
from cadre.ratings.scores import DRIVERS, MONTH_FIELDS, funnel

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
    basis = ScoreBasis.objects.filter(pk=1).first()
    return render(
        request,
        "ratings/public_scores.html",
        {"bodies": bodies, "points": points, "computed_at": basis and basis.folded_until},
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
    is never shown."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not can(user, "ratings.rating", "view"):
            raise PermissionDenied
        bodies = Organisation.objects.restrict(user, "view")
        units = UnitScore.objects.filter(kind="organisation", object_id__in=bodies.values("pk"))
        # The limits and the network rate from every body in scope; the points drawn are
        # the FUNNEL_POINTS bodies with the most ratings (a country has tens of thousands).
        shown = {u.object_id: u for u in units.order_by("-ratings", "object_id")[:FUNNEL_POINTS]}
        names = dict(Organisation.objects.filter(pk__in=list(shown)).values_list("pk", "name"))
        plot = funnel(
            [(names.get(pk, ""), u.ratings, u.negatives) for pk, u in shown.items()],
            everyone=list(units.values_list("ratings", "negatives")),
        )
        scores = (
            EmployeeScore.objects.filter(employee__in=Employee.objects.restrict(user, "view"))
            .select_related("employee")
            .order_by(*WORST_FIRST)[:200]
        )
        months = _months(MonthTally.objects.filter(organisation__in=bodies))
        return render(
            request,
            "ratings/dashboard.html",
            {
                "scores": scores,
                "funnel": _funnel_svg(plot) if plot else None,
                "bodies_rated": len(plot.points) if plot else 0,
                # The bodies' own effects (decision 0021), harshest first, of those drawn.
                "effects": sorted(
                    ((names.get(pk, ""), u) for pk, u in shown.items()),
                    key=lambda pair: (-pair[1].effect, pair[0]),
                )[:BODIES_LISTED],
                "bodies_total": plot.units if plot else 0,
                "months": months,
                "trend": _trend_svg(months) if months else None,
                "criteria": _criteria(months),
                "min_n": settings.CADRE_RATING_MIN_N,
                "basis": ScoreBasis.objects.filter(pk=1).first(),
            },
        )


FUNNEL_POINTS = 500
BODIES_LISTED = 50
TREND_MONTHS = 12


def _months(tallies: Any) -> list[dict[str, Any]]:
    """The last ``TREND_MONTHS`` months of the tallies, summed over the bodies in scope."""
    since = timezone.localdate().replace(day=1) - dt.timedelta(days=31 * (TREND_MONTHS - 1))
    rows = (
        tallies.filter(month__gte=since.replace(day=1))
        .values("month")
        .annotate(**{name: Sum(name) for name in MONTH_FIELDS})
        .order_by("month")
    )
    months = []
    for row in rows:
        n = row["ratings"] or 0
        row["negative_share"] = row["negatives"] / n if n else 0.0
        row["mean"] = row["overall_sum"] / n if n else 0.0
        months.append(row)
    return months


def _criteria(months: list[dict[str, Any]]) -> list[tuple[Any, int, float]]:
    """Each driver's label, how many answered it and its average (1–5), over the months."""
    rows = []
    for name in DRIVERS:
        n = sum(m[f"{name}_n"] or 0 for m in months)
        total = sum(m[f"{name}_sum"] or 0 for m in months)
        field: Any = Rating._meta.get_field(name)
        rows.append((field.verbose_name, n, total / n if n else 0.0))
    return rows


def _trend_svg(months: list[dict[str, Any]], width: int = 640, height: int = 200) -> dict[str, Any]:
    """Bars of ratings a month and a line of the share of negative ones."""
    left, bottom, top = 40, height - 28, 12
    step = (width - left - 12) / len(months)
    most = max(m["ratings"] for m in months) or 1
    worst = max(max(m["negative_share"] for m in months), 0.01)
    bars, line = [], []
    for i, m in enumerate(months):
        x = left + i * step
        h = (bottom - top) * m["ratings"] / most
        bars.append(
            (f"{x + step * 0.15:.1f}", f"{bottom - h:.1f}", f"{step * 0.7:.1f}", f"{h:.1f}", m)
        )
        y = bottom - (bottom - top) * m["negative_share"] / worst
        line.append(f"{x + step / 2:.1f},{y:.1f}")
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - 12,
        "bottom": bottom,
        "bars": bars,
        "line": " ".join(line),
    }


def _funnel_svg(plot: Any, width: int = 640, height: int = 320) -> dict[str, Any]:
    """Coordinates for an inline SVG: points and the 95% / 99.8% limits."""
    left, bottom, top = 48, height - 32, 12
    max_n = max(n for _, n, _ in plot.points)
    max_rate = max(
        [rate for _, _, rate in plot.points] + [plot.limits(max(1, max_n // 50), 3.09)[1]]
    )
    max_rate = max(max_rate, plot.p0 * 2, 0.01)

    def x(n: float) -> float:
        return left + (width - left - 12) * n / max_n

    def y(rate: float) -> float:
        return bottom - (bottom - top) * min(rate, max_rate) / max_rate

    steps = [max(1, int(max_n * i / 60)) for i in range(1, 61)]
    lines = {}
    for name, z in (("95", 1.96), ("998", 3.09)):
        upper = " ".join(f"{x(n):.1f},{y(plot.limits(n, z)[1]):.1f}" for n in steps)
        lower = " ".join(f"{x(n):.1f},{y(plot.limits(n, z)[0]):.1f}" for n in steps)
        lines[name] = (upper, lower)
    return {
        "width": width,
        "height": height,
        "points": [
            (label, n, rate, f"{x(n):.1f}", f"{y(rate):.1f}") for label, n, rate in plot.points
        ],
        "p0": plot.p0,
        "phi": plot.phi,
        "mean_y": f"{y(plot.p0):.1f}",
        "left": left,
        "right": width - 12,
        "bottom": bottom,
        "lines": lines,
        "max_n": max_n,
        "max_rate": max_rate,
    }


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
    return render(
        request,
        "ratings/public_body.html",
        {"body": body, "score": score, "comments": comments},
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
