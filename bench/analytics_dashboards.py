"""National analytics at scale (issue 22, decision 0037): dashboards, evenness, a 40-page PDF.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_analytics \\
        .venv/bin/python bench/analytics_dashboards.py --people 1000000 --ratings 10000000

Builds (once) the synthetic country, a year of ratings generated in SQL and folded into the
scores (as ``rating_scores.py`` does), and a snapshot of the five capacity measures over
every body under a region (``snapshot_take``, timed). Then measures, through the whole
Django stack in-process, p50/p95 of the country's and a region's dashboards and evenness
pages (target p95 ≤ 300 ms); the evenness indices of every measure over all regions in
Python alone (target ≤ 1 s); and a regional comparison written as PDF of at least 40 pages
(target ≤ 20 s). Prints each figure beside its target and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

# The pages as a signed-in administrator sees them, without the second-factor step.
os.environ.setdefault("CADRE_MFA_REQUIRED", "0")

from _setup import measure_pages, setup


def ratings(n: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone
    from rating_scores import generate

    from cadre.ratings.models import Rating
    from cadre.ratings.scores import scores_recompute

    if Rating.objects.filter(interaction__external_id__startswith="YEAR-").exists():
        return
    today = timezone.now() - dt.timedelta(days=1)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ratings_servicepoint (organisation_id, code, name, address, names) "
            "SELECT o.id, 'BENCH-' || o.id, 'Front office ' || o.code, '', '{}' "
            "FROM orgs_organisation o WHERE o.code LIKE 'SYN%%' ON CONFLICT DO NOTHING"
        )
    with transaction.atomic():
        generate(n, today - dt.timedelta(days=365), today, "YEAR")
    print(f"generated {n:,} ratings in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    scores_recompute()
    print(f"scores recomputed in {time.perf_counter() - started:.0f} s", flush=True)


def line(label: str, seconds: float, target: float) -> None:
    print(
        f"{label:<44} {seconds:8.3f} s  target {target:g} s  ratio {seconds / target:.2f}  "
        f"{'yes' if seconds <= target else 'NO'}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--ratings", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup(args.people)
    ratings(args.ratings)

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from cadre.accounts.models import RoleAssignment, User
    from cadre.accounts.services import user_create
    from cadre.analytics import selectors, services
    from cadre.analytics.choices import Measure
    from cadre.analytics.models import MeasureSnapshot
    from cadre.analytics.reports import regions_content
    from cadre.analytics.reports.pdf import write_pdf
    from cadre.orgs.models import Organisation
    from cadre.people.models import Employee
    from cadre.ratings.models import Rating

    period = timezone.localdate().replace(day=1)
    # The demo's own snapshot of this month covers only the demo's bodies: take it again
    # when the synthetic country is not in it.
    if not MeasureSnapshot.objects.filter(period=period, unit__code__startswith="SYN").exists():
        started = time.perf_counter()
        out = services.snapshot_take(period=period)
        print(f"snapshot of {out} in {time.perf_counter() - started:.1f} s", flush=True)
    print(
        f"size: {Employee.objects.count():,} people, {Rating.objects.count():,} ratings, "
        f"{MeasureSnapshot.objects.filter(period=period).count():,} snapshot rows",
        flush=True,
    )
    admin = User.objects.get(username="admin")
    country = Organisation.objects.get(code="SYN")
    region = Organisation.objects.get(code="SYN-R01")
    hr = User.objects.filter(username="bench_hr").first()
    if hr is None:
        hr = user_create(actor=admin, username="bench_hr", password="bench-password-123")
        RoleAssignment.objects.create(user=hr, role="hr_officer", organisation=region)
    pages = [
        ("admin", "analytics dashboard, country", f"/analytics/{country.pk}/"),
        ("admin", "analytics dashboard, region", f"/analytics/{region.pk}/"),
        ("hr", "analytics dashboard, region (region HR)", f"/analytics/{region.pk}/"),
        ("admin", "evenness, country", f"/analytics/{country.pk}/evenness/"),
        (
            "admin",
            "evenness, country, fair ratio",
            f"/analytics/{country.pk}/evenness/?measure=fair_ratio",
        ),
        ("hr", "evenness, region (region HR)", f"/analytics/{region.pk}/evenness/"),
    ]
    clients = {"admin": Client(), "hr": Client()}
    clients["admin"].force_login(admin)
    clients["hr"].force_login(hr)
    measure_pages(clients, pages, args.runs, target_ms=300)

    timings = []
    for _ in range(5):
        started = time.perf_counter()
        for measure in Measure.values:
            selectors.evenness_of(admin, country, measure, period)
        timings.append(time.perf_counter() - started)
    line("evenness, 5 measures over all regions (median)", statistics.median(timings), 1.0)

    content = regions_content(admin, country, period=period)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        # The bodies' table set to 2,200 rows (cut, or repeated on a small country): a
        # report of at least 40 pages.
        bodies = content.tables[-1]
        full = bodies.rows
        bodies.rows = (full * (2200 // max(1, len(full)) + 1))[:2200]
        started = time.perf_counter()
        pages_n = write_pdf(content, path)
        line(f"PDF regional comparison, {pages_n} pages", time.perf_counter() - started, 20.0)
        bodies.rows = full
    del settings


if __name__ == "__main__":
    main()
