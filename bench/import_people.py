"""Import of people from CSV against a raw PostgreSQL COPY of the same file.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench \\
        .venv/bin/python bench/import_people.py --rows 10000

Writes N people rows for the synthetic country's units and posts, imports them with Cadre's
import (mode "all": validate everything, then write through the services, audited), then
COPYs the same file into an equivalent table (same columns, unique identifier index), and
prints both times, the ratio and the peak memory. Everything is rolled back afterwards.
The target of the registry issue is a ratio of at most 2.5 at 1,000,000 rows.
"""

from __future__ import annotations

import argparse
import csv
import resource
import time
from pathlib import Path

from _setup import ROOT, setup

COLUMNS = [
    "personal_id",
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "gender",
    "email",
    "phone",
    "organisation_code",
    "post_code",
    "post_start",
    "education_level",
    "specialty_code",
    "institution",
    "graduation_year",
]


class Rollback(Exception):
    pass


def write_file(path: Path, rows: int) -> None:
    from cadre.orgs.models import Post

    posts = list(
        Post.objects.filter(code__startswith="SYN-")
        .select_related("organisation")
        .values_list("code", "organisation__code")[:2000]
    )
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for i in range(rows):
            post, unit = posts[i % len(posts)]
            out.writerow(
                [
                    f"BENCH{i:09d}",
                    f"Surname{i % 997}",
                    "Aliya",
                    "",
                    "1988-03-04",
                    "F",
                    "",
                    "",
                    unit,
                    post,
                    "2024-01-15",
                    "bachelor",
                    "6B061" if i % 2 else "6B042",
                    "",
                    "2010",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=100_000, help="size of the country")
    parser.add_argument("--verbose", action="store_true", help="print the import's phases")
    args = parser.parse_args()
    if args.verbose:
        import logging

        logging.basicConfig(level=logging.INFO, format="  %(message)s")
    setup(args.people)

    from django.db import connection, transaction

    from cadre.accounts.models import User
    from cadre.core.imports.runs import import_run

    path = ROOT / "var" / "bench" / f"people-{args.rows}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, args.rows)
    admin = User.objects.get(username="admin")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with transaction.atomic():
            started = time.perf_counter()
            report = import_run(actor=admin, kind="people", path=path, name=path.name, mode="all")
            with connection.cursor() as cursor:  # what COMMIT would do: the deferred FK checks
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cadre_s = time.perf_counter() - started
            assert report.written and report.created == args.rows, report.as_dict()
            raise Rollback
    except Rollback:
        pass
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bench_people (personal_id varchar(32) NOT NULL UNIQUE, "
                "last_name varchar(100), first_name varchar(100), middle_name varchar(100), "
                "birth_date date, gender varchar(1), email varchar(254), phone varchar(32), "
                "organisation_code varchar(64), post_code varchar(64), post_start date, "
                "education_level varchar(20), specialty_code varchar(20), institution "
                "varchar(255), graduation_year smallint)"
            )
            started = time.perf_counter()
            with (
                path.open("rb") as fh,
                cursor.copy("COPY bench_people FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            ):
                while data := fh.read(1 << 20):
                    copy.write(data)
            copy_s = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    same_s = copy_into_cadre_tables(path, admin.pk)
    print(f"rows                 {args.rows:>10,}")
    print(f"Cadre import         {cadre_s:10.2f} s  ({args.rows / cadre_s:,.0f} rows/s)")
    print(f"raw COPY             {copy_s:10.2f} s  ({args.rows / copy_s:,.0f} rows/s)")
    print(f"ratio import / COPY  {cadre_s / copy_s:10.1f}   (target at 1,000,000 rows: <= 2.5)")
    print(
        f"raw COPY into Cadre's own tables {same_s:.2f} s (no checks; indexes and foreign keys "
        f"as in Cadre): import / that = {cadre_s / same_s:.1f}"
    )
    print(
        f"peak memory          {peak_mb:10.0f} MiB (process; was {rss_before / 1024:.0f} MiB "
        "before the import; target < 1024)"
    )


def copy_into_cadre_tables(path: Path, actor_id: int) -> float:
    """The floor for any import into this schema: the same rows, already resolved to ids
    (untimed), COPYed straight into people_employee, people_assignment and people_education
    with their indexes and foreign keys, and the deferred checks fired; rolled back."""
    import io

    from django.db import connection, transaction

    from cadre.orgs.models import Organisation, Post
    from cadre.people.models import Specialty

    orgs = dict(Organisation.objects.values_list("code", "pk"))
    posts = dict(Post.objects.values_list("code", "pk"))
    specs = dict(Specialty.objects.values_list("code", "pk"))
    levels = {"secondary": 1, "college": 2, "bachelor": 3, "master": 4, "doctorate": 5}
    people, assignments, education = io.StringIO(), io.StringIO(), io.StringIO()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT nextval('people_employee_id_seq')")
        next_id = cursor.fetchone()[0] + 1
        with path.open(encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            for i, row in enumerate(reader):
                pk = next_id + i
                people.write(
                    f"{pk}\tnow\tnow\t{actor_id}\t{actor_id}\tt\t{row['personal_id']}\t"
                    f"{row['last_name']}\t{row['first_name']}\t{row['middle_name']}\t"
                    f"{row['birth_date']}\t{row['gender']}\t{row['email']}\t{row['phone']}\t"
                    f"{orgs[row['organisation_code']]}\n"
                )
                assignments.write(f"{pk}\t{posts[row['post_code']]}\tmain\t{row['post_start']}\n")
                education.write(
                    f"{pk}\t{levels[row['education_level']]}\t{specs[row['specialty_code']]}\t"
                    f"{row['institution']}\t{row['graduation_year']}\n"
                )
        started = time.perf_counter()
        for table, columns, data in (
            (
                "people_employee",
                "id, created_at, updated_at, created_by_id, updated_by_id, is_active, "
                "personal_id, last_name, first_name, middle_name, birth_date, gender, email, "
                "phone, organisation_id",
                people,
            ),
            ("people_assignment", "employee_id, post_id, kind, start_date", assignments),
            ("people_education", "employee_id, level, specialty_id, institution, year", education),
        ):
            data.seek(0)
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                while chunk := data.read(1 << 20):
                    copy.write(chunk)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        took = time.perf_counter() - started
        transaction.set_rollback(True)
    return took


if __name__ == "__main__":
    main()
