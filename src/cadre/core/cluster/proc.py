"""Processes of the cluster: ports, process ids, spawning a piece in a session of its own
and stopping its whole process group, waiting for a port or a health check."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from cadre.core.cluster.layout import Layout


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


def _running(lay: Layout, name: str) -> bool:
    pid = _read_pid(lay.path("pids", f"{name}.pid"))
    return pid is not None and _pid_alive(pid)


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
