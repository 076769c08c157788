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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Count,
    DateField,
    F,
    Max,
    Min,
    Q,
    Sum,
)
from django.db.models.functions import TruncHour, TruncMonth
from django.utils import timezone
from scipy.optimize import minimize
from scipy.special import gammaln
from scipy.stats import gamma

from cadre.ratings.choices import NeedMet, RatingReason, RatingStatus
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


def wilson_low(positive: Any, n: Any, z: float = 1.96) -> Any:
    """The Wilson score interval's lower bound for ``positive`` successes of ``n`` (numbers
    or arrays of them; 0 where ``n`` is 0)."""
    positive, n = np.asarray(positive, dtype=float), np.asarray(n, dtype=float)
    some = np.maximum(n, 1)
    p = positive / some
    centre = p + z * z / (2 * some)
    spread = z * np.sqrt(p * (1 - p) / some + z * z / (4 * some * some))
    return np.where(n > 0, (centre - spread) / (1 + z * z / some), 0.0)


def shrunk_mean(total: Any, n: Any, prior_mean: float, weight: int = PRIOR_WEIGHT) -> Any:
    """The Bayesian average of ``n`` scores summing to ``total`` (numbers or arrays)."""
    return (weight * prior_mean + total) / (weight + n)


@dataclass(frozen=True)
class Prior:
    alpha: float
    beta: float


# The prior's variance is floored at this share of its squared mean (α ≤ 1000): a network
# with no spread shrinks everyone to the mean instead of failing.
LEAST_VARIANCE = 1 / 1000
# The fewest units a prior is fitted to from those with enough exposure (``fit_prior``).
FIT_LEAST = 5


def gamma_prior(observed: np.ndarray, expected: np.ndarray) -> Prior:
    """The Gamma(α, β) prior of the ratios θ of Poisson counts ``observed`` ~ Poisson(θ ×
    ``expected``) by maximum likelihood of their marginal, the negative binomial
    (decision 0021):

        log L(α, β) = Σ lnΓ(α + O) − lnΓ(α) − ln O! + α ln(β / (β + E)) + O ln(E / (β + E)).

    Unlike the method of moments (which squared each unit's raw ratio O/E, so that a few
    units with a tiny E and every rating negative made the fitted variance several times too
    large), each unit weighs here by what its counts can say. Maximised over ln m and ln α
    (m = α/β, the prior mean), with α at most 1/``LEAST_VARIANCE``."""
    observed, expected = np.asarray(observed, float), np.asarray(expected, float)
    m = observed.sum() / expected.sum()
    most = math.log(1 / LEAST_VARIANCE)
    if m <= 0:
        return Prior(alpha=math.exp(most), beta=math.exp(most) / max(m, 1e-9))

    def minus_log_likelihood(x: np.ndarray) -> float:
        mean, alpha = math.exp(x[0]), math.exp(x[1])
        beta = alpha / mean
        return -float(
            (
                gammaln(alpha + observed)
                - gammaln(alpha)
                + alpha * np.log(beta / (beta + expected))
                + observed * np.log(expected / (beta + expected))
            ).sum()
        )

    fitted = minimize(
        minus_log_likelihood,
        x0=np.array([math.log(m), math.log(10.0)]),
        method="L-BFGS-B",
        bounds=[(math.log(m) - 3, math.log(m) + 3), (math.log(1e-3), most)],
    )
    mean, alpha = math.exp(fitted.x[0]), math.exp(fitted.x[1])
    return Prior(alpha=alpha, beta=alpha / mean)


def fit_prior(observed: np.ndarray, expected: np.ndarray, ratings: np.ndarray, least: int) -> Prior:
    """The prior of ``gamma_prior`` fitted to the units with at least ``least`` ratings (a
    minimum exposure: which units are fitted then does not depend on their outcomes, so the
    fit stays unbiased, and a handful of ratings cannot move everyone's shrinkage); to every
    unit with expected negatives when fewer than ``FIT_LEAST`` have that many."""
    some = expected > 0
    enough = some & (ratings >= least)
    chosen = enough if enough.sum() >= FIT_LEAST else some
    if not chosen.any():
        return Prior(1.0, 1.0)
    return gamma_prior(observed[chosen], expected[chosen])


