"""Every import kind, row by row, at 10,000 rows, beside the set-based people import.

    .venv/bin/python bench/import_rows.py                      # SQLite (var/bench/import.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_import \\
        .venv/bin/python bench/import_rows.py --rows 10000

For each kind (organisations, posts, people) it writes a file of new records under a body of
its own, imports it with ``import_run`` (mode "all": check every row, then write, audited)
on the row-by-row path, and prints the rows per second of the whole import and of its
writing phase, and the writing rate in the first and the last fifth of the file (a ratio
near 1 means no per-row cost grows with the file). On PostgreSQL the people file is also
imported set-based (decision 0008), and the ratio of the two is printed. Every import is
rolled back afterwards, so the database can be reused. The target of the defects issue:
at least 500 rows/s for every kind on both databases at 10,000 rows, with a steady rate.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault(
    "DATABASE_URL",
    f"sqlite:///{Path(__file__).resolve().parent.parent / 'var' / 'bench' / 'import.sqlite3'}",
)
from _setup import ROOT  # sets the environment Django reads

del ROOT


class Rollback(Exception):
    pass


def world() -> object:
    """A national administrator, a body with a unit and a post (kept between runs)."""
    from django.core.management import call_command

    from cadre.accounts.models import User
    from cadre.accounts.services import national_admin_bootstrap
    from cadre.orgs.models import Organisation, Post
    from cadre.orgs.services import organisation_create, post_create

    call_command("migrate", "--no-input", verbosity=0)
    admin = User.objects.filter(username="bench-import").first() or national_admin_bootstrap(
        username="bench-import", password="Quartz-lantern-1907"
    )
    body = Organisation.objects.filter(code="BENCH-IMP").first() or organisation_create(
        actor=admin, name="Bench body", code="BENCH-IMP", kind="central_body"
    )
    unit = Organisation.objects.filter(code="BENCH-IMP-U").first() or organisation_create(
        actor=admin, name="Bench unit", code="BENCH-IMP-U", kind="unit", parent=body
    )
    if not Post.objects.filter(code="BENCH-IMP-P").exists():
        post_create(
            actor=admin,
            organisation=unit,
            code="BENCH-IMP-P",
            title="Analyst",
            salary_min=Decimal(1),
            salary_max=Decimal(2),
            currency="KZT",
            positions=10**4,
        )
    return admin


def make_file(kind: str, rows: int, folder: Path) -> Path:
    path = folder / f"{kind}.csv"
    lines: list[str]
    if kind == "organisations":
        lines = ["code,name,kind,parent_code,level,is_it_unit"]
        for i in range(rows):
            parent = "BENCH-IMP" if i < 100 else f"BO{i // 100 - 1:06d}"
            lines.append(f"BO{i:06d},Unit {i},unit,{parent},,{'yes' if i % 7 == 0 else 'no'}")
    elif kind == "posts":
        lines = ["code,unit_code,title,category,salary_min,salary_max,currency,positions"]
        lines += [
            f"BP{i:06d},BENCH-IMP-U,Expert {i},C-4,{100000 + i},{150000 + i},KZT,{1 + i % 3}"
            for i in range(rows)
        ]
    else:
        lines = [
            "personal_id,last_name,first_name,birth_date,gender,organisation_code,post_code,"
            "post_start,education_level,specialty_code"
        ]
        for i in range(rows):
            post = "BENCH-IMP-P,2024-01-15" if i % 2 == 0 else ","
            lines.append(
                f"BI{i:08d},Family{i},Name{i},1985-03-{1 + i % 28:02d},F,BENCH-IMP-U,{post},,"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(admin: object, kind: str, path: Path) -> dict[str, float]:
    from django.db import transaction

    from cadre.core.imports.runs import import_run

    marks: list[tuple[float, int, str]] = []

    def progress(done: int, total: int, message: str = "") -> None:
        marks.append((time.perf_counter(), done, message))

    started = time.perf_counter()
    try:
        with transaction.atomic():
            report = import_run(
                actor=admin, kind=kind, path=path, name=path.name, mode="all", progress=progress
            )
            took = time.perf_counter() - started
            if report.error_count or not report.written:
                sys.exit(f"{kind}: the import failed: {report.as_dict()['errors'][:3]}")
            raise Rollback
    except Rollback:
        pass
    writing = [(t, d) for t, d, m in marks if m == "Writing"]
    out = {"rows": report.rows, "took": took, "rate": report.rows / took}
    if len(writing) >= 3:
        (t0, d0), (t1, d1) = writing[0], writing[-1]
        out["write_rate"] = (d1 - d0) / (t1 - t0)
        fifth = max(1, (len(writing) - 1) // 5)
        first = (writing[fifth][1] - d0) / (writing[fifth][0] - t0)
        last = (d1 - writing[-1 - fifth][1]) / (t1 - writing[-1 - fifth][0])
        out["first_fifth"], out["last_fifth"] = first, last
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--kinds", default="organisations,posts,people")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import translation

    translation.activate("en")
    admin = world()
    vendor = connection.vendor
    print(f"database: {vendor}; {args.rows:,} new rows a file; mode 'all'")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds.split(","):
            path = make_file(kind, args.rows, Path(tmp))
            settings.CADRE_IMPORT_BULK_ROWS = 10**9  # the row-by-row path
            r = run(admin, kind, path)
            line = (
                f"{kind:14} row by row: {r['took']:6.2f} s, {r['rate']:7.0f} rows/s "
                f"(writing {r.get('write_rate', 0):7.0f} rows/s; first fifth "
                f"{r.get('first_fifth', 0):7.0f}, last fifth {r.get('last_fifth', 0):7.0f}, "
                f"last/first {r.get('last_fifth', 0) / max(r.get('first_fifth', 1), 1):.2f})"
            )
            print(line, flush=True)
            if kind == "people" and vendor == "postgresql":
                settings.CADRE_IMPORT_BULK_ROWS = 0  # the set-based path
                b = run(admin, kind, path)
                print(
                    f"{kind:14} set-based:  {b['took']:6.2f} s, {b['rate']:7.0f} rows/s; "
                    f"row by row / set-based time: {r['took'] / b['took']:.2f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
