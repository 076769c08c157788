"""The project office's national portfolio page over many projects.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_projects \\
        .venv/bin/python bench/projects_portfolio.py --projects 2000 --milestones 10

Builds (once) a synthetic country (``--people``, ``cadre demo --scale``) and, in bulk
outside the services (this is set-up), ``--projects`` projects spread over its bodies, each
with ``--milestones`` milestones (a share closed, some late) and, on every fourth, an
outcome KPI with a unit-level actual. Then measures through the whole Django stack, as the
national administrator: p50/p95 of the portfolio page (status of every project computed
from its milestones and KPIs, decision 0023), of the portfolio API and of the first page of
the project list; beside, in the same run, a bare SQL count of the same projects grouped by
state (the baseline), and prints the ratio. Target (issue 21): portfolio p95 ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import measure_pages, setup


def prepare(projects: int, per_project: int) -> None:
    from django.db import transaction

    from cadre.accounts.models import User
    from cadre.kpi import services as kpi
    from cadre.kpi.models import Actual, Assignment, Definition, Period
    from cadre.orgs.models import Organisation
    from cadre.people.models import Employee
    from cadre.projects.models import Member, Milestone, OutcomeKpi, Project

    if Project.objects.filter(name__startswith="Bench ").exists():
        return
    admin = User.objects.get(username="admin")
    root = Organisation.objects.get(code="SYN")
    bodies = list(Organisation.objects.filter(path__startswith=root.path, depth__lte=2)[:200])
    owners: dict[int, int] = {}
    for e in Employee.objects.filter(organisation__in=bodies).values("pk", "organisation_id"):
        owners.setdefault(e["organisation_id"], e["pk"])
    bodies = [b for b in bodies if b.pk in owners]
    from django.utils import timezone

    today = timezone.localdate()
    period, _ = Period.objects.get_or_create(
        code="BENCH-P",
        defaults={
            "kind": "year",
            "start": today.replace(month=1, day=1),
            "end": today.replace(month=12, day=31),
        },
    )
    definition = Definition.objects.filter(code="BENCH-KPI").first() or kpi.definition_create(
        actor=admin,
        owner=root,
        code="BENCH-KPI",
        names={"en": "Services online"},
        unit="percent",
        direction="higher",
        period_kind="year",
        origin="imported",
    )
    with transaction.atomic():
        rows = [
            Project(
                name=f"Bench {i}",
                goal="Synthetic",
                organisation=bodies[i % len(bodies)],
                owner_id=owners[bodies[i % len(bodies)].pk],
                start=today - dt.timedelta(days=300),
                planned_end=today + dt.timedelta(days=100 + i % 200),
                budget=1_000_000 + i,
                currency="KZT" if i % 3 else "USD",
                state="active" if i % 10 else "draft",
            )
            for i in range(projects)
        ]
        Project.objects.bulk_create(rows, batch_size=2000)
        made = list(Project.objects.filter(name__startswith="Bench ").order_by("pk"))
        Member.objects.bulk_create(
            [Member(project=p, employee_id=p.owner_id, role="owner") for p in made],
            batch_size=5000,
        )
        milestones = []
        for n, p in enumerate(made):
            for k in range(per_project):
                due = p.start + dt.timedelta(days=30 * (k + 1))
                closed = (
                    due + dt.timedelta(days=(n + k) % 7) if due < today and (n + k) % 9 else None
                )
                milestones.append(
                    Milestone(
                        project=p,
                        name=f"M{k}",
                        due=due,
                        closed_on=closed,
                        evidence_kind="link" if closed else "",
                        evidence_link="https://example.org/a" if closed else "",
                    )
                )
        Milestone.objects.bulk_create(milestones, batch_size=5000)
        units = {}
        for body in bodies:
            units[body.pk] = Assignment.objects.create(
                definition=definition,
                period=period,
                organisation=body,
                threshold=Decimal(50),
                target=Decimal(75),
                stretch=Decimal(90),
                weight=Decimal(100),
            )
            Actual.objects.create(
                assignment=units[body.pk], value=Decimal(60 + body.pk % 30), origin="imported"
            )
        OutcomeKpi.objects.bulk_create(
            [
                OutcomeKpi(project=p, definition=definition, period=period, target=Decimal(75))
                for p in made[::4]
            ]
        )
    print(f"set up {len(made):,} projects, {len(milestones):,} milestones", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=2_000)
    parser.add_argument("--milestones", type=int, default=10, help="per project")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup(args.people)
    from django.db import connection
    from django.test import Client

    from cadre.accounts.models import User
    from cadre.projects.models import Milestone, Project

    prepare(args.projects, args.milestones)
    print(
        f"{Project.objects.count():,} projects, {Milestone.objects.count():,} milestones",
        flush=True,
    )
    timings = []
    for i in range(args.runs + 2):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT state, COUNT(*) FROM projects_project GROUP BY state")
            cursor.fetchall()
        if i >= 2:
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    base = timings[max(0, int(len(timings) * 0.95) - 1)]
    p50 = statistics.median(timings)
    print(f"baseline: bare SQL count by state, p50 {p50:.1f} ms, p95 {base:.1f} ms")
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    pages = [
        ("admin", "national portfolio page", "/projects/portfolio/"),
        ("admin", "portfolio API", "/api/v1/project-portfolio/"),
        ("admin", "project list, page 1", "/projects/"),
        ("admin", "project list, late only", "/projects/?status=late"),
    ]
    measure_pages({"admin": client}, pages, runs=args.runs, target_ms=300)
    started = time.perf_counter()
    for _ in range(5):
        client.get("/projects/portfolio/")
    mean = (time.perf_counter() - started) * 1000 / 5
    print(f"portfolio page mean {mean:.0f} ms = {mean / max(base, 0.001):.0f} × the bare SQL count")


if __name__ == "__main__":
    main()