def posterior(prior: Prior, observed: np.ndarray, expected: np.ndarray) -> dict[str, np.ndarray]:
    """Gamma(α + O, β + E): its mean, 90% interval and P(θ > ``WORSE_RATIO``)."""
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
    now less the grace period): hold the streaks among them, re-estimate the case-mix
    rates, the network's mean, the bodies' effects and the Gamma prior, and rewrite every
    employee's, body's, service point's and month's figures. Later ratings are folded in by
    ``scores_fold``. Returns how many rows were written."""
    now = timezone.now()
    until = until or _settled(now)
    with transaction.atomic():
        basis = _locked_basis() or ScoreBasis(pk=1)
        held = _hold_streaks(basis, None, until)
        counted = Rating.objects.filter(submitted_at__lt=until, status=RatingStatus.COUNTED)
        # One scan for the cells of each body; the network's figures are their sums.
        parts = list(
            counted.values("organisation_id", "service_type_id", "channel", "outcome")
            .annotate(n=Count("id"), neg=Count("id", filter=NEGATIVE), total=Sum("overall"))
            .order_by()
        )
        cells: dict[tuple[int, str, str], list[int]] = {}
        for c in parts:
            cell = cells.setdefault((c["service_type_id"], c["channel"], c["outcome"]), [0, 0])
            cell[0] += c["n"]
            cell[1] += c["neg"]
        n_all = sum(c["n"] for c in parts)
        CellRate.objects.all().delete()
        CellRate.objects.bulk_create(
            CellRate(
                service_type_id=key[0],
                channel=key[1],
                outcome=key[2],
                ratings=n,
                negatives=neg,
                rate=neg / n,
            )
            for key, (n, neg) in cells.items()
        )
        basis.network_rate = sum(c["neg"] for c in parts) / n_all if n_all else 0.0
        basis.network_mean = sum(c["total"] for c in parts) / n_all if n_all else 0.0
        EmployeeScore.objects.all().delete()
        UnitScore.objects.all().delete()
        MonthTally.objects.all().delete()
        body_prior = _write_body_effects(basis, parts, cells, now)
        basis.body_alpha, basis.body_beta = body_prior.alpha, body_prior.beta
        ids = _read_window(basis, {"submitted_at__lt": until})
        keys, tallies = _employee_tallies(ids, {"issued_at__lt": until}, answered=True)
        # The prior from the employees with enough ratings.
        prior = fit_prior(
            tallies["negatives"],
            tallies["expected"],
            tallies["ratings"],
            settings.CADRE_RATING_MIN_N,
        )
        basis.alpha, basis.beta = prior.alpha, prior.beta
        basis.computed_at, basis.folded_until = now, until
        basis.save()
        written = {"employees": _write_employees(basis, keys, tallies, now)}
        written.update(_add_units(basis, now, add=False))
        if held:
            written["held"] = held
        _drop_window()
    _vacuum_scores()
    return written


def _write_body_effects(
    basis: ScoreBasis,
    parts: list[dict[str, Any]],
    cells: dict[tuple[int, str, str], list[int]],
    now: dt.datetime,
) -> Prior:
    """Estimate each body's own effect (decision 0021) and store it on the body's (empty)
    score row: its observed negatives O_j against the expected E_j = Σ n_jc p_c of its case
    mix, shrunk with a Gamma prior fitted to every body (``gamma_prior``): the posterior mean
    (α_b + O_j)/(β_b + E_j) and its 90% interval. Returns that prior."""
    bodies: dict[int, list[float]] = {}
    for c in parts:
        n, neg = cells[(c["service_type_id"], c["channel"], c["outcome"])]
        body = bodies.setdefault(c["organisation_id"], [0.0, 0.0])
        body[0] += c["neg"]
        body[1] += c["n"] * neg / n
    if not bodies:
        return Prior(1 / LEAST_VARIANCE, 1 / LEAST_VARIANCE)
    keys = list(bodies)
    observed = np.array([bodies[k][0] for k in keys])
    expected = np.array([bodies[k][1] for k in keys])
    some = expected > 0
    prior = (
        gamma_prior(observed[some], expected[some])
        if some.sum() >= 2
        else Prior(1 / LEAST_VARIANCE, 1 / LEAST_VARIANCE)
    )
    post = posterior(prior, observed, expected)
    UnitScore.objects.bulk_create(
        UnitScore(
            kind="organisation",
            object_id=key,
            computed_at=now,
            ratings=0,
            negatives=0,
            mean=basis.network_mean,
            wilson_low=0.0,
            effect=float(post["ratio"][i]),
            effect_low=float(post["low"][i]),
            effect_high=float(post["high"][i]),
        )
        for i, key in enumerate(keys)
    )
    return prior


def _vacuum_scores() -> None:
    """PostgreSQL, outside a transaction: vacuum and analyse the score tables a recompute
    has just rewritten. Every one of their rows left a dead version behind (a million for
    the employees of a country); the folds that follow the nightly recompute must not
    meet them, whenever autovacuum would come (and where it is off, it never does)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = ", ".join(_table(m) for m in (EmployeeScore, UnitScore, MonthTally, CellRate))
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")


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
            return {"employees": 0, "units": 0, "months": 0}
        held = _hold_streaks(basis, basis.folded_until, until)
        ids = _read_window(
            basis, {"submitted_at__gte": basis.folded_until, "submitted_at__lt": until}
        )
        issued = {"issued_at__gte": basis.folded_until, "issued_at__lt": until}
        keys, tallies = _employee_tallies(ids, issued, answered=True, add=True)
        written = {"employees": _write_employees(basis, keys, tallies, now)}
        written.update(_add_units(basis, now, add=True))
        written["held"] = held
        _drop_window()
        basis.folded_until = until
        basis.save(update_fields=["folded_until"])
    return written


