"""Rating scores at national scale: 10,000,000 ratings over 1,000,000 employees.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_1m \\
        .venv/bin/python bench/rating_scores.py --people 1000000 --ratings 10000000

Generates a year of ratings in SQL (one service point per body, each employee rated about
equally often, one in five employees twice as often negative), then measures:

- the full recompute (``scores_recompute``: case-mix rates, the prior, every employee, body,
  point and month), beside a bare ``GROUP BY`` of the same ratings per employee — the least
  any recompute must read;
- folding in a day's 100,000 new ratings (``scores_fold``; target < 5 s), beside the same
  bare ``GROUP BY`` over that day;
- with ``--folds N``, the same fold N times more before it, each rolled back: the time on a
  warm cache, as a nightly job meets it;
- the managers' dashboard (``/ratings/``) and the public scores page at that size, p50/p95
  of 20 requests through the whole Django stack in-process (target < 1 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from _setup import measure_pages, setup

DAY = 100_000


def generate(ratings: int, start: dt.datetime, end: dt.datetime, tag: str) -> None:
    """``ratings`` interactions, each rated, spread evenly over [start, end)."""
    from django.db import connection

    from cadre.accounts.models import User

    desk = User.objects.get(username="desk").pk
    span = (end - start).total_seconds()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_staff AS "
            "SELECT row_number() OVER (ORDER BY e.id) - 1 AS rn, e.id, e.organisation_id, "
            "p.id AS point_id FROM people_employee e "
            "JOIN ratings_servicepoint p ON p.organisation_id = e.organisation_id"
        )
        cursor.execute("SELECT count(*) FROM bench_staff")
        (staff,) = cursor.fetchone()
        cursor.execute("SELECT array_agg(id ORDER BY id) FROM ratings_servicetype")
        (types,) = cursor.fetchone()
        cursor.execute(
            f"""
            INSERT INTO ratings_interaction (
                issuer_id, external_id, organisation_id, service_point_id, service_type_id,
                outcome, channel, occurred_at, issued_at, expires_at, used_at, token_hash,
                citizen_key, conflict)
            SELECT %s, '{tag}-' || i, s.organisation_id, s.point_id,
                (%s::bigint[])[1 + (i / 7) %% %s],
                CASE WHEN i %% 10 = 0 THEN 'refused' WHEN i %% 29 = 0 THEN 'other'
                     ELSE 'granted' END,
                CASE WHEN i %% 4 = 0 THEN 'online' WHEN i %% 31 = 0 THEN 'phone'
                     ELSE 'in_person' END,
                t - interval '1 hour', t - interval '1 hour', t + interval '14 days', t,
                md5('{tag}' || i) || md5(i || '{tag}'), md5('c' || i), false
            FROM generate_series(0::bigint, %s - 1) i
            JOIN bench_staff s ON s.rn = (i * 7919) %% %s
            CROSS JOIN LATERAL (SELECT %s::timestamptz + (i * %s / %s) * interval '1 second'
                                AS t) w
            """,
            [desk, types, len(types), ratings, staff, start, span, ratings],
        )
        cursor.execute(
            f"""
            INSERT INTO ratings_interaction_employees (interaction_id, employee_id)
            SELECT i.id, s.id FROM ratings_interaction i
            JOIN bench_staff s ON s.rn = (substr(i.external_id, {len(tag) + 2})::bigint
                                          * 7919) %% %s
            WHERE i.external_id LIKE '{tag}-%%'
            """,
            [staff],
        )
        # One employee in five is negative twice as often; refusals more often still.
        cursor.execute(
            f"""
            INSERT INTO ratings_rating (
                interaction_id, organisation_id, service_point_id, service_type_id, outcome,
                channel, submitted_at, overall, time_taken, waiting, courtesy, clarity,
                premises, need_met, comment, status, reason, citizen_key, network_key,
                comment_status, published_comment, moderation_reason, answer)
            SELECT i.id, i.organisation_id, i.service_point_id, i.service_type_id, i.outcome,
                i.channel, i.used_at, o.overall, o.overall, NULL, o.overall, NULL, NULL, 'yes',
                '', CASE WHEN random() < 0.02 THEN 'held' ELSE 'counted' END, '', i.citizen_key,
                '', '', '', '', ''
            FROM ratings_interaction i
            JOIN ratings_interaction_employees ie ON ie.interaction_id = i.id
            CROSS JOIN LATERAL (SELECT CASE
                WHEN random() < 0.04 * (CASE WHEN ie.employee_id %% 5 = 0 THEN 2 ELSE 1 END)
                                      * (CASE WHEN i.outcome = 'refused' THEN 4 ELSE 1 END)
                THEN 1 + (random() < 0.5)::int ELSE 3 + (random() < 0.8)::int
                                                   + (random() < 0.6)::int END AS overall) o
            WHERE i.external_id LIKE '{tag}-%%'
            ORDER BY i.used_at  -- in time order, as ratings arrive (the BRIN index relies on it)
            """,
            [],
        )
        cursor.execute("ANALYZE ratings_interaction, ratings_interaction_employees, ratings_rating")


def bare_group_by(since: dt.datetime | None, until: dt.datetime) -> float:
    """The baseline: counted ratings per employee, one GROUP BY, nothing written."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT re.employee_id, count(*), sum(r.overall) "
            "FROM ratings_rating r JOIN ratings_interaction_employees re "
            "ON re.interaction_id = r.interaction_id "
            "WHERE r.status = 'counted' AND r.submitted_at < %s"
            + (" AND r.submitted_at >= %s" if since else "")
            + " GROUP BY re.employee_id) x",
            [until, since] if since else [until],
        )
        cursor.fetchone()
    return time.perf_counter() - started


