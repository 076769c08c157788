"""The commands: ``up`` (every piece, in order), ``down`` and ``status``; and the upload
folder's own file system."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

from cadre.core.cluster.apps import app_start, beat_start, worker_start
from cadre.core.cluster.env import app_env, direct_env, save_env
from cadre.core.cluster.haproxy import haproxy_up
from cadre.core.cluster.layout import Layout, layout, say
from cadre.core.cluster.postgres import (
    _pg_stop,
    pgbouncer_up,
    primary_up,
    replica_lag,
    replica_up,
)
from cadre.core.cluster.proc import (
    _cadre,
    _chown_postgres,
    _pid_alive,
    _port_open,
    _read_pid,
    _run,
    _running,
    _wait_healthy,
    stop_pid,
)
from cadre.core.cluster.redis_server import redis_stop, redis_up


def uploads_mount(lay: Layout) -> str:
    """The upload folder (``CADRE_DATA_DIR/imports``) on a file system of its own, sized by
    ``CADRE_CLUSTER_UPLOAD_MB`` (default 64): a tmpfs where this user may mount one, so that
    a full upload disk can be tried without filling the machine's. Says which it got."""
    folder = lay.path("data", "imports")
    folder.mkdir(parents=True, exist_ok=True)
    if os.path.ismount(folder):
        return f"tmpfs at {folder}"
    size = int(os.environ.get("CADRE_CLUSTER_UPLOAD_MB", "64"))
    if os.geteuid() == 0 and size > 0:
        done = subprocess.run(  # noqa: S603
            [
                shutil.which("mount") or "mount",
                "-t",
                "tmpfs",
                "-o",
                f"size={size}m,mode=0700",
                "tmpfs",
                str(folder),
            ],
            capture_output=True,
            check=False,
        )
        if done.returncode == 0:
            return f"tmpfs of {size} MB at {folder}"
    return f"a plain folder at {folder} (no tmpfs could be mounted)"


def uploads_unmount(lay: Layout) -> None:
    folder = lay.path("data", "imports")
    if os.path.ismount(folder):
        subprocess.run(  # noqa: S603
            [shutil.which("umount") or "umount", str(folder)], check=False, capture_output=True
        )


def up(*, demo: bool = True) -> int:
    lay = layout()
    for sub in ("pg", "logs", "pids", "run", "data", "redis", "pgbouncer"):
        lay.path(sub).mkdir(parents=True, exist_ok=True)
    for sub in ("run", "logs", "pgbouncer"):
        # PostgreSQL and PgBouncer (user postgres) write their sockets and logs here.
        _chown_postgres(lay.path(sub))
    lay.root.chmod(0o755)
    for tool in ("haproxy", "pgbouncer", "redis-server", "psql"):
        if shutil.which(tool) is None:
            print(f"cluster: {tool} is missing (apt-get install haproxy pgbouncer "
                  "redis-server postgresql-15)", file=sys.stderr)  # fmt: skip
            return 2
    started = time.monotonic()
    save_env(lay)
    primary_up(lay)
    redis_up(lay)
    say("migrating (directly on the primary)")
    env = direct_env(lay)
    _run(_cadre("migrate"), env=env, stdout=subprocess.DEVNULL)
    if demo and not lay.path("demo.loaded").exists():
        say("loading the demo data")
        _run(_cadre("demo", "--verbosity", "0"), env=env)
        lay.path("demo.loaded").write_text("yes\n")
    replica_up(lay)
    pgbouncer_up(lay)
    say(f"upload folder: {uploads_mount(lay)}")
    app = app_env(lay)
    say("collecting static files")
    _run(_cadre("manage", "collectstatic", "--no-input", "--verbosity", "0"), env=app)
    for n in (1, 2):
        app_start(lay, n, app)
    for n in (1, 2):
        if not _running(lay, f"worker{n}"):
            worker_start(lay, n, app)
    if not _running(lay, "beat"):
        beat_start(lay, app)
    for port in lay.apps:
        _wait_healthy(lay, port)
    haproxy_up(lay)
    _wait_healthy(lay, lay.haproxy)
    say(f"up in {time.monotonic() - started:.0f} s: {lay.url}/  (state in {lay.root})")
    return status()


def down() -> int:
    lay = layout()
    if not lay.root.exists():
        say("nothing to stop")
        return 0
    pid = _read_pid(lay.path("run", "haproxy.pid"))
    if pid is not None and _pid_alive(pid):
        os.kill(pid, signal.SIGTERM)
    for name in ("beat", "worker1", "worker2", "app1", "app2"):
        stop_pid(lay, name, signal.SIGTERM, wait=20)
    pid = _read_pid(lay.path("run", "pgbouncer.pid"))
    if pid is not None and _pid_alive(pid):
        os.kill(pid, signal.SIGTERM)
    redis_stop(lay)
    _pg_stop(lay.path("pg", "replica"))
    _pg_stop(lay.path("pg", "primary"))
    uploads_unmount(lay)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_port_open(p) for p in _ports(lay)):
        time.sleep(0.2)
    left = [p for p in _ports(lay) if _port_open(p)]
    if left:
        say(f"still listening: {left}")
        return 1
    say("down")
    return 0


def _ports(lay: Layout) -> list[int]:
    return [lay.haproxy, *lay.apps, lay.pgbouncer, lay.primary, lay.replica, lay.redis]


def status() -> int:
    lay = layout()
    rows: list[tuple[str, str, bool, str]] = [
        ("haproxy", f":{lay.haproxy}", _port_open(lay.haproxy), lay.url),
        *[
            (f"app{n}", f":{port}", _port_open(port), "cadre serve, production")
            for n, port in enumerate(lay.apps, start=1)
        ],
        ("pgbouncer", f":{lay.pgbouncer}", _port_open(lay.pgbouncer), "transaction pooling"),
        ("postgres primary", f":{lay.primary}", _port_open(lay.primary), "PostgreSQL 15"),
        (
            "postgres replica",
            f":{lay.replica}",
            _port_open(lay.replica),
            replica_lag(lay) if _port_open(lay.replica) else "streaming replica",
        ),
        ("redis", f":{lay.redis}", _port_open(lay.redis), "cache, sessions, broker"),
        *[(name, "-", _running(lay, name), "celery") for name in ("worker1", "worker2", "beat")],
    ]
    for name, where, ok, note in rows:
        print(f"  {name:<17} {where:<7} {'up' if ok else 'DOWN':<5} {note}", flush=True)
    return 0 if all(ok for _, _, ok, _ in rows) else 1