def fold_counted(rating: Rating) -> None:
    """A held rating has just been counted (``services.rating_review``): when its window
    was already folded, add it now. Runs in the caller's transaction."""
    basis = _locked_basis()
    if basis is None or rating.submitted_at >= basis.folded_until:
        return  # the next fold or recompute takes it
    now = timezone.now()
    ids = _read_window(basis, {"pk": rating.pk})
    # Its link was answered when it was taken: only its counted figures are added.
    _write_employees(basis, *_employee_tallies(ids, None, answered=False, add=True), now)
    _add_units(basis, now, add=True)
    _drop_window()


NEGATIVE = Q(overall__lte=2)
DRIVERS = [name for name in CRITERIA if name != "overall"]
MONTH_FIELDS = [
    "ratings",
    "negatives",
    "overall_sum",
    *(f"{name}_{part}" for name in DRIVERS for part in ("n", "sum")),
    *(f"need_met_{value}" for value in NeedMet.values),
]
TALLIES = ["links", "answered", "ratings", "negatives", "expected", "total"]
UNIT_TALLIES = ["ratings", "negatives", "good", "total", "expected"]
# The ratings being folded, read once (``_read_window``); a temporary table of the
# connection, dropped when the fold is done.
WINDOW = "ratings_fold_window"
# The rows a fold writes to a score table, on their way in (``_upsert_rows``).
ROWS = "ratings_fold_rows"


def _locked_basis() -> ScoreBasis | None:
    """The basis row, locked: folds, recomputes and reviews take their turn."""
    return ScoreBasis.objects.select_for_update().filter(pk=1).first()


