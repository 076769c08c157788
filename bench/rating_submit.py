"""Citizen rating submission through the whole HTTP stack, against pgbench running the same
token-update-plus-insert transaction on the same PostgreSQL, 16 concurrent clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench \\
        .venv/bin/python bench/rating_submit.py --seconds 60

Needs ``wrk`` (``apt-get install wrk``) and ``pgbench``. Prepares fresh tokens (one citizen
each, so no cap refuses them), starts granian (2 workers × 4 threads, ``cadre serve``'s
server) on the database, drives ``POST /api/v1/ratings/`` with wrk, then runs pgbench with
``UPDATE … SET used_at`` + ``INSERT`` on tables of the same shape. The issue's target:
Cadre ≥ 0.25 × pgbench, p99 ≤ 25 ms. All load comes from one address, so the per-network
limit is lifted for the run (the burst check still runs and holds ratings; it is measured).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from _setup import ROOT, setup

LUA = r"""
local tokens = {}
local counter = 0
local step, offset = 1, 0
local threads = {}
function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end
function init(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  offset = tonumber(wrk.thread:get("offset")) or 0
  step = tonumber(args[2])
end
function request()
  local i = counter * step + offset + 1
  counter = counter + 1
  local body = '{"token": "' .. tokens[((i - 1) % #tokens) + 1] .. '", "overall": 4}'
  return wrk.format("POST", "/api/v1/ratings/", {["Content-Type"] = "application/json"}, body)
end
done_errors = 0
function response(status, headers, body)
  if status ~= 201 then done_errors = done_errors + 1 end
end
"""

PGBENCH = """\\set id random(1, {n})
BEGIN;
UPDATE bench_token SET used_at = now() WHERE id = :id;
INSERT INTO bench_rating (token_id, overall, submitted_at) VALUES (:id, 4, now());
END;
"""


def prepare_tokens(count: int) -> list[str]:
    from django.db import transaction
    from django.utils import timezone

    from cadre.accounts.models import User
    from cadre.core.fields import subtree_q
    from cadre.people.models import Employee
    from cadre.ratings import keys
    from cadre.ratings.models import Interaction, ServicePoint, ServiceType

    desk = User.objects.get(username="desk")
    point = ServicePoint.objects.filter(code__startswith="KZ-R04-AK-CON").first()
    assert point is not None, "the demo's service points are missing"
    staff = list(
        Employee.objects.filter(subtree_q("organisation__path", point.organisation.path))[:12]
    )
    kind = ServiceType.objects.get(code="certificates")
    run = int(time.time())
    now = timezone.now()
    tokens, rows = [], []
    for i in range(count):
        external_id = f"BENCH-{run}-{i}"
        token = keys.token_for(desk.pk, external_id)
        tokens.append(token)
        rows.append(
            Interaction(
                issuer=desk,
                external_id=external_id,
                organisation=point.organisation,
                service_point=point,
                service_type=kind,
                outcome="granted",
                channel="in_person",
                occurred_at=now,
                expires_at=now + timezone.timedelta(days=1),
                token_hash=keys.token_hash(token),
                citizen_key=keys.citizen_key(f"BENCH{run}C{i}"),
            )
        )
    through = Interaction.employees.through
    with transaction.atomic():
        made = Interaction.objects.bulk_create(rows, batch_size=5000)
        through.objects.bulk_create(
            [
                through(interaction_id=m.pk, employee_id=staff[i % len(staff)].pk)
                for i, m in enumerate(made)
            ],
            batch_size=5000,
        )
    return tokens


def submit_script(tokens: list[str], work: Path) -> Path:
    """A pgbench script calling ``cadre_rating_submit`` as the fast path does, with the
    settings of the HTTP run, one of ``tokens`` per call (taken in turn from the table
    ``bench_submit`` by a sequence; ``submit_calls`` drops both). Settles the database
    before returning the script's path."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from cadre.ratings import keys
    from cadre.ratings.services import _periods

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_submit")
        cursor.execute("DROP SEQUENCE IF EXISTS bench_submit_seq")
        cursor.execute("CREATE SEQUENCE bench_submit_seq")
        cursor.execute("CREATE TABLE bench_submit (id int PRIMARY KEY, token_hash text NOT NULL)")
        cursor.execute(
            "INSERT INTO bench_submit SELECT i, h FROM unnest(%s::text[]) WITH ORDINALITY "
            "AS t(h, i)",
            [[keys.token_hash(t) for t in tokens]],
        )
    settle()
    now = timezone.now()
    today, quarter = _periods(now)
    due = timezone.localdate(now) + timezone.timedelta(days=settings.CADRE_RATING_ANSWER_DAYS)
    network = keys.network_key("127.0.0.1")
    script = work / "submit.sql"
    script.write_text(
        "SELECT outcome FROM cadre_rating_submit((SELECT token_hash FROM bench_submit "
        "WHERE id = (SELECT nextval('bench_submit_seq'))), 4, NULL, NULL, NULL, NULL, NULL, "
        f"'', '', '{network}', now(), '{today.isoformat()}', '{quarter.isoformat()}', 0, "
        f"{settings.CADRE_RATING_NETWORK_BURST}, {settings.CADRE_RATING_QUARTER_CAP}, "
        f"'{due.isoformat()}');\n"
    )
    return script


def submit_calls(tokens: int) -> int:
    """How many calls the script of ``submit_script`` made; drops its table and sequence.
    Stops the benchmark when they outnumbered the ``tokens``: the rest found none."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM bench_submit_seq")
        (calls,) = cursor.fetchone()
        cursor.execute("DROP TABLE bench_submit")
        cursor.execute("DROP SEQUENCE bench_submit_seq")
    if calls > tokens:
        raise SystemExit(f"pgbench ran out of tokens ({calls:,} calls, {tokens:,} tokens)")
    return int(calls)


def run_pgbench(script: Path, clients: int, seconds: int) -> tuple[float, float, float]:
    """pgbench running ``script`` on the benchmark's database: transactions a second and
    the p50 and p99 latency in ms, from its log of every transaction (beside the script)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    prefix = script.parent / f"pgbench-{script.stem}"
    run = subprocess.run(
        [
            "pgbench",
            "-n",
            "-l",
            f"--log-prefix={prefix}",
            f"-c{clients}",
            "-j2",
            f"-T{seconds}",
            "-f",
            str(script),
            "-h",
            db["HOST"] or "127.0.0.1",
            "-p",
            str(db["PORT"] or 5432),
            "-U",
            db["USER"],
            db["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    # One line per transaction: client, number, latency in µs, … (pgbench's -l).
    latencies = sorted(
        int(line.split()[2]) / 1000
        for log in script.parent.glob(f"{prefix.name}.*")
        for line in log.read_text().splitlines()
    )
    tps = float(re.search(r"tps = ([\d.]+)", run.stdout).group(1))  # type: ignore[union-attr]
    return tps, latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]


def settle() -> None:
    """Vacuum what preparing the tokens wrote and checkpoint, so that the run measures the
    ratings, not autovacuum and a checkpoint catching up with the preparation (a run that
    began right after 450,000 rows were written measured p99 1,220 ms)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) ratings_interaction, ratings_interaction_employees")
        cursor.execute("CHECKPOINT")


def wal_and_checkpoints() -> tuple[int, int]:
    """Bytes of WAL written so far and checkpoints begun so far (PostgreSQL 15–16). After
    each checkpoint the first change to every page writes the whole page to the WAL, and a
    rating's commit waits for its WAL to reach the disk."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, "
            "checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter"
        )
        wal, checkpoints = cursor.fetchone()
    return int(wal), int(checkpoints)


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310  (our own local server)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--tokens", type=int, default=300_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--django",
        action="store_true",
        help="send every rating through Django and DRF (CADRE_RATING_FAST_PATH=0)",
    )
    parser.add_argument(
        "--database-share",
        action="store_true",
        help="also run pgbench calling cadre_rating_submit itself, on fresh tokens: the "
        "database's part of a Cadre rating, without HTTP and Python",
    )
    parser.add_argument(
        "--layout",
        choices=["current", "plain", "partitioned", "both"],
        default="current",
        help="the rating table as a plain table (migrated back to before ratings/0025), "
        "partitioned by month (every ratings migration: 0025, and 0026 that prunes), or "
        "both, back to back on this database, --rounds "
        "times alternately; 'both' prints the ratio partitioned / plain (decision 0041)",
    )
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    setup(args.people)
    if args.layout == "current":
        report(measure(args), args)
        return
    layouts = ["plain", "partitioned"] if args.layout == "both" else [args.layout]
    results: dict[str, list[dict[str, Any]]] = {layout: [] for layout in layouts}
    for _round in range(args.rounds):
        for layout in layouts:
            migrate_to(layout)
            print(f"--- {layout} ---", flush=True)
            results[layout].append(measure(args))
            report(results[layout][-1], args)
    if args.layout == "both":
        print("\n=== plain table (before) vs partitioned by month (after), same machine ===")
        for layout in layouts:
            ratios = ", ".join(f"{r['ratio']:.3f}" for r in results[layout])
            rates = ", ".join(f"{r['rate']:,.0f}" for r in results[layout])
            p99 = ", ".join(f"{r['p99']:.1f}" for r in results[layout])
            print(f"{layout:<12} ratio Cadre/pgbench {ratios}   ratings/s {rates}   p99 ms {p99}")
        before = sum(r["ratio"] for r in results["plain"]) / len(results["plain"])
        after = sum(r["ratio"] for r in results["partitioned"]) / len(results["partitioned"])
        print(
            f"mean ratio before {before:.3f}, after {after:.3f}: after/before {after / before:.3f}"
        )


def migrate_to(layout: str) -> None:
    """The rating table as ``layout``: every ratings migration applied (partitioned by
    0025, read month by month by 0026) or back to the migration 0025 depends on (plain)."""
    from django.core.management import call_command
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    partition = loader.get_migration("ratings", "0025_partition_by_month")
    if layout == "partitioned":
        call_command("migrate", "ratings", verbosity=0)
    else:
        (parent,) = [name for app, name in partition.dependencies if app == "ratings"]
        call_command("migrate", "ratings", parent, verbosity=0)


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """One run: Cadre over HTTP, then pgbench's same transaction, on this database."""
    from django.db import connection

    started = time.perf_counter()
    tokens = prepare_tokens(args.tokens)
    print(f"prepared {len(tokens):,} tokens in {time.perf_counter() - started:.1f} s")
    settle()
    work = Path(tempfile.mkdtemp(prefix="cadre-bench-"))
    (work / "tokens.txt").write_text("\n".join(tokens))
    (work / "submit.lua").write_text(LUA)

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cadre.settings",
        "CADRE_DEBUG": "0",
        "CADRE_RATING_NETWORK_PER_MINUTE": str(10**9),
        "CADRE_RATING_MIN_SECONDS": "0",
        "CADRE_RATING_FAST_PATH": "0" if args.django else "1",
        "PYTHONPATH": str(ROOT / "src"),
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("granian")),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(args.port),
            "--workers",
            "2",
            "--blocking-threads",
            "4",
            "--no-ws",
            "--log-level",
            "warning",
            "cadre.wsgi:application",
        ],
        env=env,
    )
    try:
        wait_for(f"http://127.0.0.1:{args.port}/healthz")
        before = wal_and_checkpoints()
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.clients}",
                f"-d{args.seconds}s",
                "--latency",
                "-s",
                str(work / "submit.lua"),
                f"http://127.0.0.1:{args.port}/api/v1/ratings/",
                "--",
                str(work / "tokens.txt"),
                "2",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        after = wal_and_checkpoints()
    finally:
        server.terminate()
        server.wait(timeout=30)
    out = result.stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = int(non2xx.group(1)) if non2xx else 0
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)

    def ms(match: re.Match[str] | None) -> float:
        assert match is not None
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    cadre_rate = (total - failed) / args.seconds

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_rating, bench_token")
        cursor.execute(
            "CREATE TABLE bench_token (id serial PRIMARY KEY, token_hash char(64) "
            "UNIQUE NOT NULL, used_at timestamptz)"
        )
        cursor.execute(
            "CREATE TABLE bench_rating (id bigserial PRIMARY KEY, token_id int NOT "
            "NULL REFERENCES bench_token, overall smallint NOT NULL, submitted_at "
            "timestamptz NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO bench_token (token_hash) SELECT md5(i::text) || md5(i::text)"
            " FROM generate_series(1, %s) i",
            [args.tokens],
        )
    (work / "pgbench.sql").write_text(PGBENCH.format(n=args.tokens))

    tps, p50_pg, p99_pg = run_pgbench(work / "pgbench.sql", args.clients, args.seconds)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_rating, bench_token")
    wal_and_ckpt = tuple(a - b for a, b in zip(after, before, strict=True))
    share = None
    if args.database_share:
        # The database's part of Cadre's ratings: no HTTP or Python in front.
        tokens = prepare_tokens(args.tokens * 2)
        share = run_pgbench(submit_script(tokens, work), args.clients, args.seconds)
        submit_calls(len(tokens))
    return {
        "rate": cadre_rate,
        "total": total,
        "failed": failed,
        "p50": ms(p50),
        "p99": ms(p99),
        "wal": wal_and_ckpt[0],
        "checkpoints": wal_and_ckpt[1],
        "tps": tps,
        "p50_pg": p50_pg,
        "p99_pg": p99_pg,
        "ratio": cadre_rate / tps,
        **(
            {"share": share[0], "p50_share": share[1], "p99_share": share[2]}
            if share is not None
            else {}
        ),
    }


