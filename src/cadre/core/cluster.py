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

This module is the operator's tool, not part of the request path: it only starts and stops
processes (each in a session of its own, its id kept in ``pids/``) and prints their state.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path(os.environ.get("CADRE_CLUSTER_PG_BIN", "/usr/lib/postgresql/15/bin"))
DB_NAME = "cadre"


@dataclass(frozen=True)
class Layout:
    root: Path
    base: int

    @property
    def haproxy(self) -> int:
        return self.base

    @property
    def apps(self) -> tuple[int, int]:
        return self.base + 1, self.base + 2

    @property
    def pgbouncer(self) -> int:
        return self.base + 32

    @property
    def primary(self) -> int:
        return self.base + 43

    @property
    def replica(self) -> int:
        return self.base + 44

    @property
    def redis(self) -> int:
        return self.base + 79

    def path(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)

    @property
    def primary_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.primary}/{DB_NAME}"

    @property
    def replica_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.replica}/{DB_NAME}"

    @property
    def pooled_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.pgbouncer}/{DB_NAME}"

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis}/0"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.haproxy}"


def layout() -> Layout:
    root = Path(os.environ.get("CADRE_CLUSTER_DIR", str(Path.cwd() / "var" / "cluster")))
    return Layout(root=root.resolve(), base=int(os.environ.get("CADRE_CLUSTER_PORT", "15100")))


def say(text: str) -> None:
    print(f"cluster: {text}", flush=True)


# --- helpers ---------------------------------------------------------------------------------


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_port(port: int, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _port_open(port):
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not open port {port} within {seconds:.0f} s")


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL and PgBouncer refuse to run as root: run them as the ``postgres`` user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


def _run(argv: list[str], **kwargs: object) -> None:
    subprocess.run(argv, check=True, **kwargs)  # type: ignore[call-overload]  # noqa: S603


def _chown_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie left by a parent that did not wait is not up
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def secrets_env(lay: Layout) -> dict[str, str]:
    """SECRET_KEY and the field keys: from the environment, else made once for this
    cluster and kept in its state folder (mode 600), like a secrets store would."""
    from cryptography.fernet import Fernet

    keep = lay.path("secrets.env")
    known: dict[str, str] = {}
    if keep.exists():
        for line in keep.read_text().splitlines():
            name, _, value = line.partition("=")
            known[name] = value
    else:
        known = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "CADRE_FIELD_KEYS": Fernet.generate_key().decode(),
            "CADRE_FIELD_INDEX_KEY": secrets.token_urlsafe(40),
        }
        keep.write_text("".join(f"{k}={v}\n" for k, v in known.items()))
        keep.chmod(0o600)
    return {name: os.environ.get(name) or value for name, value in known.items()}


TOPOLOGY = {
    "CADRE_PROFILE",
    "CADRE_DATA_DIR",
    "CADRE_STATIC_ROOT",
    "CADRE_DB_POOLER",
    "CADRE_TASKS",
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "REDIS_URL",
}


def save_env(lay: Layout) -> None:
    """The Cadre and Celery variables ``up`` was given, kept so that a piece started again
    later (``status``, the soak's faults) runs with the same configuration."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if k.startswith(("CADRE_", "CELERY_")) and k not in TOPOLOGY and "\n" not in v
    }
    path = lay.path("cluster.env")
    path.write_text("".join(f"{k}={v}\n" for k, v in sorted(keep.items())))
    path.chmod(0o600)


def saved_env(lay: Layout) -> dict[str, str]:
    path = lay.path("cluster.env")
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text().splitlines():
        name, sep, value = line.partition("=")
        if sep:
            out[name] = value
    return out


def app_env(lay: Layout) -> dict[str, str]:
    """The environment of the app servers, workers and beat: the caller's, with the
    topology's addresses and production's requirements on top. Tuning variables the caller
    set (limits, job times) are kept; addresses are always the cluster's."""
    env = {**saved_env(lay), **os.environ}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(secrets_env(lay))
    env.update(
        {
            "CADRE_PROFILE": "production",
            "CADRE_DATA_DIR": str(lay.path("data")),
            "CADRE_STATIC_ROOT": str(lay.path("static")),
            # Through PgBouncer (transaction pooling): see settings.py, CADRE_DB_POOLER.
            "DATABASE_URL": lay.pooled_url,
            "CADRE_DB_POOLER": "transaction",
            "DATABASE_REPLICA_URL": lay.replica_url,
            "REDIS_URL": lay.redis_url,
            "CADRE_TASKS": "celery",
        }
    )
    env.setdefault("CADRE_ALLOWED_HOSTS", "127.0.0.1,localhost")
    # TLS ends in front of HAProxy in a real installation; here HAProxy speaks plain HTTP.
    env.setdefault("CADRE_SSL_REDIRECT", "false")
    env.setdefault("CADRE_REPLICA_MAX_LAG", "5")
    return env


