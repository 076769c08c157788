"""``cadre backup`` and ``cadre restore-drill`` on a synthetic country, beside bare pg_dump.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_backup \\
        .venv/bin/python bench/backup_restore.py --people 1000000

Set-up (once per database, not measured): the synthetic country of ``--people`` people
(``cadre.demo.scale``, as every bench builds it).

Measured, each once, on PostgreSQL:
- baseline: a bare ``pg_dump -Fc`` of the same database to a file, and a bare
  ``createdb`` + ``pg_restore -j`` of that file into a fresh database;
- ``backup_create``: ``pg_dump -Fc`` in an exported snapshot with the manifest computed
  in the same snapshot (counts of every table, checksums of the key tables);
- ``restore_drill``: createdb + ``pg_restore -j``, ``cadre audit-verify`` on the restored
  database, and the counts and checksums compared with the manifest.
Prints the times, the file sizes and the ratios to the baseline.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from _setup import setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2, help="pg_restore --jobs")
    parser.add_argument("--dir", default=None, help="where the files go (default: a temp dir)")
    args = parser.parse_args()
    setup(args.people)

    from django.db import connection

    from cadre.core.backup import Database, backup_create, restore_drill

    if connection.vendor != "postgresql":
        raise SystemExit("bench/backup_restore.py measures PostgreSQL: set DATABASE_URL")
    db = Database.from_settings()
    env = db.pg_env()
    with connection.cursor() as cur:
        cur.execute("SELECT pg_database_size(current_database())")
        db_size = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM people_employee")
        people = cur.fetchone()[0]
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="cadre-bench-backup-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"{people:,} people; database {db_size / 2**20:,.0f} MiB; files in {workdir}")

    bare = workdir / "bare.dump"
    bare.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(bare)], env=env, check=True)
    bare_dump = time.perf_counter() - started
    print(
        f"bare pg_dump -Fc: {bare_dump:.1f} s, {bare.stat().st_size / 2**20:,.0f} MiB", flush=True
    )

    scratch = f"{db.name[:30]}_bare_restore"
    subprocess.run(["dropdb", "--if-exists", scratch], env=env, check=True)
    started = time.perf_counter()
    subprocess.run(["createdb", scratch], env=env, check=True)
    subprocess.run(
        ["pg_restore", f"--jobs={args.jobs}", "--no-owner", "-d", scratch, str(bare)],
        env=env,
        check=True,
    )
    bare_restore = time.perf_counter() - started
    subprocess.run(["dropdb", scratch], env=env, check=True)
    print(f"bare createdb + pg_restore -j{args.jobs}: {bare_restore:.1f} s", flush=True)

    path = workdir / "cadre.dump"
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".manifest.json").unlink(missing_ok=True)
    result = backup_create(output=path)
    print(
        f"cadre backup: {result.seconds:.1f} s, {result.size / 2**20:,.0f} MiB, "
        f"{result.tables} tables, {result.rows:,} rows",
        flush=True,
    )

    os.environ.setdefault("CADRE_TASKS", "eager")
    started = time.perf_counter()
    report = restore_drill(path, jobs=args.jobs)
    drill = time.perf_counter() - started
    for line in report.lines():
        print(line)
    print()
    print(f"{'step':<44} {'seconds':>9} {'baseline':>9} {'ratio':>6}")
    rows = [
        ("backup (pg_dump in a snapshot + manifest)", result.seconds, bare_dump),
        ("restore drill (all)", drill, bare_restore),
        ("  of it: createdb + pg_restore", report.restore_seconds, bare_restore),
        ("  of it: cadre audit-verify", report.verify_seconds, None),
        ("  of it: counts and checksums", report.compare_seconds, None),
    ]
    for label, seconds, baseline in rows:
        ratio = f"{seconds / baseline:6.2f}" if baseline else "     -"
        base = f"{baseline:9.1f}" if baseline else "        -"
        print(f"{label:<44} {seconds:9.1f} {base} {ratio}")
    print(
        f"file: {result.size / 2**20:,.0f} MiB (bare {bare.stat().st_size / 2**20:,.0f} MiB); "
        f"drill {'PASSED' if report.ok else 'FAILED'}"
    )
    if not report.ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
