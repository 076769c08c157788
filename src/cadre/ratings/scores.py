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

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from scipy.stats import gamma

from cadre.ratings.choices import RatingStatus
from cadre.ratings.models import EmployeeScore, Interaction, Rating, UnitScore

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


def scores_recompute() -> dict[str, int]:
    """Recompute every employee's, body's and service point's score from the counted
    ratings. Returns how many of each were written."""
    now = timezone.now()
    counted = Rating.objects.filter(status=RatingStatus.COUNTED)
    negative = Q(overall__lte=2)
    cells = {
        (c["service_type_id"], c["channel"], c["outcome"]): c["neg"] / c["n"]
        for c in counted.values("service_type_id", "channel", "outcome")
        .annotate(n=Count("id"), neg=Count("id", filter=negative))
        .order_by()
    }
    totals = counted.aggregate(n=Count("id"), total=Sum("overall"))
    network_mean = (totals["total"] or 0) / totals["n"] if totals["n"] else 0.0

    through: Any = Rating.employees.through
    per: dict[int, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0])  # n, O, E, Σ overall
    for row in (
        through.objects.filter(rating__status=RatingStatus.COUNTED)
        .values("employee_id", "rating__service_type_id", "rating__channel", "rating__outcome")
        .annotate(
            n=Count("rating_id"),
            neg=Count("rating_id", filter=Q(rating__overall__lte=2)),
            total=Sum("rating__overall"),
        )
        .order_by()
    ):
        acc = per[row["employee_id"]]
        cell = (row["rating__service_type_id"], row["rating__channel"], row["rating__outcome"])
        acc[0] += row["n"]
        acc[1] += row["neg"]
        acc[2] += row["n"] * cells[cell]
        acc[3] += row["total"]
    # Links issued and answered per employee, so that one who hands out few is visible.
    links = {
        row["employee_id"]: (row["n"], row["answered"])
        for row in Interaction.employees.through.objects.values("employee_id")
        .annotate(
            n=Count("interaction_id"),
            answered=Count("interaction_id", filter=Q(interaction__used_at__isnull=False)),
        )
        .order_by()
    }
    fitted = [k for k, v in per.items() if v[2] > 0]
    employees = sorted(set(per) | set(links)) if fitted else []
    rows: list[EmployeeScore] = []
    if employees:
        prior = gamma_prior(
            np.array([per[k][1] for k in fitted], dtype=float),
            np.array([per[k][2] for k in fitted], dtype=float),
        )
        # An employee with no counted rating gets the prior itself: no evidence either way.
        observed = np.array([per[k][1] if k in per else 0 for k in employees], dtype=float)
        expected = np.array([per[k][2] if k in per else 0 for k in employees], dtype=float)
        post = posterior(prior, observed, expected)
        for i, pk in enumerate(employees):
            n, neg, exp, total = per.get(pk, [0, 0, 0.0, 0])
            issued, answered = links.get(pk, (0, 0))
            rows.append(
                EmployeeScore(
                    employee_id=pk,
                    computed_at=now,
                    links=issued,
                    answered=answered,
                    ratings=int(n),
                    negatives=int(neg),
                    expected=float(exp),
                    ratio=float(post["ratio"][i]),
                    ratio_low=float(post["low"][i]),
                    ratio_high=float(post["high"][i]),
                    p_worse=float(post["p_worse"][i]),
                    reliably_worse=bool(
                        n >= settings.CADRE_RATING_MIN_N and post["p_worse"][i] > WORSE_PROBABILITY
                    ),
                    mean=shrunk_mean(total, int(n), network_mean),
                )
            )
    units: list[UnitScore] = []
    for kind, field in (("organisation", "organisation_id"), ("point", "service_point_id")):
        grouped = (
            counted.values(field)
            .annotate(
                n=Count("id"),
                neg=Count("id", filter=negative),
                good=Count("id", filter=Q(overall__gte=4)),
                total=Sum("overall"),
            )
            .order_by()
        )
        units.extend(
            UnitScore(
                kind=kind,
                object_id=row[field],
                computed_at=now,
                ratings=row["n"],
                negatives=row["neg"],
                mean=shrunk_mean(row["total"], row["n"], network_mean),
                wilson_low=wilson_low(row["good"], row["n"]),
            )
            for row in grouped
        )
    with transaction.atomic():
        EmployeeScore.objects.exclude(employee_id__in=employees).delete()
        EmployeeScore.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["employee"],
            update_fields=[f.name for f in EmployeeScore._meta.fields if not f.primary_key],
        )
        UnitScore.objects.all().delete()
        UnitScore.objects.bulk_create(units, batch_size=2000)
    return {"employees": len(rows), "units": len(units)}


@dataclass(frozen=True)
class Funnel:
    p0: float
    phi: float
    points: list[tuple[str, int, float]]  # label, n, negative rate

    def limits(self, n: int, z: float) -> tuple[float, float]:
        spread = z * math.sqrt(self.phi * self.p0 * (1 - self.p0) / n)
        return max(0.0, self.p0 - spread), min(1.0, self.p0 + spread)


def funnel(units: list[tuple[str, int, int]]) -> Funnel | None:
    """Funnel plot data for ``(label, ratings, negatives)``; over-dispersion from the
    z-scores winsorised at 10%/90% (φ never below 1)."""
    units = [u for u in units if u[1] > 0]
    total = sum(u[1] for u in units)
    if not total:
        return None
    p0 = sum(u[2] for u in units) / total
    phi = 1.0
    if 0 < p0 < 1 and len(units) >= 3:
        z = np.array([(neg / n - p0) / math.sqrt(p0 * (1 - p0) / n) for _, n, neg in units])
        low, high = np.percentile(z, [10, 90])
        phi = max(1.0, float(np.mean(np.clip(z, low, high) ** 2)))
    return Funnel(p0=p0, phi=phi, points=[(label, n, neg / n) for label, n, neg in units])
