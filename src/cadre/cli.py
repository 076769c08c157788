"""``cadre``: the one command line of Cadre.

Each sub-command wraps a Django management command or a server, so that an operator never
needs to know ``manage.py``. ``cadre manage …`` passes anything else through to Django.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

Handler = Callable[[argparse.Namespace, list[str]], int]


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
    import django

    django.setup()


def _call(name: str, *args: str) -> None:
    from django.core.management import call_command

    call_command(name, *args)


def _bin(name: str) -> str:
    """A console script installed beside this Python (granian, celery)."""
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else (shutil.which(name) or name)


def cmd_migrate(ns: argparse.Namespace, rest: list[str]) -> int:
    _django()
    _call("migrate", "--no-input", *rest)
    return 0


def cmd_demo(ns: argparse.Namespace, rest: list[str]) -> int:
    _django()
    _call("cadre_demo", *rest)
    return 0


def cmd_createadmin(ns: argparse.Namespace, rest: list[str]) -> int:
    _django()
    _call("cadre_createadmin", *rest)
    return 0


def cmd_audit_verify(ns: argparse.Namespace, rest: list[str]) -> int:
    _django()
    from django.core.management import call_command

    try:
        call_command("audit_verify", *rest)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def cmd_backup(ns: argparse.Namespace, rest: list[str]) -> int:
    _django()
    from cadre.core.backup import BackupError, backup_create

    try:
        result = backup_create(output=Path(ns.output) if ns.output else None)
    except BackupError as exc:
        print(f"cadre backup: {exc}", file=sys.stderr)
        return 2
    print(
        f"backup:   {result.path} ({result.size:,} bytes, {result.seconds:.1f} s)\n"
        f"manifest: {result.manifest} ({result.tables} tables, {result.rows:,} rows)"
    )
    return 0


def cmd_restore_drill(ns: argparse.Namespace, rest: list[str]) -> int:
    _django()
    from cadre.core.backup import BackupError, restore_drill

    try:
        report = restore_drill(Path(ns.backup), into=ns.into, jobs=ns.jobs, keep=ns.keep)
    except BackupError as exc:
        print(f"cadre restore-drill: {exc}", file=sys.stderr)
        return 2
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def cmd_serve(ns: argparse.Namespace, rest: list[str]) -> int:
    _django()
    from django.conf import settings

    if settings.PRODUCTION:
        # Servers started together on one machine share the static folder: one collects at a
        # time (two at once raced on the same hashed file and one server died at start).
        import fcntl

        static_root = Path(settings.STATIC_ROOT)
        static_root.parent.mkdir(parents=True, exist_ok=True)
        with open(static_root.parent / ".collectstatic.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            _call("collectstatic", "--no-input", "--verbosity", "0")
    argv = [
        _bin("granian"),
        "--interface",
        "wsgi",
        "--host",
        ns.host,
        "--port",
        str(ns.port),
        "--workers",
        str(ns.workers),
        "--blocking-threads",
        str(ns.threads),
        "--no-ws",
        "cadre.wsgi:application",
        *rest,
    ]
    scheduler = None
    if settings.CADRE_TASKS == "thread":
        # No broker: the periodic jobs run in a process of their own beside the server.
        scheduler = subprocess.Popen([sys.executable, "-m", "cadre.cli", "scheduler"])
    try:
        return subprocess.call(argv)  # noqa: S603
    finally:
        if scheduler is not None:
            scheduler.terminate()
            scheduler.wait(timeout=10)


def cmd_scheduler(ns: argparse.Namespace, rest: list[str]) -> int:
    _django()
    _call("cadre_scheduler")
    return 0


def cmd_up(ns: argparse.Namespace, rest: list[str]) -> int:
    _django()
    from django.conf import settings

    print("Cadre: migrating the database…", flush=True)
    _call("migrate", "--no-input", "--verbosity", "0")
    print("Cadre: loading the demo data…", flush=True)
    _call("cadre_demo", "--verbosity", "0")
    url = f"http://{ns.host}:{ns.port}/"
    print(
        "\n"
        f"  Cadre is starting at {url}\n"
        f"  Database: {settings.DATABASES['default']['NAME']}\n"
        f"  Demo logins (password for all: {settings.CADRE_DEMO_PASSWORD}):\n",
        flush=True,
    )
    from django.utils import translation

    from cadre.demo.data import DEMO_USERS

    with translation.override("en"):
        for username, label, where in DEMO_USERS:
            print(f"    {username:<12} {label} — {where}", flush=True)
    if settings.CADRE_MFA_REQUIRED:
        print(
            "\n  Second factor: admin, the HR officers and auditor set up an authenticator app"
            "\n  (any TOTP app; the page shows a QR code and the secret) at their first sign-in."
            "\n  To try the demo without it: CADRE_MFA_REQUIRED=false ./cadre up",
            flush=True,
        )
    print(f"\n  API docs: {url}api/docs/   Stop with Ctrl+C.\n", flush=True)
    return cmd_serve(ns, rest)


def cmd_worker(ns: argparse.Namespace, rest: list[str]) -> int:
    argv = [_bin("celery"), "-A", "cadre", "worker", "--loglevel", "INFO", *rest]
    return subprocess.call(argv)  # noqa: S603


def cmd_beat(ns: argparse.Namespace, rest: list[str]) -> int:
    argv = [_bin("celery"), "-A", "cadre", "beat", "--loglevel", "INFO", *rest]
    return subprocess.call(argv)  # noqa: S603


def cmd_cluster(ns: argparse.Namespace, rest: list[str]) -> int:
    """The production topology in miniature on this machine (core/cluster/)."""
    from cadre.core import cluster

    if ns.action == "up":
        return cluster.up(demo=not ns.no_demo)
    if ns.action == "down":
        return cluster.down()
    return cluster.status()


def cmd_test(ns: argparse.Namespace, rest: list[str]) -> int:
    try:
        import pytest
    except ImportError:
        print("cadre test needs the development extras: pip install -e '.[dev]'", file=sys.stderr)
        return 2
    # Importing the cadre package set DJANGO_SETTINGS_MODULE to the runtime settings; the
    # tests always use the test settings (which still honour DATABASE_URL and REDIS_URL).
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadre.settings_test"
    return int(pytest.main(["-q", "--ds=cadre.settings_test", *rest]))


def cmd_lint(ns: argparse.Namespace, rest: list[str]) -> int:
    """Everything CI checks before the tests, in the same order; stops at the first that
    fails."""
    root = Path(__file__).resolve().parent.parent.parent
    bin_dir = Path(sys.executable).parent
    steps: list[tuple[str, list[str]]] = [
        ("ruff", [str(bin_dir / "ruff"), "check", "src", "bench"]),
        ("ruff format", [str(bin_dir / "ruff"), "format", "--check", "src", "bench"]),
        ("mypy", [str(bin_dir / "mypy")]),
        ("import-linter", [str(bin_dir / "lint-imports")]),
        ("Model.objects in views", [sys.executable, "-m", "cadre.cli", "lint-views"]),
        ("Django checks", [sys.executable, "-m", "cadre.cli", "check", "--fail-level", "WARNING"]),
        (
            "migrations",
            [sys.executable, "-m", "cadre.cli", "manage", "makemigrations", "--check", "--dry-run"],
        ),
        (
            "OpenAPI schema",
            [
                sys.executable,
                "-m",
                "cadre.cli",
                "manage",
                "spectacular",
                "--validate",
                "--fail-on-warn",
                "--file",
                os.devnull,
            ],
        ),
    ]
    for name, argv in steps:
        print(f"--- {name}", flush=True)
        code = subprocess.call(argv, cwd=root)  # noqa: S603
        if code:
            print(f"cadre lint: {name} failed", file=sys.stderr)
            return code
    return 0


def cmd_lint_views(ns: argparse.Namespace, rest: list[str]) -> int:
    from cadre.core.lint import model_objects_problems

    problems = model_objects_problems()
    for line in problems:
        print(line)
    return 1 if problems else 0


def cmd_messages(ns: argparse.Namespace, rest: list[str]) -> int:
    """Refresh the four catalogues from the code: new strings added empty (no fuzzy
    guesses), no source locations (no churn when code moves), obsolete ones dropped."""
    _django()
    here = Path(__file__).resolve().parent
    previous = Path.cwd()
    os.chdir(here)
    try:
        _call("cadre_messages")
    finally:
        os.chdir(previous)
    return 0


def cmd_check(ns: argparse.Namespace, rest: list[str]) -> int:
    _django()
    _call("check", *rest)
    return 0


def cmd_manage(ns: argparse.Namespace, rest: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cadre manage", *rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cadre",
        description="Cadre: the state's platform for its digital workforce.",
        epilog="Configuration comes from the environment; see docs/configuration.md.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    def server_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--host",
            default=os.environ.get("CADRE_HOST", "127.0.0.1"),
            help="address to listen on (default 127.0.0.1)",
        )
        p.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("CADRE_PORT", "8000")),
            help="port to listen on (default 8000)",
        )
        p.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("CADRE_WORKERS", "1")),
            help="server processes (default 1)",
        )
        p.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("CADRE_THREADS", "4")),
            help="threads per process (default 4)",
        )

    server_options(add("up", cmd_up, "migrate, load the demo data, and serve (the quick start)"))
    server_options(add("serve", cmd_serve, "serve the web UI and the API (granian, WSGI)"))
    add("migrate", cmd_migrate, "create or upgrade the database tables")
    add("demo", cmd_demo, "load the demo data (idempotent)")
    add("createadmin", cmd_createadmin, "create a national administrator account")
    add("worker", cmd_worker, "run a Celery worker for background jobs (needs REDIS_URL)")
    add("beat", cmd_beat, "run the scheduler of periodic jobs (needs REDIS_URL)")
    add(
        "scheduler",
        cmd_scheduler,
        "run the periodic jobs without a broker (started by up/serve in the embedded mode)",
    )
    add("audit-verify", cmd_audit_verify, "verify the audit log's hash chain; exit 1 if broken")
    backup = add(
        "backup",
        cmd_backup,
        "back the database up (pg_dump -Fc, or SQLite's online backup) with a manifest",
    )
    backup.add_argument(
        "--output", help="the backup file (default: $CADRE_DATA_DIR/backups/cadre-<time>…)"
    )
    drill = add(
        "restore-drill",
        cmd_restore_drill,
        "restore a backup into a fresh database, verify the audit log, compare with its "
        "manifest; exit 1 on a difference",
    )
    drill.add_argument("backup", help="a file written by cadre backup (its manifest beside it)")
    drill.add_argument(
        "--into", help="the database to restore into (PostgreSQL: a new name; SQLite: a path)"
    )
    drill.add_argument("--jobs", type=int, default=2, help="pg_restore --jobs (default 2)")
    drill.add_argument("--keep", action="store_true", help="keep the restored database")
    add("check", cmd_check, "run Django's system checks (add --deploy for production)")
    add("lint", cmd_lint, "run every check CI runs before the tests (ruff, mypy, layers, …)")
    add("lint-views", cmd_lint_views, "find Model.objects in views, the API and forms")
    add("messages", cmd_messages, "refresh the translation catalogues from the code")
    cluster = add(
        "cluster",
        cmd_cluster,
        "start, stop or show the production topology in miniature on this machine "
        "(HAProxy, two app servers, PgBouncer, PostgreSQL and a replica, Redis, Celery)",
    )
    cluster.add_argument("action", choices=["up", "down", "status"])
    cluster.add_argument("--no-demo", action="store_true", help="do not load the demo data")
    add("test", cmd_test, "run the test suite (pytest); extra arguments go to pytest")
    add("manage", cmd_manage, "run any Django management command")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # Everything after the sub-command that argparse does not know is passed through.
    ns, rest = parser.parse_known_args(argv)
    return int(ns.handler(ns, rest))


if __name__ == "__main__":
    raise SystemExit(main())