def _read_window(basis: ScoreBasis, window: dict[str, Any]) -> tuple[int | None, int | None]:
    """Read the ratings in ``window`` (lookups on ``Rating``) once, into the temporary table
    ``WINDOW``: what the tallies need of each, its month, whether it counts, and the
    negative rate of its case-mix cell under the basis (a cell the basis has not seen: the
    network's) and its body's effect (a body the basis has not seen: 1). Every tally of a
    fold is then counted from this table, not from the
    ratings again. Returns the range of the ratings' interactions' ids (``None``s when
    there are none)."""
    select = (
        Rating.objects.filter(**window)
        .annotate(
            month_of=TruncMonth("submitted_at", output_field=DateField()),
            hour_of=TruncHour("submitted_at"),
        )
        .values_list(
            "id",
            "interaction_id",
            "organisation_id",
            "service_point_id",
            "service_type_id",
            "channel",
            "outcome",
            "status",
            *CRITERIA,
            "need_met",
            "month_of",
            "hour_of",
        )
    )
    sql, params = select.order_by().query.sql_with_params()
    cell, unit = _table(CellRate), _table(UnitScore)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A fold's statements are short: compiling them (JIT) took longer than running
            # them (0.2–0.7 s each at 100,000 ratings). For this transaction only.
            cursor.execute("SET LOCAL jit = off")
            # Its groupings of a day's ratings hold ~100,000 keys: with the default 4 MB
            # they spilled to disk in batches.
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(f"DROP TABLE IF EXISTS {WINDOW}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {WINDOW} AS "  # noqa: S608 (names, not values)
            f"SELECT w.*, w.status = %s AS counted, COALESCE(c.rate, %s) AS rate, "
            "COALESCE(u.effect, 1.0) AS effect "
            f"FROM ({sql}) w LEFT JOIN {cell} c ON c.service_type_id = w.service_type_id "
            "AND c.channel = w.channel AND c.outcome = w.outcome "
            f"LEFT JOIN {unit} u ON u.kind = %s AND u.object_id = w.organisation_id",
            [RatingStatus.COUNTED, basis.network_rate, *params, "organisation"],
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {WINDOW}")  # a temporary table has no statistics
        cursor.execute(f"SELECT min(interaction_id), max(interaction_id) FROM {WINDOW}")  # noqa: S608
        return cursor.fetchone()


def _hold_streaks(basis: ScoreBasis, since: dt.datetime | None, until: dt.datetime) -> int:
    """Hold for review the counted ratings that form a streak: at least
    ``CADRE_RATING_STREAK`` ratings of one employee in the same clock hour, all with the same
    extreme overall score (all 1 or all 5) — a run a group of friends or foes would leave,
    not a day's service. Their reason says ``streak``; the body's HR officer counts them or
    not (``/ratings/held/``).

    The hour is judged on the stored ratings, whatever part of it earlier folds took
    (decision 0021): the streaks looked for are those with a rating submitted in [``since``,
    ``until``) (every one before ``until`` when ``since`` is ``None``: a recompute); their
    members are the ratings of that hour submitted before ``until``, counted or already
    held as a streak. A rating a reviewer counted is not held again. Members that an
    earlier fold had already counted (submitted before ``since``) are taken out of the
    tallies here. Returns how many ratings were held."""
    least = settings.CADRE_RATING_STREAK
    if not least:
        return 0
    members = Rating.objects.filter(submitted_at__lt=until).filter(
        Q(status=RatingStatus.COUNTED) | Q(status=RatingStatus.HELD, reason=RatingReason.STREAK)
    )
    if since is not None:
        # The hour ``since`` falls in began at most an hour before it.
        members = members.filter(submitted_at__gte=since - dt.timedelta(hours=1))
    streaks = (
        members.annotate(hour_of=TruncHour("submitted_at"), employee=F("interaction__employees"))
        .values("employee", "hour_of")
        .annotate(n=Count("id"), low=Min("overall"), high=Max("overall"), last=Max("submitted_at"))
        .filter(n__gte=least, low=F("high"), low__in=(1, 5))
        .order_by()
    )
    if since is not None:
        streaks = streaks.filter(last__gte=since)
    found: set[int] = set()
    for streak in streaks:
        start = streak["hour_of"]
        found.update(
            members.filter(
                status=RatingStatus.COUNTED,
                reason="",
                interaction__employees=streak["employee"],
                submitted_at__gte=start,
                submitted_at__lt=start + dt.timedelta(hours=1),
            ).values_list("pk", flat=True)
        )
    if not found:
        return 0
    if since is not None:
        folded = list(
            Rating.objects.filter(pk__in=found, submitted_at__lt=since).values_list("pk", flat=True)
        )
        if folded:
            _take_out(basis, folded)
    Rating.objects.filter(pk__in=found).update(status=RatingStatus.HELD, reason=RatingReason.STREAK)
    return len(found)


def _take_out(basis: ScoreBasis, pks: list[int]) -> None:
    """Take the counted ratings ``pks``, already folded, out of the tallies of the
    employees, bodies, points and months they were added to (under the basis they were
    added with: the basis of the last recompute, which wrote or folded them)."""
    now = timezone.now()
    ids = _read_window(basis, {"pk__in": pks})
    # Their links were answered: only their counted figures go.
    keys, tallies = _employee_tallies(ids, None, answered=False, add=True, minus=True)
    _write_employees(basis, keys, tallies, now)
    _add_units(basis, now, add=True, minus=True)
    _drop_window()


# The id range lets a join read only the window's rows of the employees' table.
IN_RANGE = "re.interaction_id BETWEEN %s AND %s"


def _window_employees() -> str:
    """The window's ratings (``w``) joined to the employees they rate (``re``): those of
    their interactions."""
    through = _table(Interaction.employees.through)
    return f"{WINDOW} w JOIN {through} re ON re.interaction_id = w.interaction_id"


def _drop_window() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {WINDOW}")


def _employee_tallies(
    ids: tuple[int | None, int | None],
    issued: dict[str, Any] | None,
    *,
    answered: bool,
    add: bool = False,
    minus: bool = False,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The employees touched by the ratings of the window (whose interactions' ids are in
    the range ``ids``) and the links issued in ``issued`` (lookups on ``Interaction``), with
    their ``TALLIES``: these ratings' and links' counts, plus, when ``add``, what is already
    stored (less these ratings' figures when ``minus``). One statement."""
    parts = [
        f"SELECT re.employee_id AS employee_id, 0 AS links, "  # noqa: S608
        f"{'count(*)' if answered else '0'} AS answered, "
        "count(*) FILTER (WHERE w.counted) AS ratings, "
        "count(*) FILTER (WHERE w.counted AND w.overall <= 2) AS negatives, "
        "COALESCE(sum(w.rate * w.effect) FILTER (WHERE w.counted), 0.0) AS expected, "
        "COALESCE(sum(w.overall) FILTER (WHERE w.counted), 0) AS total "
        f"FROM {_window_employees()} WHERE {IN_RANGE} GROUP BY re.employee_id"
    ]
    params: tuple[Any, ...] = ids
    if issued is not None:
        linked: Any = Interaction.employees.through
        sql, linked_params = (
            linked.objects.filter(**{f"interaction__{k}": v for k, v in issued.items()})
            .values("employee_id")
            .annotate(n=Count("interaction_id"))
            .values_list("employee_id", "n")
            .order_by()
            .query.sql_with_params()
        )
        parts.append(f"SELECT l.employee_id, l.n, 0, 0, 0, 0.0, 0 FROM ({sql}) l")  # noqa: S608
        params += tuple(linked_params)
    both = " UNION ALL ".join(parts)
    sums = ", ".join(f"sum(t.{name}) AS {name}" for name in TALLIES)
    new = f"SELECT t.employee_id AS k, {sums} FROM ({both}) t GROUP BY t.employee_id"  # noqa: S608
    return _tallies(
        _plus_stored(new, EmployeeScore, "employee_id", TALLIES, minus=minus) if add else new,
        params,
        TALLIES,
    )


def _write_employees(
    basis: ScoreBasis, keys: np.ndarray, tallies: dict[str, np.ndarray], now: dt.datetime
) -> int:
    """Store the employees' tallies with their posteriors and shrunk means under the basis
    prior, one write per employee. Returns how many."""
    if not len(keys):
        return 0
    n = tallies["ratings"]
    # An employee with no counted rating gets the prior itself: no evidence either way.
    post = posterior(Prior(basis.alpha, basis.beta), tallies["negatives"], tallies["expected"])
    _upsert_rows(
        EmployeeScore,
        ["employee"],
        keys,
        {
            **tallies,
            "ratio": post["ratio"],
            "ratio_low": post["low"],
            "ratio_high": post["high"],
            "p_worse": post["p_worse"],
            "reliably_worse": (n >= settings.CADRE_RATING_MIN_N)
            & (post["p_worse"] > WORSE_PROBABILITY),
            "mean": shrunk_mean(tallies["total"], n, basis.network_mean),
        },
        {"computed_at": now},
    )
    return len(keys)


def _add_units(
    basis: ScoreBasis, now: dt.datetime, *, add: bool, minus: bool = False
) -> dict[str, int]:
    """Add the counted ratings of the window to the bodies', service points' and months'
    tallies (or take them away, ``minus``; or, without ``add``, write them as they are),
    with the public scores."""
    units = 0
    for kind, field in (("organisation", "organisation_id"), ("point", "service_point_id")):
        new = (
            f"SELECT {field} AS k, count(*) AS ratings, "  # noqa: S608
            "count(*) FILTER (WHERE overall <= 2) AS negatives, "
            "count(*) FILTER (WHERE overall >= 4) AS good, sum(overall) AS total, "
            "COALESCE(sum(rate), 0.0) AS expected "
            f"FROM {WINDOW} WHERE counted GROUP BY {field}"
        )
        keys, tallies = _tallies(
            _plus_stored(new, UnitScore, "object_id", UNIT_TALLIES, kind=kind, minus=minus)
            if add
            else new,
            (kind,) if add else (),
            UNIT_TALLIES,
        )
        if len(keys):
            n = tallies["ratings"]
            _upsert_rows(
                UnitScore,
                ["kind", "object_id"],
                keys,
                {
                    **tallies,
                    "mean": shrunk_mean(tallies["total"], n, basis.network_mean),
                    "wilson_low": wilson_low(tallies["good"], n),
                },
                {"kind": kind, "computed_at": now},
            )
        units += len(keys)
    return {"units": units, "months": _add_months(minus=minus)}


def _add_months(*, minus: bool = False) -> int:
    """Add the counted ratings of the window to the bodies' monthly tallies: one
    ``INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE SET n = n + excluded.n`` on
    PostgreSQL and SQLite alike. Returns the number of months touched."""
    sums = ["count(*)", "count(*) FILTER (WHERE overall <= 2)", "sum(overall)"]
    for name in DRIVERS:
        sums += [f"count({name})", f"COALESCE(sum({name}), 0)"]
    sums += ["count(*) FILTER (WHERE need_met = %s)" for _ in NeedMet.values]
    columns = [_column(MonthTally, n) for n in ["organisation", "month"]]
    added = [_column(MonthTally, name) for name in MONTH_FIELDS]
    table = _table(MonthTally)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns + added)}) "  # noqa: S608
            f"SELECT organisation_id, month_of, {', '.join(sums)} FROM {WINDOW} "
            "WHERE counted GROUP BY organisation_id, month_of "
            f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET "
            + ", ".join(f"{c} = {table}.{c} {'-' if minus else '+'} excluded.{c}" for c in added),
            list(NeedMet.values),
        )
        return int(cursor.rowcount)


