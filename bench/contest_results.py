"""Jury results of a contest of 10,000 entries scored by 5 jurors on 4 criteria (200,000
scores), beside a naive computation of the same totals in the same run.

    .venv/bin/python bench/contest_results.py                 # var/bench/contests.sqlite3
    .venv/bin/python bench/contest_results.py --entries 1000  # smaller first
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_contests \\
        .venv/bin/python bench/contest_results.py

It builds the contest once (bulk inserts: applicants, entries, scores with a juror's
severity and noise), then times, in the same run:

* **Cadre**: ``cadre.contests.results.compute`` — the score rows read in bulk (one query),
  each juror's weighted totals, z-scores per juror, raw and normalised totals per entry,
  the spread and the flag, Krippendorff's α per criterion, the ranking with its tie-break
  and the feedback per criterion (NumPy, ``contests/tally.py``);
* **naive**: the same work in plain Python over the same rows read through the ORM's
  ``values_list``: raw and z-scored totals (``tally.naive``), the mean per entry and
  criterion, Krippendorff's α per criterion (interval, from the value counts) and a sort.

It prints both times, the target and the ratio naive / Cadre. Target (issue 20): ≤ 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault(
    "DATABASE_URL",
    f"sqlite:///{Path(__file__).resolve().parent.parent / 'var' / 'bench' / 'contests.sqlite3'}",
)
from _setup import ROOT  # sets the environment Django reads

del ROOT

JURORS = 5
CRITERIA = (("IDEA", 40), ("TECH", 30), ("IMPACT", 20), ("PITCH", 10))


def build(entries: int) -> Any:
    import numpy as np
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from cadre.accounts.models import User
    from cadre.contests.models import Application, Category, Contest, Criterion, Juror, Score
    from cadre.orgs.models import Organisation

    title = f"Bench contest ({entries:,} entries)"
    found = Contest.objects.filter(title=title).first()
    if found is not None:
        return found
    rng = np.random.default_rng(20)
    body = Organisation.objects.order_by("path").first()
    assert body is not None, "the demo has organisations"
    today = timezone.localdate()
    with transaction.atomic():
        contest = Contest.objects.create(
            organisation=body,
            title=title,
            applications_open=today - dt.timedelta(days=60),
            applications_close=today - dt.timedelta(days=30),
            screening_close=today - dt.timedelta(days=20),
            scoring_close=today + dt.timedelta(days=10),
            final_on=today + dt.timedelta(days=20),
            results_on=today + dt.timedelta(days=30),
            published=True,
        )
        category = Category.objects.create(contest=contest, code="ALL", name="All")
        texts = {str(s): f"level {s}" for s in range(1, 6)}
        criteria = [
            Criterion.objects.create(contest=contest, code=c, name=c, weight=w, descriptors=texts)
            for c, w in CRITERIA
        ]
        password = make_password(None)
        stem = f"bench-c{contest.pk}-"
        User.objects.bulk_create(
            [User(username=f"{stem}{i}", password=password) for i in range(entries + JURORS)],
            batch_size=2000,
        )
        users = list(User.objects.filter(username__startswith=stem).order_by("pk"))
        jurors = [
            Juror.objects.create(contest=contest, category=category, user=u) for u in users[:JURORS]
        ]
        now = timezone.now()
        Application.objects.bulk_create(
            [
                Application(
                    contest=contest,
                    category=category,
                    applicant=u,
                    title=f"Project {i}",
                    summary="A project",
                    state="admitted",
                    submitted_at=now - dt.timedelta(seconds=i),
                )
                for i, u in enumerate(users[JURORS:])
            ],
            batch_size=2000,
        )
        ids = list(
            Application.objects.filter(contest=contest).order_by("pk").values_list("pk", flat=True)
        )
        quality = rng.normal(3.0, 0.8, size=len(ids))
        severity = rng.normal(0.0, 0.4, size=JURORS)
        batch: list[Score] = []
        for j, juror in enumerate(jurors):
            for c in criteria:
                values = np.clip(
                    np.rint(quality + severity[j] + rng.normal(0, 0.6, size=len(ids))), 1, 5
                ).astype(int)
                batch.extend(
                    Score(
                        application_id=a,
                        juror=juror,
                        criterion=c,
                        value=int(v),
                        scored_at=now,
                    )
                    for a, v in zip(ids, values, strict=True)
                )
                if len(batch) >= 20_000:
                    Score.objects.bulk_create(batch, batch_size=5000)
                    batch = []
        Score.objects.bulk_create(batch, batch_size=5000)
    return contest


def alpha_plain(cells: dict[tuple[int, int], list[int]]) -> float:
    """Krippendorff's α (interval) of one criterion in plain Python: ``cells`` maps
    (entry, criterion) to the jurors' values; entries with one value are not pairable."""
    from collections import Counter

    observed, n = 0.0, 0
    totals: Counter[int] = Counter()
    for values in cells.values():
        m = len(values)
        if m < 2:
            continue
        n += m
        totals.update(values)
        pairs = sum((a - b) ** 2 for a in values for b in values)
        observed += pairs / (m - 1)
    expected = sum(ca * cb * (a - b) ** 2 for a, ca in totals.items() for b, cb in totals.items())
    return 1 - (n - 1) * observed / expected if expected else float("nan")


def naive(contest: Any) -> tuple[float, list[float]]:
    from cadre.contests.models import Criterion, Score
    from cadre.contests.tally import naive as totals

    start = time.perf_counter()
    criteria = list(Criterion.objects.filter(contest=contest).order_by("code"))
    index = {c.pk: i for i, c in enumerate(criteria)}
    rows = [
        (j, a, index[c], v)
        for j, a, c, v in Score.objects.filter(application__contest=contest).values_list(
            "juror_id", "application_id", "criterion_id", "value"
        )
    ]
    found = totals(rows, [float(c.weight) for c in criteria])
    cells: dict[tuple[int, int], list[int]] = {}
    for _j, a, c, v in rows:
        cells.setdefault((a, c), []).append(v)
    means = {key: sum(v) / len(v) for key, v in cells.items()}
    alphas = [
        alpha_plain({k: v for k, v in cells.items() if k[1] == c}) for c in range(len(criteria))
    ]
    ranked = sorted(found, key=lambda e: (-round(found[e][1], 3), -round(found[e][0], 3), e))
    assert len(ranked) == len(found) and len(means) == len(cells) and len(alphas) == len(criteria)
    return time.perf_counter() - start, alphas


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    from cadre.demo.data import demo_load

    demo_load()
    start = time.perf_counter()
    contest = build(args.entries)
    vendor = os.environ["DATABASE_URL"].split(":")[0]
    print(f"set-up: {time.perf_counter() - start:.1f} s ({vendor})")
    from cadre.contests.results import compute

    cadre_times, naive_times = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        results = compute(contest)
        cadre_times.append(time.perf_counter() - start)
        took, alphas = naive(contest)
        naive_times.append(took)
    best, base = min(cadre_times), min(naive_times)
    flagged = sum(r.flagged for r in results.entries.values())
    print(
        f"{len(results.entries):,} entries × {JURORS} jurors × {len(CRITERIA)} criteria; "
        f"flagged {flagged:,}; α {results.alpha}"
    )
    print(f"Cadre (NumPy): {best:.2f} s (best of {args.runs}); target ≤ 5 s")
    print(f"naive (plain Python): {base:.2f} s; its α {[round(a, 3) for a in alphas]}")
    print(f"ratio naive / Cadre: {base / best:.2f}")


if __name__ == "__main__":
    main()
