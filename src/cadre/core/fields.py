"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q


class PathField(models.CharField):
    """A materialised tree path such as ``/1/42/7/``, compared byte-wise on every database.

    Subtree queries are range scans on an ordinary B-tree index (see ``subtree_q``). On
    PostgreSQL the column gets the ``C`` collation so that ordering is byte order whatever the
    database's locale; SQLite's default BINARY collation already is. Decision 0003.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


def path_ids(path: str) -> list[int]:
    """The ids along a tree path, root first: ``/1/42/7/`` → ``[1, 42, 7]``."""
    return [int(p) for p in path.split("/") if p]


def subtree_upper_bound(path: str) -> str:
    """The smallest string greater than every path that starts with ``path``.

    Paths end with ``/`` and hold only digits and ``/``; ``0`` follows ``/`` in byte order.
    """
    if not path.endswith("/"):
        raise ValueError("a tree path ends with '/'")
    return path[:-1] + "0"


def subtree_q(field: str, path: str) -> Q:
    """Rows whose ``field`` lies in the subtree rooted at ``path`` (the root included)."""
    return Q(**{f"{field}__gte": path, f"{field}__lt": subtree_upper_bound(path)})
