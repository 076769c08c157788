"""What other apps read of citizen ratings (pay's rating policy reads the fair scores; KPIs
read the fair ratio as a measure), and what an employee reads of their own score (decision
0021)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count

from cadre.core.measures import MeasureResult
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.ratings.choices import Channel, Outcome, RatingStatus
from cadre.ratings.models import (
    CellRate,
    EmployeeScore,
    MonthTally,
    Rating,
    ScoreBasis,
    ServicePoint,
    ServiceType,
    UnitScore,
)
from cadre.ratings.scores import WORSE_PROBABILITY, WORSE_RATIO


@dataclass(frozen=True)
class Score:
    """An official's fair score as it stands: ``ratio`` is observed over expected negative
    ratings (posterior mean), ``ratio_low``..``ratio_high`` its 90 % interval, ``p_worse``
    the posterior probability that the ratio exceeds ``WORSE_RATIO``."""

    employee_id: int
    ratings: int
    negatives: int
    expected: float
    ratio: float
    ratio_low: float
    ratio_high: float
    p_worse: float
    reliably_worse: bool


def employee_scores() -> Iterator[Score]:
    """Every official's current fair score, by employee id, read in batches."""
    fields = (
        "employee_id",
        "ratings",
        "negatives",
        "expected",
        "ratio",
        "ratio_low",
        "ratio_high",
        "p_worse",
        "reliably_worse",
    )
    rows = EmployeeScore.objects.order_by("employee_id").values_list(*fields)
    for row in rows.iterator(chunk_size=5000):
        yield Score(*row)


def worse_ratio() -> float:
    """The ratio above which an official counts as worse than expected (1.2)."""
    return WORSE_RATIO


