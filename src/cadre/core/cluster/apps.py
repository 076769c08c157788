"""The app servers (``cadre serve``), the Celery workers and beat, each started in a
session of its own with the cluster's environment."""

from __future__ import annotations

import os

from cadre.core.cluster.env import app_env
from cadre.core.cluster.layout import Layout
from cadre.core.cluster.proc import _cadre, _port_open, _spawn


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
