"""PostgreSQL 15 (a primary and its streaming replica) and PgBouncer in front of the primary
(transaction pooling): their configuration, start and stop."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from cadre.core.cluster.layout import DB_NAME, PG_BIN, Layout, say
from cadre.core.cluster.proc import _as_postgres, _chown_postgres, _port_open, _run, _wait_port


def _pg_conf(lay: Layout, data: Path, port: int) -> None:
    conf = data / "postgresql.auto.conf"
    lines = [
        f"port = {port}",
        "listen_addresses = '127.0.0.1'",
        f"unix_socket_directories = '{lay.path('run')}'",
        "timezone = 'UTC'",  # Django then sends no SET TIME ZONE (a session setting)
        "wal_level = replica",
        "max_wal_senders = 5",
        "hot_standby = on",
        "max_connections = 200",
        "shared_buffers = '128MB'",
        "wal_compression = on",
        "checkpoint_timeout = '15min'",
        "max_wal_size = '2GB'",
        "hot_standby_feedback = on",
        "log_min_messages = warning",
    ]
    existing = conf.read_text() if conf.exists() else ""
    conf.write_text(existing + "\n".join(lines) + "\n")
    _chown_postgres(conf)


def primary_up(lay: Layout) -> None:
    data = lay.path("pg", "primary")
    if not (data / "PG_VERSION").exists():
        say("initdb of the primary")
        data.mkdir(parents=True, exist_ok=True)
        _chown_postgres(data)
        _run(
            [
                *_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres"]),
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],
            stdout=subprocess.DEVNULL,
        )
        _pg_conf(lay, data, lay.primary)
        hba = data / "pg_hba.conf"
        hba.write_text(
            "local all all trust\n"
            "host all all 127.0.0.1/32 trust\n"
            "local replication all trust\n"
            "host replication all 127.0.0.1/32 trust\n"
        )
    if not _port_open(lay.primary):
        say(f"PostgreSQL primary on :{lay.primary}")
        _run(
            [
                *_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-t", "60"]),
                "-l",
                str(lay.path("logs", "pg-primary.log")),
                "start",
            ],
            stdout=subprocess.DEVNULL,
        )
    create = (
        "SELECT 'CREATE DATABASE cadre' "
        "WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'cadre')\\gexec"
    )
    _psql(lay.primary, "postgres", create)


def _psql(port: int, db: str, sql: str) -> str:
    out = subprocess.run(  # noqa: S603
        [
            shutil.which("psql") or "psql",
            "-X",
            "-q",
            "-At",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            db,
        ],
        input=sql,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def replica_up(lay: Layout) -> None:
    data = lay.path("pg", "replica")
    if not (data / "PG_VERSION").exists():
        say("pg_basebackup of the primary into the replica")
        data.mkdir(parents=True, exist_ok=True)
        _chown_postgres(data)
        data.chmod(0o700)
        _run(
            [
                *_as_postgres([str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1"]),
                "-p",
                str(lay.primary),
                "-U",
                "postgres",
                "-D",
                str(data),
                "-R",
                "-X",
                "stream",
            ]
        )
        conf = data / "postgresql.auto.conf"
        conf.write_text(conf.read_text() + f"port = {lay.replica}\n")
    replica_start(lay)


def replica_start(lay: Layout) -> None:
    if not _port_open(lay.replica):
        say(f"PostgreSQL streaming replica on :{lay.replica}")
        _run(
            [
                *_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(lay.path("pg", "replica"))]),
                "-w",
                "-t",
                "60",
                "-l",
                str(lay.path("logs", "pg-replica.log")),
                "start",
            ],
            stdout=subprocess.DEVNULL,
        )


def replica_stop(lay: Layout) -> None:
    _pg_stop(lay.path("pg", "replica"))


def _pg_stop(data: Path) -> None:
    if (data / "postmaster.pid").exists():
        subprocess.run(  # noqa: S603
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )


def replica_lag(lay: Layout) -> str:
    try:
        return _psql(
            lay.replica,
            "postgres",
            "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
            "THEN 'streaming, all received WAL replayed' ELSE 'streaming, ' || "
            "COALESCE(round(extract(epoch FROM now() - pg_last_xact_replay_timestamp())"
            "::numeric, 1)::text, '?') || ' s behind' END",
        )
    except (subprocess.CalledProcessError, OSError):
        return "?"


def pgbouncer_up(lay: Layout) -> None:
    conf = lay.path("pgbouncer", "pgbouncer.ini")
    users = lay.path("pgbouncer", "userlist.txt")
    users.write_text('"postgres" ""\n')
    pool = os.environ.get("CADRE_CLUSTER_POOL_SIZE", "20")
    conf.write_text(
        "[databases]\n"
        f"{DB_NAME} = host=127.0.0.1 port={lay.primary} dbname={DB_NAME}\n"
        "[pgbouncer]\n"
        "listen_addr = 127.0.0.1\n"
        f"listen_port = {lay.pgbouncer}\n"
        f"unix_socket_dir = {lay.path('run')}\n"
        "auth_type = trust\n"
        f"auth_file = {users}\n"
        "pool_mode = transaction\n"
        "max_client_conn = 1000\n"
        f"default_pool_size = {pool}\n"
        "reserve_pool_size = 5\n"
        "server_reset_query =\n"
        # Django's psycopg sends these at connect; PgBouncer must not refuse them.
        "ignore_startup_parameters = extra_float_digits,options\n"
        f"pidfile = {lay.path('run', 'pgbouncer.pid')}\n"
        f"logfile = {lay.path('logs', 'pgbouncer.log')}\n"
        "admin_users = postgres\n"
    )
    for path in (conf, users, lay.path("pgbouncer")):
        _chown_postgres(path)
    if not _port_open(lay.pgbouncer):
        say(f"PgBouncer (transaction pooling) on :{lay.pgbouncer}")
        _run(_as_postgres(["pgbouncer", "-d", str(conf)]))
        _wait_port(lay.pgbouncer, "PgBouncer")
