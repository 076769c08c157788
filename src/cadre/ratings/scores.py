"""Fair scores from citizen ratings (formulas in docs/ratings.md, decision 0009).

- Primary metric: the negative rate (overall 1 or 2).
- Expected negatives of an employee: the sum, over their counted ratings, of the
  network-wide negative rate of the rating's case-mix cell (service type × channel ×
  outcome) — so that an official who refuses more often is not punished for it.
- The ratio observed/expected is shrunk with an empirical-Bayes Gamma–Poisson model: the
  Gamma prior is fitted to all employees by the method of moments (Marshall 1991), each
  employee's posterior is Gamma(α + O, β + E); we keep its mean, 90% interval and
  P(ratio > 1.2). "Reliably worse than expected" needs at least ``CADRE_RATING_MIN_N``
  ratings and that probability above 0.9.
- Public scores: a 5-point average shrunk towards the network mean (a Bayesian average
  with a prior weight of ``PRIOR_WEIGHT`` ratings) and the Wilson lower bound of the share
  of 4 and 5 — never raw averages of tiny samples.
- Funnel plots: negative rate against the number of ratings with 95% and 99.8% limits
  widened by the over-dispersion φ estimated from winsorised z-scores (Spiegelhalter 2005).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, DateField, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from scipy.stats import gamma

from cadre.ratings.choices import NeedMet, RatingStatus
from cadre.ratings.models import (
    CRITERIA,
    CellRate,
    EmployeeScore,
    Interaction,
    MonthTally,
    Rating,
    ScoreBasis,
    UnitScore,
)

PRIOR_WEIGHT = 10
WORSE_RATIO = 1.2
WORSE_PROBABILITY = 0.9
INTERVAL = (0.05, 0.95)


def wilson_low(positive: int, n: int, z: float = 1.96) -> float:
    """The Wilson score interval's lower bound for ``positive`` successes of ``n``."""
    if n == 0:
        return 0.0
    p = positive / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def shrunk_mean(total: float, n: int, prior_mean: float, weight: int = PRIOR_WEIGHT) -> float:
    return (weight * prior_mean + total) / (weight + n)


@dataclass(frozen=True)
class Prior:
    alpha: float
    beta: float


def gamma_prior(observed: np.ndarray, expected: np.ndarray) -> Prior:
    """Method-of-moments Gamma prior for Poisson counts ``observed`` with exposures
    ``expected`` (Marshall 1991); the between-unit variance is floored so that a network
    with no spread shrinks everyone to the mean instead of failing."""
    m = observed.sum() / expected.sum()
    ratio = observed / expected
    s2 = float((expected * (ratio - m) ** 2).sum() / expected.sum())
    variance = max(s2 - m / expected.mean(), m * m / 1000)
    return Prior(alpha=m * m / variance, beta=m / variance)


def posterior(prior: Prior, observed: np.ndarray, expected: np.ndarray) -> dict[str, np.ndarray]:
    a = prior.alpha + observed
    b = prior.beta + expected
    low, high = (gamma.ppf(q, a, scale=1 / b) for q in INTERVAL)
    return {
        "ratio": a / b,
        "low": low,
        "high": high,
        "p_worse": gamma.sf(WORSE_RATIO, a, scale=1 / b),
    }


# A rating is folded once every rating submitted before it has surely been committed: a
# submission is one short statement, so this many seconds is a wide margin.
def _settled(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.CADRE_RATING_FOLD_GRACE_SECONDS)


