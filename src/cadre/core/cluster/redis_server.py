"""Redis (cache, sessions, rate limits and the broker): its start and stop."""

from __future__ import annotations

import shutil
import subprocess
import time

from cadre.core.cluster.layout import Layout, say
from cadre.core.cluster.proc import _port_open, _run, _wait_port


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
