"""The KPI achievements job over a synthetic country's people.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_kpi \\
        .venv/bin/python bench/kpi_achievements.py --people 10000

Set-up (once per database, not measured): the synthetic country of ``--people`` people
(``cadre.demo.scale``), a year period, and for every person four KPIs (a measured one —
certificates earned — and three imported ones with their actuals), written in bulk.

Measured: ``achievements_compute`` for the period (each person's measure, then every
total and line written in bulk), the first run (creates) and a second (updates), beside a
bare ``SELECT`` of the assignments with their actuals (the least any computation reads).
"""

from __future__ import annotations

import argparse
import time

from _setup import setup


def prepare() -> None:
    import datetime as dt
    from decimal import Decimal

    from cadre.accounts.models import User
    from cadre.kpi import services
    from cadre.kpi.models import Actual, Assignment, Definition, Period
    from cadre.orgs.models import Organisation
    from cadre.people.models import Employee

    if Period.objects.filter(code="BENCH").exists():
        return
    admin = User.objects.get(username="admin")
    syn = Organisation.objects.get(code="SYN")
    period = services.period_create(
        actor=admin, code="BENCH", kind="year", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )

    def kpi(code: str, origin: str, measure: str = "") -> Definition:
        return services.definition_create(
            actor=admin,
            owner=syn,
            code=code,
            names={"en": code},
            unit="count",
            direction="higher",
            period_kind="year",
            origin=origin,
            measure=measure,
        )

    measured = kpi("B-CERTS", "measure", "learning.certificates_earned")
    imported = [kpi(f"B-IMP{i}", "imported") for i in range(3)]
    people = list(
        Employee.objects.filter(organisation__path__startswith=syn.path).values_list(
            "pk", "organisation_id"
        )
    )
    rows = []
    for pk, org in people:
        for definition, weight in ((measured, 25), *((d, 25) for d in imported)):
            rows.append(
                Assignment(
                    definition=definition,
                    period=period,
                    organisation_id=org,
                    employee_id=pk,
                    threshold=Decimal(0),
                    target=Decimal(1),
                    stretch=Decimal(2),
                    weight=Decimal(weight),
                )
            )
    Assignment.objects.bulk_create(rows, batch_size=5000)
    Actual.objects.bulk_create(
        [
            Actual(assignment=a, value=Decimal(a.pk % 3), origin="imported", source_system="X")
            for a in Assignment.objects.filter(period=period, definition__in=imported)
        ],
        batch_size=5000,
    )
    print(f"set up {len(people)} people × 4 KPIs", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10000)
    args = parser.parse_args()
    setup(args.people)
    prepare()
    from cadre.accounts.models import User
    from cadre.kpi import services
    from cadre.kpi.models import Assignment, Period

    admin = User.objects.get(username="admin")
    period = Period.objects.get(code="BENCH")
    started = time.perf_counter()
    rows = list(
        Assignment.objects.filter(period=period)
        .select_related("definition", "actual")
        .values_list("pk", "employee_id", "weight", "actual__value")
    )
    bare = time.perf_counter() - started
    print(f"bare read of {len(rows)} assignments with their actuals: {bare:.2f} s", flush=True)
    for run in ("first", "second"):
        started = time.perf_counter()
        result = services.achievements_compute(actor=admin, period=period)
        took = time.perf_counter() - started
        print(
            f"{run} run: {result} in {took:.1f} s ({took / bare:.0f} × the bare read)", flush=True
        )


if __name__ == "__main__":
    main()