def scores_recompute(until: dt.datetime | None = None) -> dict[str, int]:
    """Recompute every score from the counted ratings submitted before ``until`` (default:
    now less the grace period): re-estimate the case-mix rates, the network's mean and the
    Gamma prior, and rewrite every employee's, body's, service point's and month's figures.
    Later ratings are folded in by ``scores_fold``. Returns how many rows were written."""
    now = timezone.now()
    until = until or _settled(now)
    with transaction.atomic():
        basis = _locked_basis()
        before = Rating.objects.filter(submitted_at__lt=until)
        counted = before.filter(status=RatingStatus.COUNTED)
        # One scan for the cells; the network's figures are their sums.
        cells = list(
            counted.values("service_type_id", "channel", "outcome")
            .annotate(n=Count("id"), neg=Count("id", filter=NEGATIVE), total=Sum("overall"))
            .order_by()
        )
        n_all = sum(c["n"] for c in cells)
        CellRate.objects.all().delete()
        CellRate.objects.bulk_create(
            CellRate(
                service_type_id=c["service_type_id"],
                channel=c["channel"],
                outcome=c["outcome"],
                ratings=c["n"],
                negatives=c["neg"],
                rate=c["neg"] / c["n"],
            )
            for c in cells
        )
        rates = _rates()
        network_rate = sum(c["neg"] for c in cells) / n_all if n_all else 0.0
        tallies = _employee_tallies({"submitted_at__lt": until}, rates, network_rate)
        links = _links({"issued_at__lt": until})
        fitted = [t for t in tallies.values() if t[2] > 0]
        prior = (
            gamma_prior(
                np.array([t[1] for t in fitted], dtype=float),
                np.array([t[2] for t in fitted], dtype=float),
            )
            if fitted
            else Prior(alpha=1.0, beta=1.0)
        )
        if basis is None:
            basis = ScoreBasis(pk=1)
        basis.computed_at, basis.folded_until = now, until
        basis.alpha, basis.beta = prior.alpha, prior.beta
        basis.network_mean = sum(c["total"] for c in cells) / n_all if n_all else 0.0
        basis.network_rate = network_rate
        basis.save()
        EmployeeScore.objects.all().delete()
        UnitScore.objects.all().delete()
        MonthTally.objects.all().delete()
        written = _write(basis, {}, tallies, links, now)
        written.update(_fold_units(basis, counted, now, replace=True))
    return written


def scores_fold(until: dt.datetime | None = None) -> dict[str, int]:
    """Fold the ratings submitted since the last fold (or recompute) into the scores: the
    tallies of the employees, bodies, service points and months they touch are added to,
    and those employees' posteriors recomputed with the basis of the last full recompute
    (its prior and case-mix rates). A first run recomputes everything."""
    now = timezone.now()
    until = until or _settled(now)
    with transaction.atomic():
        basis = _locked_basis()
        if basis is None:
            return scores_recompute(until)
        if until <= basis.folded_until:
            return {"employees": 0, "units": 0}
        window = {"submitted_at__gte": basis.folded_until, "submitted_at__lt": until}
        rates = _rates()
        tallies = _employee_tallies(window, rates, basis.network_rate)
        links = _links({"issued_at__gte": basis.folded_until, "issued_at__lt": until})
        counted = Rating.objects.filter(status=RatingStatus.COUNTED, **window)
        basis.folded_until = until
        basis.save(update_fields=["folded_until"])
        existing = EmployeeScore.objects.in_bulk(set(tallies) | set(links))
        written = _write(basis, existing, tallies, links, now)
        written.update(_fold_units(basis, counted, now, replace=False))
    return written


def fold_counted(rating: Rating) -> None:
    """A held rating has just been counted (``services.rating_review``): when its window
    was already folded, add it now. Runs in the caller's transaction."""
    basis = _locked_basis()
    if basis is None or rating.submitted_at >= basis.folded_until:
        return  # the next fold or recompute takes it
    now = timezone.now()
    tallies = _employee_tallies({"pk": rating.pk}, _rates(), basis.network_rate)
    existing = EmployeeScore.objects.in_bulk(list(tallies))
    _write(basis, existing, tallies, {}, now, answered=False)
    _fold_units(basis, Rating.objects.filter(pk=rating.pk), now, replace=False)


NEGATIVE = Q(overall__lte=2)
Tally = list[float]  # ratings, negatives, expected negatives, Σ overall, answered


def _locked_basis() -> ScoreBasis | None:
    """The basis row, locked: folds, recomputes and reviews take their turn."""
    return ScoreBasis.objects.select_for_update().filter(pk=1).first()


def _rates() -> dict[tuple[int, str, str], float]:
    return {(c.service_type_id, c.channel, c.outcome): c.rate for c in CellRate.objects.all()}


def _employee_tallies(
    window: dict[str, Any], rates: dict[tuple[int, str, str], float], default_rate: float
) -> dict[int, Tally]:
    """Per employee, over the ratings in ``window``: counted ratings, negatives, expected
    negatives (each rating at its case-mix cell's rate; a cell the last recompute did not
    see at the network's rate), the sum of overall scores, and ratings of any status
    (links answered)."""
    through: Any = Rating.employees.through
    rows = (
        through.objects.filter(**{f"rating__{k}": v for k, v in window.items()})
        .values("employee_id", "rating__service_type_id", "rating__channel", "rating__outcome")
        .annotate(
            all=Count("rating_id"),
            n=Count("rating_id", filter=Q(rating__status=RatingStatus.COUNTED)),
            neg=Count(
                "rating_id", filter=Q(rating__status=RatingStatus.COUNTED, rating__overall__lte=2)
            ),
            total=Sum("rating__overall", filter=Q(rating__status=RatingStatus.COUNTED)),
        )
        .order_by()
        .values_list(
            "employee_id",
            "rating__service_type_id",
            "rating__channel",
            "rating__outcome",
            "all",
            "n",
            "neg",
            "total",
        )
    )
    per: dict[int, Tally] = defaultdict(lambda: [0, 0, 0.0, 0, 0])
    for employee, kind, channel, outcome, every, n, neg, total in rows.iterator(chunk_size=20000):
        acc = per[employee]
        acc[0] += n
        acc[1] += neg
        acc[2] += n * rates.get((kind, channel, outcome), default_rate)
        acc[3] += total or 0
        acc[4] += every
    return per


