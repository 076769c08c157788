"""The gap matrix at national scale: 1,000,000 people × 30 required competencies.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_gaps \\
        .venv/bin/python bench/competency_gaps.py --people 1000000

Set-up (once per database, not measured): the synthetic country of ``--people`` people
(``cadre.demo.scale``), a 30-competency framework ``BENCH``, three national standards that
each require all 30 (at different levels) attached to every post of the country, and the
current levels of about 70% of the person–competency pairs (generated in SQL).

Measured:

- ``gaps_recompute`` — the whole batch: the grouped join per slice of employees, the roll-up
  to every ancestor, the cells replaced with ``COPY`` — beside the least any recompute must
  do: one bare ``GROUP BY`` of the same join per organisation in PostgreSQL, nothing
  written; the ratio is printed (target: minutes, not hours);
- the heat map (national, a region, a body) and a drill-down from a cell to its people,
  p50/p95 of 20 requests through the whole Django stack in-process (target: < 1 s for the
  heat map, read from the cells).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from _setup import measure_pages, setup

COMPETENCIES = 30


def bench_framework() -> dict:
    return {
        "format": "cadre.framework/1",
        "code": "BENCH",
        "name": {"en": "Benchmark framework"},
        "levels": [{"rank": r, "code": f"l{r}", "name": {"en": f"Level {r}"}} for r in range(1, 5)],
        "competencies": [
            {"code": "ROOT", "parent": None, "category": True, "name": {"en": "All"}},
            *(
                {"code": f"C{i:02d}", "parent": "ROOT", "name": {"en": f"Competency {i}"}}
                for i in range(1, COMPETENCIES + 1)
            ),
        ],
    }


def prepare() -> None:
    """The framework, the standards on every post of SYN, and the people's levels."""
    import datetime as dt

    from django.db import connection

    from cadre.accounts.models import User
    from cadre.competencies import frameworks, services
    from cadre.competencies.models import PositionProfile
    from cadre.orgs.models import Organisation

    if PositionProfile.objects.filter(code="SYN-STD-0").exists():
        return
    started = time.perf_counter()
    admin = User.objects.get(username="admin")
    syn = Organisation.objects.get(code="SYN")
    services.framework_import(
        actor=admin, data=frameworks.parse_json(bench_framework()), publish=True
    )
    profiles = []
    for k in range(3):
        profile = services.profile_create(
            actor=admin, organisation=syn, code=f"SYN-STD-{k}", title=f"Synthetic standard {k}"
        )
        services.profile_version_create(
            actor=admin,
            profile=profile,
            legal_document="Bench",
            legal_date=dt.date(2026, 1, 1),
            requirements=[
                {"competency": f"BENCH:C{i:02d}", "level": 1 + (i + k) % 4, "weight": 1 + i % 3}
                for i in range(1, COMPETENCIES + 1)
            ],
            in_force=True,
        )
        profiles.append(profile.pk)
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO competencies_profilepost (profile_id, post_id) "
            "SELECT (%s::bigint[])[1 + p.id %% 3], p.id FROM orgs_post p "
            "JOIN orgs_organisation o ON o.id = p.organisation_id "
            "WHERE o.path >= %s AND o.path < %s",
            [profiles, syn.path, syn.path[:-1] + "0"],
        )
        print(f"standards attached to {cur.rowcount:,} posts", flush=True)
        cur.execute("SELECT id FROM competencies_framework WHERE code = 'BENCH'")
        (framework,) = cur.fetchone()
        cur.execute(
            "INSERT INTO assessments_proficiency "
            "(employee_id, framework_id, code, level, basis, computed_at) "
            "SELECT e.id, %s, 'C' || lpad(c::text, 2, '0'), 1 + (e.id * 7 + c * 13) %% 4, "
            "'{}'::jsonb, now() "
            "FROM people_employee e JOIN orgs_organisation o ON o.id = e.organisation_id "
            "CROSS JOIN generate_series(1, %s) AS c "
            "WHERE o.path >= %s AND o.path < %s AND (e.id * 31 + c * 17) %% 10 < 7",
            [framework, COMPETENCIES, syn.path, syn.path[:-1] + "0"],
        )
        print(f"levels of {cur.rowcount:,} person–competency pairs", flush=True)
        cur.execute("ANALYZE")
    print(f"set-up in {time.perf_counter() - started:.0f} s", flush=True)