def fair_ratio(*, organisation: Any, employee: Any, start: Any, end: Any) -> MeasureResult:
    """KPI measure: the fair ratio of the citizen rating (posterior mean of observed over
    expected negative ratings; 1 is as expected, lower is better) of the person, or of the
    people counted in the organisation's subtree at the period's end (``as_of``; their
    ratios weighted by their expected negatives). The current score: a score is one
    posterior over all the ratings folded so far and no past score is kept, so it cannot be
    read as of a date (a period's value is frozen when its achievements are computed). The
    rows are the employees' scores."""
    from cadre.core.measures import as_of
    from cadre.people.models import Employee
    from cadre.people.selectors import employees_in

    if employee is not None:
        scores = list(EmployeeScore.objects.filter(employee=employee))
    else:
        people = employees_in(Employee.objects.all(), organisation, as_of(end)).values("pk")
        scores = list(EmployeeScore.objects.filter(employee__in=people))
    weight = sum(s.expected for s in scores)
    if not scores or weight <= 0:
        return MeasureResult(None, "ratings.employeescore")
    ratio = sum(s.ratio * s.expected for s in scores) / weight
    value = Decimal(str(ratio)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return MeasureResult(value, "ratings.employeescore", tuple(s.employee_id for s in scores))


def fair_ratio_many(*, employee_ids: list[int], start: Any, end: Any) -> dict[int, MeasureResult]:
    """``fair_ratio`` of each of these people, in one query (people without a score have
    no value)."""
    out = {pk: MeasureResult(None, "ratings.employeescore") for pk in employee_ids}
    for score in EmployeeScore.objects.filter(employee_id__in=employee_ids):
        value = Decimal(str(score.ratio)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
        out[score.employee_id] = MeasureResult(value, "ratings.employeescore", (score.employee_id,))
    return out


def my_rating(user: Any) -> dict[str, Any] | None:
    """``employee_rating`` of the user's own employee record, with the names of the bodies
    and the labels of the channels and outcomes; ``None`` when they have none."""
    employee = Employee.objects.filter(user_id=user.pk or 0).first()
    explained = employee_rating(employee) if employee else None
    if explained is None:
        return None
    names = dict(
        Organisation.objects.filter(pk__in=[b["body"] for b in explained["bodies"]]).values_list(
            "pk", "name"
        )
    )
    for body in explained["bodies"]:
        body["name"] = names.get(body["body"], "")
    labels = {**dict(Channel.choices), **dict(Outcome.choices)}
    for cell in explained["case_mix"]:
        cell["channel_label"] = labels.get(cell["channel"], cell["channel"])
        cell["outcome_label"] = labels.get(cell["outcome"], cell["outcome"])
    return explained


def employee_rating(employee: Employee) -> dict[str, Any] | None:
    """An employee's own score, explained: the ratio with its 90% interval, observed and
    expected negatives, the case mix (counted ratings per service type × channel × outcome,
    with the network's negative rate of each and the negatives expected of them), and the
    comparison group (those cells across the network, scaled by the effect of each body
    they served in). Never a rating or who gave it, nor negatives per cell: a cell of one
    rating would say what that citizen answered. ``None`` before the first computation."""
    basis = ScoreBasis.objects.filter(pk=1).first()
    score = EmployeeScore.objects.filter(employee=employee).first()
    if basis is None or score is None:
        return None
    rows = (
        Rating.objects.filter(
            interaction__employees=employee,
            status=RatingStatus.COUNTED,
            submitted_at__lt=basis.folded_until,
        )
        .values("organisation_id", "service_type_id", "channel", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    rates = {
        (c.service_type_id, c.channel, c.outcome): c
        for c in CellRate.objects.select_related("service_type")
    }
    effects = {
        u.object_id: u
        for u in UnitScore.objects.filter(
            kind="organisation", object_id__in={r["organisation_id"] for r in rows}
        )
    }
    cells: dict[tuple[int, str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["service_type_id"], row["channel"], row["outcome"])
        cell = rates.get(key)
        rate = cell.rate if cell else basis.network_rate
        body = effects.get(row["organisation_id"])
        effect = body.effect if body else 1.0
        entry = cells.setdefault(
            key,
            {
                "service_type": cell.service_type.name if cell else "",
                "service_type_id": key[0],
                "channel": key[1],
                "outcome": key[2],
                "ratings": 0,
                "network_rate": rate,
                "expected": 0.0,
            },
        )
        entry["ratings"] += row["n"]
        entry["expected"] += row["n"] * rate * effect
    bodies = [
        {
            "body": pk,
            "effect": u.effect,
            "effect_low": u.effect_low,
            "effect_high": u.effect_high,
        }
        for pk, u in sorted(effects.items())
    ]
    return {
        "employee": employee.pk,
        "computed_at": score.computed_at,
        "counted_until": basis.folded_until,
        "ratings": score.ratings,
        "negatives": score.negatives,
        "expected": score.expected,
        "ratio": score.ratio,
        "ratio_low": score.ratio_low,
        "ratio_high": score.ratio_high,
        "p_worse": score.p_worse,
        "reliably_worse": score.reliably_worse,
        "min_ratings": settings.CADRE_RATING_MIN_N,
        "worse_ratio": WORSE_RATIO,
        "worse_probability": WORSE_PROBABILITY,
        "case_mix": sorted(
            cells.values(), key=lambda c: (-c["ratings"], c["service_type_id"], c["outcome"])
        ),
        "bodies": bodies,
    }


def dashboard_choices(user: Any) -> dict[str, Any]:
    """What the ratings dashboard's filters offer ``user``: the rated bodies, the service
    points and the service types it may see."""
    rated = UnitScore.objects.filter(kind="organisation").values("object_id")
    return {
        "bodies": Organisation.objects.restrict(user, "view").filter(pk__in=rated).order_by("name"),
        "points": ServicePoint.objects.restrict(user, "view")
        .select_related("organisation")
        .order_by("name", "pk"),
        "types": ServiceType.objects.restrict(user, "view").order_by("code"),
    }


def counted_ratings(
    *,
    bodies: Any,
    point: ServicePoint | None,
    service_type: ServiceType | None,
    folded_until: Any,
) -> Any:
    """The counted ratings of ``bodies`` (a scoped queryset) the scores have folded, of one
    service point and one service type if given."""
    counted = Rating.objects.filter(organisation__in=bodies, status=RatingStatus.COUNTED)
    if folded_until is None:
        return counted.none()
    counted = counted.filter(submitted_at__lt=folded_until)
    if point is not None:
        counted = counted.filter(service_point=point)
    if service_type is not None:
        counted = counted.filter(service_type=service_type)
    return counted


def public_body_figures(body: Organisation) -> dict[str, Any]:
    """What a body's public page draws: its monthly tallies (counts only, nobody named)
    and its service points that have a public score."""
    rated = UnitScore.objects.filter(kind="point").values("object_id")
    return {
        "tallies": MonthTally.objects.filter(organisation=body),
        "points": ServicePoint.objects.filter(organisation=body, pk__in=rated)
        .select_related("organisation")
        .order_by("name", "pk"),
    }


def fair_ratio_by_path() -> list[tuple[str, float, float]]:
    """The current fair scores summed by the path of the officials' organisation: ``(path,
    Σ ratio × expected, Σ expected)`` — the numerator and denominator of the fair ratio
    weighted by expected negatives, as ``fair_ratio`` weighs it (analytics, decision 0037).
    One grouped query over the score folds; a system read."""
    from django.db.models import F, FloatField, Sum

    rows = (
        EmployeeScore.objects.order_by()
        .values_list("employee__organisation__path")
        .annotate(
            y=Sum(F("ratio") * F("expected"), output_field=FloatField()),
            w=Sum("expected", output_field=FloatField()),
        )
    )
    return [(path, float(y or 0), float(w or 0)) for path, y, w in rows]


def month_tallies_under(path: str, since: Any) -> list[dict[str, Any]]:
    """Counted ratings of the bodies in the subtree at ``path`` by month from ``since``
    (the folded monthly tallies: counts only, nobody named) — analytics' dashboards."""
    from django.db.models import Sum

    from cadre.core.fields import subtree_q

    return list(
        MonthTally.objects.filter(subtree_q("organisation__path", path), month__gte=since)
        .order_by("month")
        .values("month")
        .annotate(ratings=Sum("ratings"), negatives=Sum("negatives"), overall=Sum("overall_sum"))
    )