def direct_env(lay: Layout) -> dict[str, str]:
    """For migrations and the demo data: the primary itself, not the pooler."""
    env = app_env(lay)
    env["DATABASE_URL"] = lay.primary_url
    env.pop("CADRE_DB_POOLER", None)
    return env


def _spawn(lay: Layout, name: str, argv: list[str], env: dict[str, str]) -> int:
    log = lay.path("logs", f"{name}.log").open("ab")
    proc = subprocess.Popen(  # noqa: S603
        argv,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stopped whole by ``down``
        cwd=lay.root,
    )
    lay.path("pids", f"{name}.pid").write_text(str(proc.pid))
    return proc.pid


def _cadre(*args: str) -> list[str]:
    return [sys.executable, "-m", "cadre.cli", *args]


# --- the pieces --------------------------------------------------------------------------


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


def redis_up(lay: Layout) -> None:
    if _port_open(lay.redis):
        return
    say(f"Redis on :{lay.redis}")
    _run(
        [
            "redis-server",
            "--port", str(lay.redis),
            "--bind", "127.0.0.1",
            "--daemonize", "yes",
            "--pidfile", str(lay.path("run", "redis.pid")),
            "--logfile", str(lay.path("logs", "redis.log")),
            "--dir", str(lay.path("redis")),
            # The broker's queue survives a restart (append-only file, fsync each second).
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
        ]
    )  # fmt: skip
    _wait_port(lay.redis, "Redis")