def _rows(sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _plus_stored(
    new: str,
    model: Any,
    key: str,
    fields: list[str],
    kind: str | None = None,
    *,
    minus: bool = False,
) -> str:
    """The statement giving, for each key of ``new`` (a query of ``k`` and ``fields``), what
    ``model`` stores for it (of ``kind``, when given: a parameter) plus its figures, or less
    them when ``minus``."""
    table, column = _table(model), _column(model, key)
    sign = "-" if minus else "+"
    plus = ", ".join(f"COALESCE(s.{_column(model, name)}, 0) {sign} n.{name}" for name in fields)
    on = f"s.{column} = n.k" + (" AND s.kind = %s" if kind is not None else "")
    return f"SELECT n.k, {plus} FROM ({new}) n LEFT JOIN {table} s ON {on}"  # noqa: S608


def _tallies(sql: str, params: Any, fields: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The rows of ``sql`` (a key, then ``fields``) as an array of keys, in order, and one
    per field."""
    if connection.vendor == "postgresql":
        keys, table = _copy_numbers(sql, params, fields)
        return keys, {name: table[name] for name in fields}
    rows = _rows(sql, params)
    array = np.array(rows, dtype=float).reshape(-1, len(fields) + 1)
    return array[:, 0].astype(np.int64), {name: array[:, i + 1] for i, name in enumerate(fields)}


# PostgreSQL's binary COPY format (``_copy_binary``): a 19-byte header, then per row the
# number of fields (int16) and each field as its length (int32) and value, then -1
# (int16); big-endian.
COPY_HEADER, COPY_TRAILER = 19, 2


def _copy_numbers(sql: str, params: Any, fields: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The rows of ``sql`` (a bigint key ``k``, then ``fields``, numbers, none NULL), sorted
    by key, read as a binary ``COPY`` straight into NumPy: a fold reads ~200,000 rows, and
    fetching them as Python tuples took ~0.7 s of the fold's time."""
    names = ", ".join(["k", *fields])
    cast = ", ".join(["k::int8", *(f"{name}::float8" for name in fields)])
    row = np.dtype(
        [("count", ">i2"), ("k_length", ">i4"), ("k", ">i8")]
        + [item for name in fields for item in ((f"{name}_length", ">i4"), (name, ">f8"))]
    )
    data = bytearray()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY (SELECT {cast} FROM ({sql}) t ({names}) ORDER BY k) "  # noqa: S608
            "TO STDOUT (FORMAT BINARY)",
            params,
        ) as copy,
    ):
        for chunk in copy:
            data += chunk
    rows, rest = divmod(len(data) - COPY_HEADER - COPY_TRAILER, row.itemsize)
    table = np.frombuffer(data, dtype=row, offset=COPY_HEADER, count=rows)
    lengths = [table[f"{name}_length"] for name in ["k", *fields]]
    if rest or (table["count"] != len(fields) + 1).any() or any((n != 8).any() for n in lengths):
        raise ValueError(f"a NULL or a value of another size in {sql[:80]!r}")
    return table["k"].astype(np.int64), table