def _links(window: dict[str, Any]) -> dict[int, int]:
    """Rating links issued per employee for the interactions in ``window``."""
    through: Any = Interaction.employees.through
    return dict(
        through.objects.filter(**{f"interaction__{k}": v for k, v in window.items()})
        .values("employee_id")
        .annotate(n=Count("interaction_id"))
        .order_by()
        .values_list("employee_id", "n")
        .iterator(chunk_size=20000)
    )


SCORE_FIELDS = [f.name for f in EmployeeScore._meta.fields if not f.primary_key]


def _write(
    basis: ScoreBasis,
    existing: dict[int, EmployeeScore],
    tallies: dict[int, Tally],
    links: dict[int, int],
    now: dt.datetime,
    answered: bool = True,
) -> dict[str, int]:
    """Add the tallies to the employees' existing figures and write their posteriors."""
    employees = sorted(set(tallies) | set(links))
    if not employees:
        return {"employees": 0}
    n, neg, exp, total, issued, used = (np.zeros(len(employees)) for _ in range(6))
    for i, pk in enumerate(employees):
        old = existing.get(pk)
        t = tallies.get(pk, [0, 0, 0.0, 0, 0])
        n[i] = t[0] + (old.ratings if old else 0)
        neg[i] = t[1] + (old.negatives if old else 0)
        exp[i] = t[2] + (old.expected if old else 0.0)
        total[i] = t[3] + (old.total if old else 0)
        used[i] = (t[4] if answered else 0) + (old.answered if old else 0)
        issued[i] = links.get(pk, 0) + (old.links if old else 0)
    # An employee with no counted rating gets the prior itself: no evidence either way.
    post = posterior(Prior(basis.alpha, basis.beta), neg, exp)
    worse = (n >= settings.CADRE_RATING_MIN_N) & (post["p_worse"] > WORSE_PROBABILITY)
    means = (PRIOR_WEIGHT * basis.network_mean + total) / (PRIOR_WEIGHT + n)
    rows = [
        EmployeeScore(
            employee_id=pk,
            computed_at=now,
            links=int(issued[i]),
            answered=int(used[i]),
            ratings=int(n[i]),
            negatives=int(neg[i]),
            expected=float(exp[i]),
            ratio=float(post["ratio"][i]),
            ratio_low=float(post["low"][i]),
            ratio_high=float(post["high"][i]),
            p_worse=float(post["p_worse"][i]),
            reliably_worse=bool(worse[i]),
            total=int(total[i]),
            mean=float(means[i]),
        )
        for i, pk in enumerate(employees)
    ]
    upsert(EmployeeScore, rows, ["employee"], SCORE_FIELDS)
    return {"employees": len(rows)}


DRIVERS = [name for name in CRITERIA if name != "overall"]
MONTH_FIELDS = [
    "ratings",
    "negatives",
    "overall_sum",
    *(f"{name}_{part}" for name in DRIVERS for part in ("n", "sum")),
    *(f"need_met_{value}" for value in NeedMet.values),
]


def _month_tallies(counted: Any) -> dict[tuple[int, dt.date], MonthTally]:
    """The counted ratings ``counted`` per body and month (local time)."""
    sums: dict[str, Any] = {
        "ratings": Count("id"),
        "negatives": Count("id", filter=NEGATIVE),
        "overall_sum": Sum("overall"),
    }
    for name in DRIVERS:
        sums[f"{name}_n"] = Count(name)
        sums[f"{name}_sum"] = Coalesce(Sum(name), 0)
    for value in NeedMet.values:
        sums[f"need_met_{value}"] = Count("id", filter=Q(need_met=value))
    rows = (
        counted.annotate(month=TruncMonth("submitted_at", output_field=DateField()))
        .values("organisation_id", "month")
        .annotate(**sums)
        .order_by()
    )
    return {
        (row["organisation_id"], row["month"]): MonthTally(
            organisation_id=row["organisation_id"],
            month=row["month"],
            **{name: row[name] for name in MONTH_FIELDS},
        )
        for row in rows.iterator(chunk_size=20000)
    }