def redis_stop(lay: Layout) -> None:
    if _port_open(lay.redis):
        subprocess.run(  # noqa: S603
            [shutil.which("redis-cli") or "redis-cli", "-p", str(lay.redis), "shutdown"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        deadline = time.monotonic() + 15
        while _port_open(lay.redis) and time.monotonic() < deadline:
            time.sleep(0.1)


def haproxy_config(lay: Layout) -> str:
    """HAProxy in front of the app servers: health checks on /healthz, and the limits that
    cut bad clients before they reach Python (docs/deployment.md, "Limits")."""
    max_mb = int(os.environ.get("CADRE_IMPORT_MAX_MB", "100"))
    body_limit = (max_mb + 1) * 1024 * 1024  # the largest import file plus its form
    maxconn = int(os.environ.get("CADRE_CLUSTER_MAXCONN", "500"))
    per_server = int(os.environ.get("CADRE_CLUSTER_SERVER_MAXCONN", "32"))
    too_large = json.dumps(
        {
            "detail": f"The request body is larger than the limit of {max_mb + 1} MB "
            f"(an import file of at most {max_mb} MB and its form). Nothing was read.",
            "code": "request_too_large",
        }
    )
    too_large_answer = f"content-type application/json string '{too_large}'"
    no_length = json.dumps(
        {
            "detail": "A request body sent in chunks is not accepted: send it with its "
            "length (Content-Length). Nothing was read.",
            "code": "length_required",
        }
    )
    too_large_if = f"{{ req.hdr_val(content-length) gt {body_limit} }}"
    no_length_answer = f"content-type application/json string '{no_length}'"
    chunked_if = "{ req.hdr(transfer-encoding) -m found }"
    servers = "\n".join(
        f"    server app{n} 127.0.0.1:{port} check inter 1s fall 2 rise 2 maxconn {per_server}"
        for n, port in enumerate(lay.apps, start=1)
    )
    return f"""global
    maxconn {maxconn}
    pidfile {lay.path("run", "haproxy.pid")}
    log stderr format short local0 warning

defaults
    mode http
    log global
    option httplog
    option dontlognull
    # Slow clients (slowloris): the whole request head within 10 s, else 408.
    timeout http-request 10s
    timeout connect 2s
    timeout client 60s
    timeout server 120s
    # Too many requests at once: a request waits at most 5 s for a free server slot, else 503.
    timeout queue 5s
    timeout http-keep-alive 10s
    retries 2
    option redispatch
    # A connection refused by a dead server is tried on the other one.
    retry-on conn-failure empty-response

frontend cadre
    bind 127.0.0.1:{lay.haproxy}
    maxconn {maxconn}
    # Bodies over the limit are refused before they are read (413), with a message saying so
    # (JSON like the API's own errors: HAProxy cannot know the page's language).
    http-request deny deny_status 413 {too_large_answer} if {too_large_if}
    # A body sent in chunks announces no length, so the limit above cannot see it (and the
    # app server would read it as empty): 411, send the length.
    http-request deny deny_status 411 {no_length_answer} if {chunked_if}
    http-request set-header X-Forwarded-Proto http
    default_backend app

backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host localhost
    http-check expect status 200
{servers}
"""


def haproxy_up(lay: Layout) -> None:
    conf = lay.path("haproxy.cfg")
    conf.write_text(haproxy_config(lay))
    if not _port_open(lay.haproxy):
        say(f"HAProxy on :{lay.haproxy}")
        _run(["haproxy", "-c", "-q", "-f", str(conf)])
        _run(["haproxy", "-D", "-f", str(conf)])
        _wait_port(lay.haproxy, "HAProxy")


def app_start(lay: Layout, n: int, env: dict[str, str] | None = None) -> None:
    port = lay.apps[n - 1]
    if _port_open(port):
        return
    env = env or app_env(lay)
    threads = os.environ.get("CADRE_CLUSTER_THREADS", "8")
    _spawn(
        lay,
        f"app{n}",
        _cadre("serve", "--port", str(port), "--workers", "1", "--threads", threads),
        env,
    )


def worker_start(lay: Layout, n: int, env: dict[str, str] | None = None) -> None:
    env = env or app_env(lay)
    _spawn(
        lay,
        f"worker{n}",
        _cadre("worker", "-n", f"worker{n}@%h", "--concurrency", "1", "--without-gossip"),
        env,
    )


def beat_start(lay: Layout, env: dict[str, str] | None = None) -> None:
    env = env or app_env(lay)
    _spawn(lay, "beat", _cadre("beat", "--schedule", str(lay.path("run", "beat-schedule"))), env)


def stop_pid(lay: Layout, name: str, sig: int = signal.SIGTERM, wait: float = 15) -> None:
    """Stop the process group ``name`` was started in (by its recorded id)."""
    pidfile = lay.path("pids", f"{name}.pid")
    pid = _read_pid(pidfile)
    if pid is None:
        return
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pidfile.unlink(missing_ok=True)
        return
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and _group_alive(pid):
        time.sleep(0.1)
    if _group_alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    pidfile.unlink(missing_ok=True)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    # The group may only hold zombies of ours: reap them.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pgid, os.WNOHANG)
    return _pid_alive(pgid)


def _wait_healthy(lay: Layout, port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError as exc:
            last = str(exc)
        time.sleep(0.5)
    raise RuntimeError(f"the app server on :{port} is not healthy ({last}); see its log")


# --- the commands --------------------------------------------------------------------------


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


def _running(lay: Layout, name: str) -> bool:
    pid = _read_pid(lay.path("pids", f"{name}.pid"))
    return pid is not None and _pid_alive(pid)


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