BARE = """
SELECT e.organisation_id, c.framework_id, c.code, COUNT(*),
       SUM(CASE WHEN COALESCE(p.level, 0) < r.level THEN 1 ELSE 0 END)
FROM people_employee e
JOIN people_assignment a ON a.employee_id = e.id AND a.kind = 'main' AND a.end_date IS NULL
JOIN competencies_profilepost pp ON pp.post_id = a.post_id
JOIN competencies_profileversion pv ON pv.profile_id = pp.profile_id AND pv.status = 'in_force'
JOIN competencies_requirement r ON r.profile_version_id = pv.id
JOIN competencies_competency c ON c.id = r.competency_id
LEFT JOIN assessments_proficiency p
  ON p.employee_id = e.id AND p.framework_id = c.framework_id AND p.code = c.code
WHERE e.is_active
GROUP BY e.organisation_id, c.framework_id, c.code
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pages-only", action="store_true", help="skip the batch timings")
    args = parser.parse_args()
    setup(args.people)
    prepare()

    from django.db import connection

    from cadre.assessments.gaps import gaps_recompute

    if not args.pages_only:
        batch(connection, gaps_recompute)
    pages(args)


def batch(connection: Any, gaps_recompute: Any) -> None:
    with connection.cursor() as cur:
        cur.execute("SET work_mem = '256MB'")
        started = time.perf_counter()
        cur.execute(f"SELECT count(*) FROM ({BARE}) AS g")
        (groups,) = cur.fetchone()
        bare = time.perf_counter() - started
        cur.execute("RESET work_mem")
    print(f"bare GROUP BY in PostgreSQL: {groups:,} groups in {bare:.1f} s", flush=True)
    started = time.perf_counter()
    result = gaps_recompute()
    batch = time.perf_counter() - started
    print(
        f"gaps_recompute: {result['requirements']:,} person-requirements, "
        f"{result['cells']:,} cells in {batch:.1f} s "
        f"({batch / 60:.1f} min; {batch / bare:.2f}× the bare GROUP BY)",
        flush=True,
    )


def pages(args: Any) -> None:
    from django.test import Client

    from cadre.accounts.models import User
    from cadre.competencies.models import Framework
    from cadre.orgs.models import Organisation

    syn = Organisation.objects.get(code="SYN")
    region = Organisation.objects.filter(parent=syn).order_by("pk").first()
    body = Organisation.objects.filter(parent=region).order_by("pk").first()
    framework = Framework.objects.get(code="BENCH").pk
    clients = {}
    for name in ("admin",):
        client = Client()
        client.force_login(User.objects.get(username=name))
        clients[name] = client
    pages = [
        ("admin", "heat map, nation", f"/assessments/gaps/?framework={framework}"),
        (
            "admin",
            "heat map, SYN's regions",
            f"/assessments/gaps/?within={syn.pk}&framework={framework}",
        ),
        (
            "admin",
            "heat map, a region's bodies",
            f"/assessments/gaps/?within={region.pk}&framework={framework}",
        ),
        (
            "admin",
            "drill-down, a body × C07",
            f"/assessments/gaps/people/?within={body.pk}&framework={framework}&code=C07",
        ),
        (
            "admin",
            "drill-down, a region × C07",
            f"/assessments/gaps/people/?within={region.pk}&framework={framework}&code=C07",
        ),
    ]
    measure_pages(clients, pages, args.runs, target_ms=1000)


if __name__ == "__main__":
    main()