def rolled_back_fold(until: dt.datetime) -> float:
    """The time of one fold up to ``until``, in a transaction then rolled back: the same
    day folds again, on a warmer cache."""
    from django.db import transaction

    from cadre.ratings.scores import scores_fold

    with transaction.atomic():
        started = time.perf_counter()
        scores_fold(until=until)
        took = time.perf_counter() - started
        transaction.set_rollback(True)
    return took


def pages(runs: int) -> None:
    from django.test import Client

    from cadre.accounts.models import RoleAssignment, User
    from cadre.accounts.services import user_create
    from cadre.orgs.models import Organisation

    admin = User.objects.get(username="admin")
    region = Organisation.objects.get(code="SYN-R01")
    hr = User.objects.filter(username="bench_hr").first()
    if hr is None:
        hr = user_create(actor=admin, username="bench_hr", password="bench-password-123")
        RoleAssignment.objects.create(user=hr, role="hr_officer", organisation=region)
    clients = {"admin": Client(), "hr": Client()}
    clients["admin"].force_login(admin)
    clients["hr"].force_login(hr)
    measure_pages(
        clients,
        [
            ("admin", "ratings dashboard, country", "/ratings/"),
            ("hr", "ratings dashboard, region HR", "/ratings/"),
            ("admin", "API employee scores", "/api/v1/employee-scores/"),
            ("admin", "public scores, page 1", "/ratings/public/"),
        ],
        runs,
        target_ms=1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--ratings", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--folds",
        type=int,
        default=0,
        help="before the fold that is kept, fold the day this many times more, rolled back",
    )
    args = parser.parse_args()
    setup(args.people)
    from django.db import connection, transaction
    from django.utils import timezone

    from cadre.ratings.models import Rating, ServicePoint
    from cadre.ratings.scores import scores_fold, scores_recompute

    now = timezone.now()
    today = now - dt.timedelta(days=1)
    if not Rating.objects.filter(interaction__external_id__startswith="YEAR-").exists():
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO ratings_servicepoint (organisation_id, code, name, address, names) "
                "SELECT o.id, 'BENCH-' || o.id, 'Front office ' || o.code, '', '{}' "
                "FROM orgs_organisation o WHERE o.code LIKE 'SYN%%' ON CONFLICT DO NOTHING"
            )
        with transaction.atomic():
            generate(args.ratings, today - dt.timedelta(days=365), today, "YEAR")
        print(
            f"generated {args.ratings:,} ratings for {ServicePoint.objects.count():,} points "
            f"in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    # An earlier run's day, and the ratings of rating_submit.py runs on this database: each
    # run folds exactly one generated day.
    with connection.cursor() as cursor:
        mine = "external_id LIKE 'DAY%%' OR external_id LIKE 'BENCH-%%'"
        for sql in (
            "DELETE FROM ratings_rating WHERE interaction_id IN "
            f"(SELECT id FROM ratings_interaction WHERE {mine})",
            "DELETE FROM ratings_interaction_employees WHERE interaction_id IN "
            f"(SELECT id FROM ratings_interaction WHERE {mine})",
            f"DELETE FROM ratings_interaction WHERE {mine}",
        ):
            cursor.execute(sql, [])
    started = time.perf_counter()
    written = scores_recompute(until=today)
    full = time.perf_counter() - started
    base = bare_group_by(None, today)
    print(f"full recompute          {full:8.1f} s  {written}")
    print(f"  bare GROUP BY         {base:8.1f} s  ratio {full / base:.1f}")

    with transaction.atomic():
        generate(DAY, today, now - dt.timedelta(minutes=10), f"DAY{int(now.timestamp())}")
    for _ in range(args.folds):
        print(f"  fold, rolled back     {rolled_back_fold(now):8.2f} s")
    started = time.perf_counter()
    folded = scores_fold(until=now)
    fold = time.perf_counter() - started
    base = bare_group_by(today, now)
    print(f"fold a day of {DAY:,}   {fold:8.2f} s  {folded}  (target < 5 s)")
    print(f"  bare GROUP BY         {base:8.2f} s  ratio {fold / base:.1f}")
    pages(args.runs)


if __name__ == "__main__":
    main()