# A score field's type in SQL and in PostgreSQL's binary COPY format.
SQL_TYPES = {
    "FloatField": ("float8", ">f8"),
    "BooleanField": ("boolean", "?"),
    "PositiveIntegerField": ("integer", ">i4"),
}


def _upsert_rows(
    model: Any,
    conflict: list[str],
    keys: np.ndarray,
    values: dict[str, np.ndarray],
    fixed: dict[str, Any],
) -> None:
    """Insert a row per key with ``values`` (a column per field) and the ``fixed`` values,
    overwriting the rows that exist (``conflict``: the key field and fixed ones). One
    statement from a binary ``COPY`` on PostgreSQL, ``executemany`` elsewhere."""
    meta = model._meta
    (key,) = [name for name in conflict if name not in fixed]
    names = [key, *values, *fixed]
    columns = [_column(model, name) for name in names]
    table = connection.ops.quote_name(meta.db_table)
    head = f"INSERT INTO {table} ({', '.join(columns)}) "
    tail = (
        f" ON CONFLICT ({', '.join(_column(model, n) for n in conflict)}) "
        "DO UPDATE SET "
        + ", ".join(
            f"{c} = excluded.{c}" for n, c in zip(names, columns, strict=True) if n not in conflict
        )
    )
    types = [("bigint", ">i8")] + [SQL_TYPES[meta.get_field(n).get_internal_type()] for n in values]
    # Counts arrive as floats (``_tallies``); every value is cast to its column's type.
    data = [
        (np.rint(column) if kind.startswith(">i") else column).astype(kind)
        for column, (_sql, kind) in zip([keys, *values.values()], types, strict=True)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Through a temporary table by binary COPY, built by NumPy: as array literals
            # the rows' text alone took ~0.6 s a fold, and row by row through psycopg
            # ~0.2 s. Written in the key's order, so that each page of the table and of
            # its primary key is visited once.
            typed = ", ".join(f"c{i} {sql}" for i, (sql, _kind) in enumerate(types))
            cursor.execute(f"DROP TABLE IF EXISTS {ROWS}")
            cursor.execute(f"CREATE TEMPORARY TABLE {ROWS} ({typed}) ON COMMIT DROP")
            with cursor.cursor.copy(f"COPY {ROWS} FROM STDIN (FORMAT BINARY)") as copy:
                for part in _copy_binary(data):
                    copy.write(part)
            fixed_marks = "".join(", %s" for _ in fixed)
            rows = f"SELECT v.*{fixed_marks} FROM {ROWS} v ORDER BY v.c0"  # noqa: S608
            cursor.execute(head + rows + tail, [*fixed.values()])
            cursor.execute(f"DROP TABLE {ROWS}")
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(
                head + f"VALUES ({marks})" + tail,
                [(*row, *fixed.values()) for row in zip(*(c.tolist() for c in data), strict=True)],
            )


def _copy_binary(columns: list[np.ndarray], chunk: int = 100_000) -> Iterator[bytes]:
    """The rows of ``columns`` (big-endian NumPy arrays of one length, no NULLs) in
    PostgreSQL's binary COPY format, ``chunk`` rows at a time (a recompute writes a million
    rows: the buffer of all of them at once would be ~150 MB)."""
    row = np.dtype(
        [("count", ">i2")]
        + [item for i, c in enumerate(columns) for item in ((f"l{i}", ">i4"), (f"v{i}", c.dtype))]
    )
    yield b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # the signature, no flags, no extension
    for start in range(0, len(columns[0]), chunk):
        part = [column[start : start + chunk] for column in columns]
        table = np.empty(len(part[0]), dtype=row)
        table["count"] = len(columns)
        for i, column in enumerate(part):
            table[f"l{i}"] = column.dtype.itemsize
            table[f"v{i}"] = column
        yield table.tobytes()
    yield b"\xff\xff"


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def _column(model: Any, name: str) -> str:
    field: Any = model._meta.get_field(name)
    return str(connection.ops.quote_name(field.column))


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
