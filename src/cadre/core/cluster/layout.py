"""Where the cluster lives: its state folder and its ports, all from one base port
(``CADRE_CLUSTER_PORT``) and one folder (``CADRE_CLUSTER_DIR``)."""

from __future__ import annotations

import os
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
