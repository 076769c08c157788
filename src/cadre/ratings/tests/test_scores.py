"""Fair scores: expected negatives from the case mix, empirical-Bayes shrinkage, the
"reliably worse" flag, Wilson bounds and shrunk averages, the funnel, and who sees them."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from django.conf import settings
from django.utils import timezone

from cadre.core.testing.charts import chart_figure, chart_table
from cadre.people import services as people
from cadre.people.models import Employee
from cadre.ratings.models import (
    CellRate,
    EmployeeScore,
    Interaction,
    MonthTally,
    Rating,
    ScoreBasis,
    ServicePoint,
    UnitScore,
)
from cadre.ratings.scores import (
    fit_prior,
    funnel,
    gamma_prior,
    posterior,
    scores_fold,
    scores_recompute,
    shrunk_mean,
    wilson_low,
)
from cadre.ratings.tests.conftest import Desk

_seq = iter(range(1, 10**6))


def _rate(
    desk: Desk,
    employee: Employee,
    overall: int,
    outcome: str = "granted",
    when: dt.datetime | None = None,
    status: str = "counted",
    point: ServicePoint | None = None,
) -> Rating:
    n = next(_seq)
    point = point or desk.point
    interaction = Interaction.objects.create(
        issuer=desk.user,
        external_id=f"S-{n}",
        organisation=point.organisation,
        service_point=point,
        service_type=desk.service_type,
        outcome=outcome,
        channel="in_person",
        occurred_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(days=1),
        used_at=timezone.now(),
        token_hash=f"{n:064d}",
    )
    interaction.employees.set([employee])
    rating = Rating.objects.create(
        interaction=interaction,
        organisation=point.organisation,
        service_point=point,
        service_type=desk.service_type,
        outcome=outcome,
        channel="in_person",
        overall=overall,
        status=status,
    )
    if when is not None:
        Rating.objects.filter(pk=rating.pk).update(submitted_at=when)
        rating.refresh_from_db()
    return rating


def _staff(desk: Desk, count: int) -> list[Employee]:
    return [
        people.employee_create(
            actor=desk.world.users["admin"],
            personal_id=f"KZ-S{i:03d}",
            last_name=f"Staff{i:02d}",
            first_name="T",
            birth_date=dt.date(1990, 1, 1),
            gender="M",
            organisation=desk.world.orgs["unit_a1"],
        )
        for i in range(count)
    ]


def _staff_b(desk: Desk, count: int) -> list[Employee]:
    return [
        people.employee_create(
            actor=desk.world.users["admin"],
            personal_id=f"KZ-B{i:03d}",
            last_name=f"StaffB{i:02d}",
            first_name="T",
            birth_date=dt.date(1990, 1, 1),
            gender="M",
            organisation=desk.world.orgs["unit_b1"],
        )
        for i in range(count)
    ]


def test_wilson_and_shrunk_mean_are_the_textbook_numbers() -> None:
    assert wilson_low(8, 10) == pytest.approx(0.4902, abs=1e-4)
    assert wilson_low(0, 0) == 0.0
    assert shrunk_mean(total=10, n=2, prior_mean=4.0) == pytest.approx((10 * 4.0 + 10) / 12)


def test_a_clearly_worse_employee_is_flagged_and_a_tiny_sample_is_not(
    desk, settings, api_as
) -> None:
    settings.CADRE_RATING_MIN_N = 30
    staff = _staff(desk, 9)
    bad, tiny = staff[0], staff[1]
    for employee in staff[2:]:
        for i in range(40):
            _rate(desk, employee, 1 if i < 2 else 5)  # 5% negative
    for i in range(40):
        _rate(desk, bad, 1 if i < 20 else 5)  # 50% negative
    _rate(desk, tiny, 1)
    _rate(desk, tiny, 2)  # 2 of 2 negative

    assert scores_recompute() == {"employees": 9, "units": 2, "months": 1}
    scores = {s.employee_id: s for s in EmployeeScore.objects.all()}
    # Expected negatives: one case-mix cell, so n × the network rate.
    rate = (7 * 2 + 20 + 2) / (7 * 40 + 40 + 2)
    assert scores[bad.pk].expected == pytest.approx(40 * rate)
    assert (scores[bad.pk].ratings, scores[bad.pk].negatives) == (40, 20)
    # The posterior is the Gamma–Poisson one, from the prior fitted to the employees with
    # at least CADRE_RATING_MIN_N ratings (all but the tiny one).
    order = [e.pk for e in staff if e != tiny]
    observed = np.array([scores[k].negatives for k in order], dtype=float)
    expected = np.array([scores[k].expected for k in order])
    prior = gamma_prior(observed, expected)
    basis = ScoreBasis.objects.get()
    assert (basis.alpha, basis.beta) == pytest.approx((prior.alpha, prior.beta), rel=1e-9)
    assert scores[bad.pk].ratio == pytest.approx(
        (prior.alpha + 20) / (prior.beta + 40 * rate), rel=1e-9
    )
    post = posterior(prior, observed, expected)
    assert scores[bad.pk].p_worse == pytest.approx(post["p_worse"][0], rel=1e-9)
    # One body: its effect is exactly 1 (its negatives are its expected ones).
    assert UnitScore.objects.get(kind="organisation").effect == pytest.approx(1.0)
    assert scores[bad.pk].ratio_low > 1.2 and scores[bad.pk].reliably_worse
    # Two negatives of two: a raw ratio of 1/rate, pulled towards 1, and not flagged.
    assert scores[tiny.pk].ratio < (2 / (2 * rate)) / 2
    assert not scores[tiny.pk].reliably_worse
    assert not scores[staff[2].pk].reliably_worse and scores[staff[2].pk].ratio < 1
    body = UnitScore.objects.get(kind="organisation")
    assert (body.ratings, body.negatives) == (322, 36)
    # Worst first: by P(ratio > 1.2), then by employee among equals (seven have the same).
    listed = api_as("manager_a1").get("/api/v1/employee-scores/").json()["results"]
    worst = sorted(scores.values(), key=lambda s: (-s.p_worse, s.employee_id))
    assert [r["employee"] for r in listed] == [s.employee_id for s in worst]
    assert [r["employee"] for r in listed[:2]] == [bad.pk, tiny.pk]
    # A fold that brings an employee ten negatives moves them up the list and flags them
    # (1s and 2s: ten 1s in an hour would be held as a streak).
    for i in range(10):
        _rate(desk, staff[2], 1 + i % 2)
    scores_fold(until=timezone.now() + dt.timedelta(seconds=1))
    assert EmployeeScore.objects.get(employee=staff[2]).reliably_worse  # 50 ratings
    listed = api_as("manager_a1").get("/api/v1/employee-scores/").json()["results"]
    assert [r["employee"] for r in listed[:3]] == [bad.pk, staff[2].pk, tiny.pk]


def test_refusals_raise_the_expected_negatives_not_the_blame(desk) -> None:
    refuser, granter = _staff(desk, 2)
    for i in range(30):
        _rate(desk, refuser, 1 if i < 15 else 4, outcome="refused")
        _rate(desk, granter, 1 if i < 3 else 5, outcome="granted")
    scores_recompute()
    s = {x.employee_id: x for x in EmployeeScore.objects.all()}
    # Each is compared with their own cell: the refuser's expected count is the refused
    # cell's rate, so both observed = expected and neither looks worse.
    assert s[refuser.pk].expected == pytest.approx(15)
    assert s[granter.pk].expected == pytest.approx(3)
    assert s[refuser.pk].ratio == pytest.approx(1, abs=0.05)


def test_the_funnel_widens_for_over_dispersion() -> None:
    plot = funnel([("A", 100, 10), ("B", 100, 30), ("C", 400, 40), ("D", 50, 2)])
    assert plot is not None
    assert plot.p0 == pytest.approx(82 / 650)
    assert plot.phi > 1
    low, high = plot.limits(400, 1.96)
    assert high - low == pytest.approx(
        2 * 1.96 * math.sqrt(plot.phi * plot.p0 * (1 - plot.p0) / 400)
    )
    assert funnel([]) is None


def test_managers_see_scores_in_scope_and_never_who_rated(desk, as_user, api_as) -> None:
    (employee,) = _staff(desk, 1)
    for i in range(5):
        _rate(desk, employee, 2 if i == 0 else 5)
    Rating.objects.update(citizen_key="c" * 64)
    scores_recompute()
    page = as_user("manager_a1").get("/ratings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Staff00 T" in page
    assert "c" * 64 not in page
    body_view = as_user("hr_a").get("/ratings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The body on the funnel plot: a point of the chart and a row of its table.
    assert chart_figure(body_view, "funnel")["data"][-1]["text"] == ["Body A: 5 — 20.0%"]
    assert chart_table(body_view, "funnel")[1][:4] == ["Body A", "5", "1", "20.0%"]
    assert as_user("employee_a1").get("/ratings/").status_code == 403
    listed = api_as("manager_a1").get("/api/v1/employee-scores/").json()["results"]
    assert [(r["employee"], r["ratings"], r["negatives"]) for r in listed] == [(employee.pk, 5, 1)]
    assert api_as("hr_b").get("/api/v1/employee-scores/").json()["results"] == []
    assert "Staff00 T" not in as_user("hr_b").get("/ratings/").content.decode()


def test_the_public_scores_page_needs_no_sign_in(client, desk) -> None:
    (employee,) = _staff(desk, 1)
    for overall in (5, 5, 4, 1):
        _rate(desk, employee, overall)
    scores_recompute()
    page = client.get("/ratings/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Body A" in page and "Front office A" in page
    mean = shrunk_mean(15, 4, 15 / 4)
    assert f"{mean:.2f}" in page
    assert "Staff00" not in page  # bodies and points, never people
    assert "As of " in page and ".m.." not in page  # "5:09 a.m.", not "5:09 a.m.."


def test_an_official_who_hands_out_links_nobody_uses_is_visible(desk) -> None:
    from cadre.ratings.tests.conftest import issue

    rated, silent = _staff(desk, 2)
    for i in range(20):
        _rate(desk, rated, 1 if i < 2 else 5)
    for i in range(3):
        issue(desk, f"SILENT-{i}", employees=[silent])
    scores_recompute()
    row = EmployeeScore.objects.get(employee=silent)
    assert (row.links, row.answered, row.ratings) == (3, 0, 0)
    # No evidence: the posterior is the prior, and nobody is flagged on the prior alone.
    other = EmployeeScore.objects.get(employee=rated)
    assert row.ratio == pytest.approx(1.0, abs=0.2) and not row.reliably_worse
    assert (other.links, other.answered, other.ratings) == (20, 20, 20)


def _figures() -> dict[str, object]:
    """Every stored tally (not the posteriors, which depend on the basis)."""
    return {
        "employees": sorted(
            EmployeeScore.objects.values_list(
                "employee_id", "links", "answered", "ratings", "negatives", "total"
            )
        ),
        "units": sorted(
            UnitScore.objects.values_list(
                "kind", "object_id", "ratings", "negatives", "good", "total"
            )
        ),
        "months": sorted(
            MonthTally.objects.values_list(
                "organisation_id", "month", "ratings", "negatives", "overall_sum", "courtesy_n"
            )
        ),
    }


def test_folding_a_day_adds_exactly_what_a_recompute_counts(desk) -> None:
    old, busy, new = _staff(desk, 3)
    t0 = timezone.now() - dt.timedelta(days=2)
    for i in range(10):
        _rate(desk, old, 1 if i < 2 else 5, when=t0)
        _rate(desk, busy, 2 if i < 1 else 4, outcome="refused", when=t0)
    scores_recompute(until=t0 + dt.timedelta(hours=1))
    basis = ScoreBasis.objects.get()
    rates = {(c.outcome): c.rate for c in CellRate.objects.all()}
    assert rates == {"granted": 0.2, "refused": 0.1}
    before = EmployeeScore.objects.get(employee=busy)

    t1 = t0 + dt.timedelta(days=1)
    for _ in range(4):
        _rate(desk, busy, 1, when=t1)  # granted: 4 at the granted cell's rate 0.2
        _rate(desk, new, 5, outcome="other", when=t1)  # a cell the recompute did not see
    _rate(desk, new, 1, when=t1, status="held")  # not counted, but the link was answered
    _rate(desk, old, 1, when=timezone.now())  # after the window: left for the next fold
    written = scores_fold(until=t1 + dt.timedelta(hours=1))
    assert (written["employees"], written["units"]) == (2, 2)
    busy_now = EmployeeScore.objects.get(employee=busy)
    assert (busy_now.ratings, busy_now.negatives) == (14, 5)
    assert busy_now.expected == pytest.approx(before.expected + 4 * 0.2)
    newcomer = EmployeeScore.objects.get(employee=new)
    assert (newcomer.ratings, newcomer.answered, newcomer.negatives) == (4, 5, 0)
    assert newcomer.expected == pytest.approx(4 * basis.network_rate)
    # The posterior is the basis prior updated with the running totals.
    a, b = basis.alpha + 5, basis.beta + busy_now.expected
    assert busy_now.ratio == pytest.approx(a / b)
    folded = _figures()
    scores_recompute(until=t1 + dt.timedelta(hours=1))
    assert _figures() == folded
    assert ScoreBasis.objects.get().folded_until == t1 + dt.timedelta(hours=1)


def test_a_held_rating_counted_later_is_added_once(desk) -> None:
    from cadre.ratings.services import rating_review

    (employee,) = _staff(desk, 1)
    t0 = timezone.now() - dt.timedelta(days=1)
    _rate(desk, employee, 5, when=t0)
    held = _rate(desk, employee, 1, when=t0, status="held")
    scores_recompute(until=t0 + dt.timedelta(minutes=1))
    assert EmployeeScore.objects.get().negatives == 0
    rating_review(
        actor=desk.world.users["admin"], rating=held, decision="count", reason="A family, one phone"
    )
    score = EmployeeScore.objects.get()
    assert (score.ratings, score.negatives, score.answered) == (2, 1, 2)
    assert UnitScore.objects.get(kind="organisation").negatives == 1
    assert MonthTally.objects.get().negatives == 1
    scores_fold(until=timezone.now())
    again = EmployeeScore.objects.get()
    assert (again.ratings, again.negatives, again.answered) == (2, 1, 2)
    folded = _figures()
    scores_recompute(until=timezone.now())
    assert _figures() == folded


def test_ratings_younger_than_the_grace_period_wait_for_the_next_fold(desk, settings) -> None:
    settings.CADRE_RATING_FOLD_GRACE_SECONDS = 300
    (employee,) = _staff(desk, 1)
    _rate(desk, employee, 4, when=timezone.now() - dt.timedelta(minutes=10))
    _rate(desk, employee, 1)  # just now: a submission of its time may still be committing
    scores_fold()  # the first run recomputes
    assert (EmployeeScore.objects.get().ratings, EmployeeScore.objects.get().negatives) == (1, 0)
    basis = ScoreBasis.objects.get()
    assert timezone.now() - basis.folded_until >= dt.timedelta(seconds=300)
    scores_fold(until=timezone.now() + dt.timedelta(seconds=1))
    assert EmployeeScore.objects.get().negatives == 1


def test_the_dashboard_shows_the_trend_and_the_criteria(desk, as_user) -> None:
    (employee,) = _staff(desk, 1)
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    when = timezone.make_aware(dt.datetime.combine(last_month, dt.time(12)))
    for overall in (5, 4, 1, 2):
        rating = _rate(desk, employee, overall, when=when)
        Rating.objects.filter(pk=rating.pk).update(courtesy=overall)
    scores_recompute(until=timezone.now())
    page = as_user("hr_a").get("/ratings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    month = last_month.strftime("%B %Y")
    assert chart_table(page, "trend")[1:] == [[month, "4", "50%", "3.00"]]
    assert chart_table(page, "criteria")[1:] == [
        ["Courtesy and competence of the employee", "3.00", "4"]
    ]
    assert (
        as_user("hr_b").get("/ratings/", HTTP_ACCEPT_LANGUAGE="en").content.decode().count(month)
        == 0
    )


def test_a_streak_of_identical_extreme_ratings_is_held_when_folded(desk, as_user) -> None:
    target, mixed, fewer = _staff(desk, 3)
    t0 = timezone.now() - dt.timedelta(days=2)
    _rate(desk, fewer, 4, when=t0)
    scores_recompute(until=t0 + dt.timedelta(minutes=1))
    hour = (t0 + dt.timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    for i in range(8):
        _rate(desk, target, 5, when=hour + dt.timedelta(minutes=5 * i))  # eight 5s in an hour
        _rate(desk, mixed, 4 if i == 3 else 5, when=hour + dt.timedelta(minutes=5 * i))
    for i in range(7):
        _rate(desk, fewer, 1, when=hour + dt.timedelta(minutes=5 * i))  # seven: not a streak
    # The same employee's eighth 5 in the next hour does not join the streak either.
    _rate(desk, target, 5, when=hour + dt.timedelta(hours=1, minutes=1))

    written = scores_fold(until=hour + dt.timedelta(hours=3))

    assert written["held"] == 8
    held = Rating.objects.filter(status="held")
    assert set(held.values_list("reason", flat=True)) == {"streak"}
    assert set(held.values_list("interaction__employees", flat=True)) == {target.pk}
    scores = {s.employee_id: s for s in EmployeeScore.objects.all()}
    assert (scores[target.pk].ratings, scores[target.pk].answered) == (1, 9)
    assert scores[mixed.pk].ratings == 8
    assert (scores[fewer.pk].ratings, scores[fewer.pk].negatives) == (8, 7)
    page = as_user("hr_a").get("/ratings/held/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("a streak of identical ratings of one employee") == 8


@pytest.mark.django_db
def test_score_rows_cross_the_binary_copy_unchanged() -> None:
    """PostgreSQL: the fold's rows go in and out as binary COPY built by NumPy; what comes
    back is what went in, to the bit, and a NULL is refused rather than misread."""
    from django.db import connection

    from cadre.ratings.scores import _copy_binary, _copy_numbers

    if connection.vendor != "postgresql":
        pytest.skip("binary COPY is PostgreSQL's")
    keys = np.array([3, 2**40, 1], dtype=">i8")
    floats = np.array([0.1, -2.5e-300, 1e308], dtype=">f8")
    counts = np.array([0, 7, 2**31 - 1], dtype=">i4")
    flags = np.array([True, False, True], dtype="?")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE copied (k bigint, f float8, n integer, b boolean)")
        with cursor.cursor.copy("COPY copied FROM STDIN (FORMAT BINARY)") as copy:
            for part in _copy_binary([keys, floats, counts, flags], chunk=2):
                copy.write(part)
        cursor.execute("SELECT k, f, n, b FROM copied ORDER BY k")
        assert cursor.fetchall() == [
            (1, 1e308, 2**31 - 1, True),
            (3, 0.1, 0, True),
            (2**40, -2.5e-300, 7, False),
        ]
    read_keys, table = _copy_numbers("SELECT k, f, n FROM copied", [], ["f", "n"])
    assert read_keys.tolist() == [1, 3, 2**40]
    assert table["f"].tolist() == [1e308, 0.1, -2.5e-300]
    assert table["n"].tolist() == [2**31 - 1, 0.0, 7.0]
    with pytest.raises(ValueError, match="NULL"):
        _copy_numbers("SELECT 1 AS k, NULL::float8 AS f", [], ["f"])


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="VACUUM is PostgreSQL's",
)
@pytest.mark.django_db(transaction=True)
def test_a_recompute_leaves_its_score_tables_vacuumed(desk) -> None:
    """A recompute rewrites every score row; the dead versions it leaves are vacuumed
    when it is done, not left for the folds that follow to wade through."""
    from django.db import connection

    (officer,) = _staff(desk, 1)
    for i in range(5):
        _rate(desk, officer, 1 if i < 2 else 4, when=timezone.now() - dt.timedelta(days=1))
    scores_recompute()
    scores_recompute()  # its delete of the first one's rows leaves dead versions
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_dead_tup, last_vacuum IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname IN ('ratings_employeescore', 'ratings_unitscore') ORDER BY relname"
        )
        assert cursor.fetchall() == [
            ("ratings_employeescore", 0, True),
            ("ratings_unitscore", 0, True),
        ]
    assert EmployeeScore.objects.get(employee=officer).negatives == 2


def test_a_streak_split_across_two_folds_is_held_whole(desk) -> None:
    target, other = _staff(desk, 2)
    t0 = timezone.now() - dt.timedelta(days=2)
    _rate(desk, other, 4, when=t0)
    scores_recompute(until=t0 + dt.timedelta(minutes=1))
    hour = (t0 + dt.timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    for i in range(5):
        _rate(desk, target, 1, when=hour + dt.timedelta(minutes=5 * i))
    _rate(desk, other, 1, when=hour + dt.timedelta(minutes=1))
    # The first fold sees five 1s: not a streak; they count.
    assert scores_fold(until=hour + dt.timedelta(minutes=30))["held"] == 0
    score = EmployeeScore.objects.get(employee=target)
    assert (score.ratings, score.negatives) == (5, 5)
    for i in range(3):
        _rate(desk, target, 1, when=hour + dt.timedelta(minutes=35 + 5 * i))
    # The second fold sees three more in the same hour: eight, all held, the first five
    # taken out of every tally again.
    assert scores_fold(until=hour + dt.timedelta(hours=2))["held"] == 8
    held = Rating.objects.filter(status="held", reason="streak")
    assert set(held.values_list("interaction__employees", flat=True)) == {target.pk}
    assert held.count() == 8
    score = EmployeeScore.objects.get(employee=target)
    assert (score.ratings, score.negatives, score.answered) == (0, 0, 8)
    assert score.expected == pytest.approx(0, abs=1e-9)
    body = UnitScore.objects.get(kind="organisation")
    assert (body.ratings, body.negatives) == (2, 1)
    assert MonthTally.objects.filter(negatives__gt=0).get().negatives == 1
    # Exactly what a recompute of the same ratings gives.
    folded = _figures()
    scores_recompute(until=hour + dt.timedelta(hours=2))
    assert _figures() == folded


def test_a_streak_first_seen_by_a_recompute_is_held(desk) -> None:
    target, other = _staff(desk, 2)
    hour = (timezone.now() - dt.timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    for i in range(8):
        _rate(desk, target, 5, when=hour + dt.timedelta(minutes=5 * i))
        _rate(desk, other, 5 if i else 4, when=hour + dt.timedelta(minutes=5 * i))
    written = scores_recompute(until=hour + dt.timedelta(hours=2))
    assert written["held"] == 8
    held = Rating.objects.filter(status="held", reason="streak")
    assert set(held.values_list("interaction__employees", flat=True)) == {target.pk}
    scores = {s.employee_id: s for s in EmployeeScore.objects.all()}
    assert (scores[target.pk].ratings, scores[other.pk].ratings) == (0, 8)
    # A reviewer counts one: it is not held again by the next recompute.
    from cadre.ratings.services import rating_review

    rating_review(
        actor=desk.world.users["admin"],
        rating=held.earliest("pk"),
        decision="count",
        reason="A school class thanking its teacher's clerk",
    )
    assert "held" not in scores_recompute(until=hour + dt.timedelta(hours=2))
    assert EmployeeScore.objects.get(employee=target).ratings == 1


def test_thirty_tiny_all_negative_officials_do_not_move_the_prior() -> None:
    rng = np.random.default_rng(7)
    n = rng.integers(30, 150, 300)
    expected = n * 0.15
    observed = rng.poisson(rng.gamma(8, 1 / 8, 300) * expected).astype(float)
    tiny_n = np.full(30, 3)
    tiny_e, tiny_o = tiny_n * 0.15, np.full(30, 3.0)
    with_tiny = (np.r_[observed, tiny_o], np.r_[expected, tiny_e], np.r_[n, tiny_n])
    base = fit_prior(observed, expected, n, least=30)
    more = fit_prior(*with_tiny, least=30)
    # The fitted prior's mean α/β and variance α/β² move by less than 1%.
    assert more.alpha / more.beta == pytest.approx(base.alpha / base.beta, rel=0.01)
    assert more.alpha / more.beta**2 == pytest.approx(base.alpha / base.beta**2, rel=0.01)
    # Even fitted to everyone, the likelihood keeps the variance within 35% (the method of
    # moments doubled it), and it is near the truth (1/8).
    everyone = gamma_prior(*with_tiny[:2])
    assert everyone.alpha / everyone.beta**2 < 1.35 * base.alpha / base.beta**2
    assert base.alpha / base.beta**2 == pytest.approx(1 / 8, rel=0.3)


def test_an_employee_sees_their_own_score_explained(desk, as_user, api_as) -> None:
    user = desk.world.users["employee_a1"]
    Employee.objects.filter(pk=desk.officer.pk).update(user=user)
    api = api_as("employee_a1")
    refused = api.get("/api/v1/my-rating/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert refused["errors"][0]["message"] == "You have no rating yet."
    t0 = timezone.now() - dt.timedelta(days=1)
    for overall in (1, 5, 4, 5):
        _rate(desk, desk.officer, overall, when=t0)
    for overall in (2, 4):
        _rate(desk, desk.officer, overall, outcome="refused", when=t0)
    for overall in (5, 4, 4, 2):
        _rate(desk, desk.other, overall, outcome="refused", when=t0)
    scores_recompute(until=t0 + dt.timedelta(minutes=1))

    mine = api.get("/api/v1/my-rating/").json()
    score = EmployeeScore.objects.get(employee=desk.officer)
    assert (mine["ratings"], mine["negatives"]) == (6, 2)
    assert mine["expected"] == pytest.approx(score.expected)
    assert (mine["ratio_low"], mine["ratio_high"]) == pytest.approx(
        (score.ratio_low, score.ratio_high)
    )
    # Granted: 1 negative of 4; refused: 2 of 6 — times the one body's effect, 1.
    assert [(c["outcome"], c["ratings"], c["network_rate"]) for c in mine["case_mix"]] == [
        ("granted", 4, 0.25),
        ("refused", 2, pytest.approx(2 / 6)),
    ]
    assert sum(c["expected"] for c in mine["case_mix"]) == pytest.approx(score.expected)
    assert [b["body"] for b in mine["bodies"]] == [desk.world.orgs["body_a"].pk]
    assert "negatives" not in mine["case_mix"][0]  # a cell of one rating would name it
    page = as_user("employee_a1").get("/ratings/mine/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "<dt>Negative ratings (1 or 2)</dt><dd>2</dd>" in text
    assert f"<dt>Expected of comparable officials</dt><dd>{score.expected:.2f}</dd>" in text
    assert "<td>Body A</td><td>1.00" in text
    # Someone with no employee record: nothing to show, and nobody else's score.
    assert (
        "You have no rating yet."
        in as_user("hr_b").get("/ratings/mine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert api_as("hr_b").get("/api/v1/my-rating/").status_code == 404


def test_a_harsh_public_is_the_bodys_effect_not_its_officials(desk, as_user) -> None:
    harsh_point = ServicePoint.objects.create(
        organisation=desk.world.orgs["body_b"], code="SP-B", name="Front office B"
    )
    here, there = _staff(desk, 6), _staff_b(desk, 6)
    t0 = timezone.now() - dt.timedelta(days=2)
    for employee in here:
        for i in range(40):
            _rate(desk, employee, 2 if i < 4 else 3 + i % 3, when=t0 + dt.timedelta(hours=i))
    for employee in there:
        for i in range(40):
            # Body B's public gives everyone four times the negatives.
            negative = i < 16
            _rate(
                desk,
                employee,
                2 if negative else 3 + i % 3,
                when=t0 + dt.timedelta(hours=i),
                point=harsh_point,
            )
    scores_recompute(until=timezone.now())
    body_b = UnitScore.objects.get(kind="organisation", object_id=desk.world.orgs["body_b"].pk)
    assert body_b.effect > 1.5 and body_b.effect_low > 1.3
    assert (body_b.ratings, body_b.negatives) == (240, 96)
    assert body_b.expected == pytest.approx(240 * (24 + 96) / 480)
    # Nobody is flagged: within each body, everyone is alike.
    scores = EmployeeScore.objects.filter(employee__in=here + there)
    assert not scores.filter(reliably_worse=True).exists()
    assert all(0.8 < s.ratio < 1.25 for s in scores)
    page = as_user("admin").get("/ratings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bodies: how harshly their public rates" in page
    assert page.index("<td>Body B</td><td>240</td><td>96</td>") < page.index(
        "<td>Body A</td><td>240</td><td>24</td>"
    )
