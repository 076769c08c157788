"""The ranked list of the reserve for one vacancy (decision 0030).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_talent \\
        .venv/bin/python bench/talent_match_one.py --members 100000 --vacancies 5000

Builds (once, ``_talent.py``) a reserve of ``--members`` people and ``--vacancies`` open
vacancies. Measures the reserve matrix built from the database (once per change of the
reserve: the per-member level vectors, NumPy), then p50/p95 over ``--runs`` vacancies of
``ranking.rank`` (the 50 best with their reasons, as the page and the API answer it, the
two stamp queries included) as the national administrator; beside it, in the same run, a
bare SQL read of the ids of the vacancy's post group's active entries (the baseline), and
the ratio. Target (issue 20): p95 ≤ 500 ms against 100,000 members.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _talent import admin, setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    setup(args.members, args.vacancies)
    from django.db import connection
    from django.utils import timezone

    from cadre.talent import ranking, selectors
    from cadre.talent.models import Vacancy

    user = admin()
    today = timezone.localdate()
    started = time.perf_counter()
    selectors.forget_matrix()
    matrix = selectors.reserve_matrix()
    build = time.perf_counter() - started
    print(
        f"reserve matrix: {len(matrix):,} members × {len(matrix.codes)} codes, "
        f"built in {build:.2f} s"
    )
    pool = list(Vacancy.objects.select_related("post", "organisation").order_by("pk"))
    picks = random.Random(3).sample(pool, min(args.runs + 2, len(pool)))
    times, bare = [], []
    sizes = []
    for i, vacancy in enumerate(picks):
        t = time.perf_counter()
        ranked = ranking.rank(user, vacancy, limit=50, today=today)
        took = time.perf_counter() - t
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(
                "SELECT id FROM talent_reserveentry WHERE status = 'active' AND post_group = %s",
                [vacancy.post.category],
            )
            sizes.append(len(cur.fetchall()))
        sql = time.perf_counter() - t
        if i >= 2:  # two warm-ups
            times.append(took)
            bare.append(sql)
        assert len(ranked) == 50, len(ranked)
    p = statistics.quantiles(times, n=20)
    q = statistics.quantiles(bare, n=20)
    p50, p95 = statistics.median(times) * 1000, p[18] * 1000
    b50, b95 = statistics.median(bare) * 1000, q[18] * 1000
    print(f"members of a vacancy's post group: ~{statistics.mean(sizes):,.0f}")
    print(
        f"ranked list (50 best, reasons): p50 {p50:.1f} ms  p95 {p95:.1f} ms  target p95 ≤ 500 ms: "
        f"{'met' if p95 <= 500 else 'NOT met'}"
    )
    print(f"baseline, bare SQL read of the group's ids: p50 {b50:.1f} ms  p95 {b95:.1f} ms")
    print(f"ratio ranked / bare SQL: p50 {p50 / b50:.1f}×  p95 {p95 / b95:.1f}×")


if __name__ == "__main__":
    main()