def upsert(model: Any, rows: list[Any], unique: list[str], fields: list[str]) -> None:
    """Insert ``rows``, updating ``fields`` of those that exist (by ``unique``)."""
    model.objects.bulk_create(
        rows, batch_size=2000, update_conflicts=True, unique_fields=unique, update_fields=fields
    )


def _fold_units(
    basis: ScoreBasis, counted: Any, now: dt.datetime, *, replace: bool
) -> dict[str, int]:
    """Bodies' and service points' public scores and the bodies' monthly tallies, from the
    counted ratings ``counted``: added to the stored figures, or replacing them."""
    units: list[UnitScore] = []
    for kind, field in (("organisation", "organisation_id"), ("point", "service_point_id")):
        grouped = {
            row[field]: row
            for row in counted.values(field)
            .annotate(
                n=Count("id"),
                neg=Count("id", filter=NEGATIVE),
                good=Count("id", filter=Q(overall__gte=4)),
                total=Sum("overall"),
            )
            .order_by()
        }
        old = (
            {}
            if replace
            else {
                u.object_id: u
                for u in UnitScore.objects.filter(kind=kind, object_id__in=list(grouped))
            }
        )
        for pk, row in grouped.items():
            before = old.get(pk)
            n = row["n"] + (before.ratings if before else 0)
            good = row["good"] + (before.good if before else 0)
            total = row["total"] + (before.total if before else 0)
            units.append(
                UnitScore(
                    kind=kind,
                    object_id=pk,
                    computed_at=now,
                    ratings=n,
                    negatives=row["neg"] + (before.negatives if before else 0),
                    good=good,
                    total=total,
                    mean=shrunk_mean(total, n, basis.network_mean),
                    wilson_low=wilson_low(good, n),
                )
            )
    upsert(
        UnitScore,
        units,
        ["kind", "object_id"],
        ["computed_at", "ratings", "negatives", "good", "total", "mean", "wilson_low"],
    )
    months = _month_tallies(counted)
    if not replace and months:
        for tally in MonthTally.objects.filter(
            organisation_id__in={key[0] for key in months}, month__in={key[1] for key in months}
        ):
            fresh = months.get((tally.organisation_id, tally.month))
            for name in MONTH_FIELDS if fresh is not None else ():
                setattr(fresh, name, getattr(fresh, name) + getattr(tally, name))
    upsert(MonthTally, list(months.values()), ["organisation", "month"], MONTH_FIELDS)
    return {"units": len(units), "months": len(months)}


@dataclass(frozen=True)
class Funnel:
    p0: float
    phi: float
    points: list[tuple[str, int, float]]  # label, n, negative rate
    units: int  # how many units the rate and the limits come from

    def limits(self, n: int, z: float) -> tuple[float, float]:
        spread = z * math.sqrt(self.phi * self.p0 * (1 - self.p0) / n)
        return max(0.0, self.p0 - spread), min(1.0, self.p0 + spread)


def funnel(
    units: list[tuple[str, int, int]], everyone: list[tuple[int, int]] | None = None
) -> Funnel | None:
    """Funnel plot data for the points ``(label, ratings, negatives)``; the network rate and
    the over-dispersion (z-scores winsorised at 10%/90%, φ never below 1) come from
    ``everyone`` — ``(ratings, negatives)`` of all units compared — or from the points."""
    units = [u for u in units if u[1] > 0]
    counts = np.array(
        [c for c in everyone if c[0] > 0] if everyone is not None else [u[1:] for u in units],
        dtype=float,
    ).reshape(-1, 2)
    total = counts[:, 0].sum()
    if not total:
        return None
    p0 = float(counts[:, 1].sum() / total)
    phi = 1.0
    if 0 < p0 < 1 and len(counts) >= 3:
        z = (counts[:, 1] / counts[:, 0] - p0) / np.sqrt(p0 * (1 - p0) / counts[:, 0])
        low, high = np.percentile(z, [10, 90])
        phi = max(1.0, float(np.mean(np.clip(z, low, high) ** 2)))
    return Funnel(
        p0=p0,
        phi=phi,
        points=[(label, n, neg / n) for label, n, neg in units],
        units=len(counts),
    )
