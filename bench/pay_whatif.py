"""What-if, a run's proposal and the explanation page for a fund over a synthetic country.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_pay10k \\
        .venv/bin/python bench/pay_whatif.py --people 10000

Builds (once) the synthetic country of ``--people`` people (``cadre demo --scale``), gives
everyone a salary and an achievement for the period ``BENCH-2026`` (bulk, outside the
services: this is set-up), a rule and a fund over the whole country, then measures through
the real code: ``what_if`` (loads the inputs through the ORM and ``kpi.selectors``,
allocates, sums per body, compares with the last run), ``run_propose`` (the same plus the
snapshot of a line per person), and p50/p95 of the explanation page of a line as its
employee's HR officer (national administrator) sees it. Targets (issue 19): what-if for a
body of 10,000 people ≤ 1 s; the explanation page p95 ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import measure_pages, setup


def prepare() -> object:
    from django.utils import timezone

    from cadre.accounts.models import User
    from cadre.kpi.models import Achievement, Period
    from cadre.orgs.models import Organisation
    from cadre.pay import services
    from cadre.pay.models import Fund, Salary
    from cadre.people.models import Employee

    admin = User.objects.get(username="admin")
    fund = Fund.objects.filter(name="Bench fund").first()
    if fund is not None:
        return fund
    period, _ = Period.objects.get_or_create(
        code="BENCH-2026",
        defaults={"kind": "year", "start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)},
    )
    root = Organisation.objects.get(code="SYN")
    ids = list(
        Employee.objects.filter(organisation__path__startswith=root.path).values_list(
            "id", flat=True
        )
    )
    now = timezone.now()
    Salary.objects.bulk_create(
        [
            Salary(
                employee_id=e,
                amount=10_000_000 + (e * 7919) % 40_000_000,
                currency="KZT",
                valid_from=dt.date(2020, 1, 1),
            )
            for e in ids
        ],
        batch_size=5000,
    )
    Achievement.objects.bulk_create(
        [
            Achievement(
                employee_id=e,
                period=period,
                total=((e * 104729) % 15001) / 10000,
                lines=[{"kpi": "DIG-1", "weight": "1", "actual": "1", "source": "bench"}],
                computed_at=now,
            )
            for e in ids
        ],
        batch_size=5000,
    )
    rule = services.rule_create(
        actor=admin, organisation=root, code="BENCH", min_achievement="0.5", cap_salaries="1.5"
    )
    return services.fund_create(
        actor=admin,
        name="Bench fund",
        organisation=root,
        period=period,
        rule=rule,
        amount=len(ids) * 15_000_000,
        currency="KZT",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup(args.people)
    from django.test import Client

    from cadre.accounts.models import User
    from cadre.pay import services
    from cadre.pay.whatif import what_if

    fund = prepare()
    admin = User.objects.get(username="admin")
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        answer = what_if(fund, {"cap_salaries": "2"})  # type: ignore[arg-type]
        timings.append(time.perf_counter() - started)
    print(
        f"what-if over {answer['people']:,} people ({answer['paid']:,} paid, "
        f"{len(answer['per_body'])} bodies): p50 {statistics.median(timings):.2f} s, "
        f"max {max(timings):.2f} s (target ≤ 1 s)"
    )
    started = time.perf_counter()
    run = services.run_propose(actor=admin, fund=fund)  # type: ignore[arg-type]
    print(f"run_propose: {time.perf_counter() - started:.2f} s for {run.people:,} lines")
    line = run.lines.filter(amount__gt=0).order_by("id").first()
    client = Client()
    client.force_login(admin)
    measure_pages(
        {"admin": client},
        [("admin", "explanation of a line", line.get_absolute_url())],  # type: ignore[union-attr]
        runs=20,
        target_ms=300,
    )
    services.run_withdraw(actor=admin, run=run)


if __name__ == "__main__":
    main()