def report(r: dict[str, Any], args: argparse.Namespace) -> None:
    cadre_rate, total, failed, tps = r["rate"], r["total"], r["failed"], r["tps"]
    print(f"clients                {args.clients:>10}")
    print(f"path                   {'Django + DRF' if args.django else 'fast path':>10}")
    print(
        f"Cadre HTTP ratings     {cadre_rate:10,.0f} /s  ({total:,} requests, {failed:,} not 201)"
    )
    print(f"  latency p50 / p99    {r['p50']:10.1f} / {r['p99']:.1f} ms  (target p99 <= 25 ms)")
    wal, checkpoints = r["wal"], r["checkpoints"]
    per_rating = wal / max(total - failed, 1) / 1024
    print(
        f"  WAL written          {wal / 2**20:10,.0f} MB  ({per_rating:.1f} kB a rating), "
        f"{checkpoints} checkpoint(s) during the run"
    )
    print(
        f"pgbench same txn       {tps:10,.0f} /s  "
        f"(p50 / p99 {r['p50_pg']:.1f} / {r['p99_pg']:.1f} ms)"
    )
    print(f"ratio Cadre / pgbench  {cadre_rate / tps:10.3f}   (target >= 0.25)")
    if "share" in r:
        rate, p50_share, p99_share = r["share"], r["p50_share"], r["p99_share"]
        print(
            f"pgbench calling cadre_rating_submit {rate:,.0f} /s  (the database's part; "
            f"p50 / p99 {p50_share:.1f} / {p99_share:.1f} ms)"
        )
        print(f"  ratio to pgbench same txn         {rate / tps:.3f}")


if __name__ == "__main__":
    main()
