"""Where a rating's WAL goes: pgbench calls ``cadre_rating_submit`` on fresh tokens right
after a checkpoint, then the WAL of the run is read back with ``pg_walinspect`` and summed
per relation (bytes a call, and how much of it whole-page images).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_1m \\
        .venv/bin/python bench/rating_wal.py --seconds 20

Run it on the database of ``rating_scores.py`` or ``rating_submit.py`` (it adds 5,000
interactions a second of the run). Needs ``pgbench`` and the ``pg_walinspect`` extension
(PostgreSQL 15+, created here if missing; superuser). Also prints how many of the
interactions' updates were HOT: the ones that were not write an entry into each of the
table's indexes.
"""

from __future__ import annotations

import argparse
import collections
import re
import tempfile
import time
from pathlib import Path

from _setup import setup
from rating_submit import prepare_tokens, run_pgbench, submit_calls, submit_script


def updates() -> tuple[int, int]:
    """The interactions' updates and HOT updates counted so far (flushed first)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    with connection.cursor() as cursor:  # a statement later: the flush has happened
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
            "WHERE relname = 'ratings_interaction'"
        )
        upd, hot = cursor.fetchone()
    return int(upd), int(hot)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--people", type=int, default=1_000_000)
    args = parser.parse_args()
    setup(args.people)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect")
    tokens = prepare_tokens(5000 * args.seconds)
    # Settled, so ending with a checkpoint: the run starts where page images are the most.
    script = submit_script(tokens, Path(tempfile.mkdtemp(prefix="cadre-bench-")))
    before = updates()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (start,) = cursor.fetchone()
    tps, _p50, _p99 = run_pgbench(script, args.clients, args.seconds)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (end,) = cursor.fetchone()
        cursor.execute(
            "SELECT record_length, fpi_length, block_ref FROM pg_get_wal_records_info(%s, %s)",
            [start, end],
        )
        records = cursor.fetchall()
        cursor.execute("SELECT relfilenode, relname FROM pg_class WHERE relfilenode <> 0")
        names = dict(cursor.fetchall())
    calls = submit_calls(len(tokens))
    time.sleep(1)  # pgbench's backends report their counts as they exit, after pgbench
    after = updates()
    written: collections.Counter[str] = collections.Counter()
    images: collections.Counter[str] = collections.Counter()
    for length, image, block in records:
        # The first block a record changes names its relation ("rel tablespace/db/file").
        found = re.search(r"rel \d+/\d+/(\d+)", block or "")
        relation = names.get(int(found.group(1)), found.group(1)) if found else "(no relation)"
        written[relation] += length
        images[relation] += image
    total = sum(written.values())
    upd, hot = (a - b for a, b in zip(after, before, strict=True))
    print(f"pgbench calling cadre_rating_submit  {tps:,.0f} /s, {calls:,} calls")
    print(f"interactions' updates               {upd:,}, of which HOT {hot:,}")
    size = f"{total / 2**20:,.0f} MB, {total / calls:,.0f} B a call"
    print(f"WAL                                 {size}")
    print(f"{'relation':<52} {'B a call':>9} {'of it page images':>18}")
    for relation, size in written.most_common(12):
        print(f"{relation:<52} {size / calls:9,.0f} {images[relation] / calls:18,.0f}")


if __name__ == "__main__":
    main()
