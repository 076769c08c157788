"""A headcount scenario over a 1,000,000-person country: rule-based and optimised (decision
0036), each beside a bare read of the same rows.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE cadre_bench_staffing"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_staffing \\
        .venv/bin/python bench/staffing_scenario.py --people 1000000

On the synthetic country of ``cadre demo --scale N`` (``_setup.py``) it adds, in bulk (this
is set-up, not the services): a staffing table in force for every body (one line per post:
its positions as staff units, a quarter of the lines with a half unit more, pay from the
post's band, a function per department, 2 % of the lines critical), two position
standards in force (the IT departments' posts need eight competencies of the starter
framework, the chief experts four) and the proficiencies of the people in IT departments
(two to four of those competencies, levels 1–4) and of 5 % of the others (one).

Then, for the whole country, a 25 % scenario by the rules and the same optimised (coverage
kept): each created through ``scenario_create`` (the copy of every line in force) and
computed through ``scenario_compute`` (read, cut, figures, the cut stored); prints the time
of each step, the figures of both side by side, and the ratio of each to a bare read of the
rows the computation needs (the subtree's main assignments and the proficiencies of its
people, fetched in two queries). Target (issue 22): ≤ 10 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadre_bench_staffing")
from _setup import setup

START = "2026-01-01"
BATCH = 5000


def build() -> None:
    """The tables, standards and proficiencies of the synthetic country (once)."""
    import datetime as dt
    import random
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from cadre.assessments.models import Proficiency
    from cadre.competencies.models import (
        Competency,
        PositionProfile,
        ProfilePost,
        ProfileVersion,
        Requirement,
    )
    from cadre.orgs.models import Organisation, Post
    from cadre.people.models import Assignment
    from cadre.staffing.models import StaffingLine, StaffingTable

    syn = Organisation.objects.get(code="SYN")
    if StaffingTable.objects.filter(organisation__path__startswith=syn.path).exists():
        return
    started = time.perf_counter()
    rng = random.Random(7)
    start = dt.date(2026, 1, 1)
    bodies = list(
        Organisation.objects.filter(
            path__startswith=syn.path, kind__in=("central_body", "local_body")
        ).values_list("pk", "path")
    )
    with transaction.atomic():
        tables = StaffingTable.objects.bulk_create(
            [
                StaffingTable(
                    organisation_id=pk,
                    number=1,
                    status="approved",
                    effective_from=start,
                    order_number=f"SYN-{pk}",
                    order_date=dt.date(2025, 12, 20),
                )
                for pk, _path in bodies
            ],
            batch_size=BATCH,
        )
    table_of = {t.organisation_id: t.pk for t in tables}
    body_of_path = {path: pk for pk, path in bodies}
    comps = list(
        Competency.objects.filter(framework__code="DG", is_category=False)
        .order_by("position", "code")
        .values_list("framework_id", "code", "pk")[:12]
    )
    it_codes, chief_codes = comps[:8], comps[8:12]
    lines: list[StaffingLine] = []
    it_posts: list[int] = []
    chief_posts: list[int] = []
    posts = Post.objects.filter(organisation__path__startswith=syn.path).values_list(
        "pk",
        "organisation__path",
        "organisation__is_it_unit",
        "organisation__code",
        "positions",
        "salary_min",
        "title",
    )
    for n, (pk, path, it, code, positions, salary, title) in enumerate(posts.iterator(BATCH)):
        body = body_of_path[path.rsplit("/", 2)[0] + "/"]
        units = Decimal(positions) + (Decimal("0.5") if n % 4 == 0 else 0)
        lines.append(
            StaffingLine(
                table_id=table_of[body],
                post_id=pk,
                units=units,
                grade=f"C-{n % 3 + 3}",
                salary=salary,
                supplements=(salary / 10).quantize(Decimal("0.01")),
                currency="KZT",
                is_critical=n % 50 == 0,
                functions=["digital"] if it else [f"function {int(code[-2:]) % 8}"],
            )
        )
        if it:
            it_posts.append(pk)
        elif title == "Chief expert":
            chief_posts.append(pk)
        if len(lines) == BATCH:
            StaffingLine.objects.bulk_create(lines)
            lines = []
    StaffingLine.objects.bulk_create(lines)
    admin_org = syn
    for code, needed, posts_of in (
        ("SYN-IT", it_codes, it_posts),
        ("SYN-CHIEF", chief_codes, chief_posts),
    ):
        profile = PositionProfile.objects.create(organisation=admin_org, code=code, title=code)
        version = ProfileVersion.objects.create(
            profile=profile,
            number=1,
            status="in_force",
            legal_document="Order 1",
            legal_date=dt.date(2025, 12, 1),
            effective_from=dt.date(2026, 1, 1),
        )
        Requirement.objects.bulk_create(
            Requirement(profile_version=version, competency_id=cpk, level=2 + i % 2)
            for i, (_fw, _code, cpk) in enumerate(needed)
        )
        ProfilePost.objects.bulk_create(
            (ProfilePost(profile=profile, post_id=p) for p in posts_of), batch_size=BATCH
        )
    now = timezone.now()
    it_set = set(it_posts)
    rows: list[Proficiency] = []
    people = Assignment.objects.filter(
        post__organisation__path__startswith=syn.path, kind="main", end_date__isnull=True
    ).values_list("employee_id", "post_id")
    for employee, post in people.iterator(BATCH):
        if post in it_set:
            chosen = rng.sample(it_codes, rng.randint(2, 4))
        elif rng.random() < 0.05:
            chosen = [rng.choice(chief_codes + it_codes)]
        else:
            continue
        rows.extend(
            Proficiency(
                employee_id=employee,
                framework_id=fw,
                code=code,
                level=rng.randint(1, 4),
                computed_at=now,
            )
            for fw, code, _pk in chosen
        )
        if len(rows) >= BATCH:
            Proficiency.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Proficiency.objects.bulk_create(rows, ignore_conflicts=True)
    print(
        f"staffing tables, standards and proficiencies built in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )


def bare_read(root_path: str) -> float:
    """The rows the computation reads, fetched in two plain queries (the baseline)."""
    from django.db import connection

    from cadre.core.fields import subtree_upper_bound

    upper = subtree_upper_bound(root_path)
    started = time.perf_counter()
    with connection.cursor() as c:
        c.execute(
            "SELECT a.post_id, a.employee_id FROM people_assignment a JOIN orgs_post p ON "
            "p.id = a.post_id JOIN orgs_organisation o ON o.id = p.organisation_id WHERE "
            "a.kind = 'main' AND a.end_date IS NULL AND o.path >= %s AND o.path < %s",
            [root_path, upper],
        )
        c.fetchall()
        c.execute(
            "SELECT r.employee_id, r.framework_id, r.code, r.level FROM "
            "assessments_proficiency r JOIN people_assignment a ON a.employee_id = "
            "r.employee_id JOIN orgs_post p ON p.id = a.post_id JOIN orgs_organisation o ON "
            "o.id = p.organisation_id WHERE a.kind = 'main' AND a.end_date IS NULL AND "
            "o.path >= %s AND o.path < %s",
            [root_path, upper],
        )
        c.fetchall()
    return time.perf_counter() - started


def run(mode: str, root: object, actor: object, percent: int) -> tuple[dict, float, float]:
    from django.db import transaction

    from cadre.staffing.services.scenarios import scenario_compute, scenario_create

    steps: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(done: int, total: int, step: str) -> None:
        now = time.perf_counter()
        steps[step] = now
        last[0] = now

    t0 = time.perf_counter()
    with transaction.atomic():
        scenario = scenario_create(
            actor=actor,
            organisation=root,
            title=f"{percent} % {mode}",
            mode=mode,
            cut_percent=percent,
            keep_coverage=True,
        )
    t1 = time.perf_counter()
    scenario = scenario_compute(actor=actor, scenario=scenario, progress=progress)
    t2 = time.perf_counter()
    r = scenario.results
    print(
        f"{mode:<9} copy {t1 - t0:6.2f} s | read {steps['cut'] - steps['load']:6.2f} s | "
        f"cut {steps['figures'] - steps['cut']:6.2f} s (solver {r['seconds']:.2f} s) | "
        f"figures + store {t2 - steps['figures']:6.2f} s | total {t2 - t0:6.2f} s",
        flush=True,
    )
    return r, t2 - t0, t2 - t1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--percent", type=int, default=25)
    args = parser.parse_args()
    setup(args.people)
    build()
    from cadre.accounts.models import User
    from cadre.orgs.models import Organisation
    from cadre.staffing.models import ScenarioLine, StaffingLine

    root = Organisation.objects.get(code="SYN")
    actor = User.objects.get(username="admin")
    lines = StaffingLine.objects.filter(table__organisation__path__startswith=root.path).count()
    print(f"{root.name}: {lines:,} staffing lines in force", flush=True)
    base = min(bare_read(root.path) for _ in range(2))
    print(f"bare read of the assignments and proficiencies: {base:.2f} s", flush=True)
    results = {}
    for mode in ("rules", "optimise"):
        r, total, compute = run(mode, root, actor, args.percent)
        results[mode] = r
        print(
            f"{mode:<9} ratio total / bare read {total / base:5.1f}; compute / bare read "
            f"{compute / base:5.1f}; target ≤ 10 s: {'yes' if total <= 10 else 'NO'}",
            flush=True,
        )
    print(f"\n{'':<34}{'rules':>16}{'optimised':>16}")
    for label, key in (
        ("units saved", "units_saved"),
        ("percent saved", "percent_saved"),
        ("people affected", "people_affected"),
        ("required competencies below min", "below_minimum"),
        ("lost by the cut", "lost"),
        ("held by one person only", "single_holder"),
        ("functions with no holder", "functions_unheld"),
    ):
        a, b = results["rules"][key], results["optimise"][key]
        a = len(a) if isinstance(a, list) else a
        b = len(b) if isinstance(b, list) else b
        print(f"{label:<34}{a!s:>16}{b!s:>16}")
    for mode in ("rules", "optimise"):
        pay = results[mode]["payroll_saved"]
        training = results[mode]["training"]
        print(f"{mode}: payroll saved a month {pay}; training {training}")
    ScenarioLine.objects.filter(scenario__organisation=root).delete()


if __name__ == "__main__":
    main()
