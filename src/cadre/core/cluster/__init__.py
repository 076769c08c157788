"""``cadre cluster up|down|status``: the production topology in miniature, on one machine.

Everything comes from Debian and PyPI packages (PostgreSQL 15, PgBouncer, Redis, HAProxy;
granian and Celery from the virtual environment) and lives under one state folder
(``CADRE_CLUSTER_DIR``, default ``var/cluster``)::

    client ─▶ HAProxy :P+0 ──▶ cadre serve :P+1, :P+2  (CADRE_PROFILE=production)
                               │
              Celery ×2, beat ─┼─▶ PgBouncer :P+32 (transaction pooling) ─▶ PostgreSQL :P+43
                               │                                      streaming ─▶ replica :P+44
                               └─▶ Redis :P+79 (cache, sessions, rate limits, broker)

``P`` is ``CADRE_CLUSTER_PORT`` (default 15100). Each piece is configured only through its
environment or the config file written here from it; the app servers, workers and beat get
the same variables as a real installation (docs/deployment.md, decision 0042). Migrations
and the demo data go to the primary directly (DDL and ``CREATE INDEX CONCURRENTLY`` need a
session of their own, not a pooled transaction).

This package is the operator's tool, not part of the request path: it only starts and stops
processes (each in a session of its own, its id kept in ``pids/``) and prints their state.

The pieces live in ``layout`` (the state folder and the ports), ``proc`` (process ids,
spawning and stopping, waiting for ports), ``env`` (the environment the pieces run with),
``postgres`` (the primary, its replica and PgBouncer), ``redis_server``, ``haproxy``,
``apps`` (app servers, workers, beat) and ``commands`` (``up``, ``down``, ``status``). The
CLI, the soak (bench/soak.py) and the tests call them as ``cadre.core.cluster.<name>``, so
this package imports those names.
"""

from cadre.core.cluster.apps import app_start, beat_start, worker_start
from cadre.core.cluster.commands import (
    down,
    status,
    up,
    uploads_mount,
    uploads_unmount,
)
from cadre.core.cluster.env import (
    TOPOLOGY,
    app_env,
    direct_env,
    save_env,
    saved_env,
    secrets_env,
)
from cadre.core.cluster.haproxy import haproxy_config, haproxy_up
from cadre.core.cluster.layout import DB_NAME, PG_BIN, Layout, layout, say
from cadre.core.cluster.postgres import (
    pgbouncer_up,
    primary_up,
    replica_lag,
    replica_start,
    replica_stop,
    replica_up,
)
from cadre.core.cluster.proc import _port_open, _wait_healthy, stop_pid
from cadre.core.cluster.redis_server import redis_stop, redis_up

__all__ = [
    "DB_NAME",
    "PG_BIN",
    "TOPOLOGY",
    "Layout",
    "_port_open",
    "_wait_healthy",
    "app_env",
    "app_start",
    "beat_start",
    "direct_env",
    "down",
    "haproxy_config",
    "haproxy_up",
    "layout",
    "pgbouncer_up",
    "primary_up",
    "redis_stop",
    "redis_up",
    "replica_lag",
    "replica_start",
    "replica_stop",
    "replica_up",
    "save_env",
    "saved_env",
    "say",
    "secrets_env",
    "status",
    "stop_pid",
    "up",
    "uploads_mount",
    "uploads_unmount",
    "worker_start",
]
