"""Every paged list is in a total order: the primary key breaks every tie, so paging never
repeats a row nor skips one (issue 17 #6)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

import cadre
from cadre.accounts.models import RoleAssignment, User
from cadre.core.models import AuditEvent
from cadre.core.pagination import Paginator, total_order


def _order(qs: object) -> list[str]:
    return [str(term) for term in qs.query.order_by]  # type: ignore[attr-defined]


def test_total_order_ends_with_the_primary_key_in_the_first_keys_direction(db: None) -> None:
    assert _order(total_order(AuditEvent.objects.order_by("-occurred_at"))) == [
        "-occurred_at",
        "-pk",
    ]
    assert _order(total_order(User.objects.order_by("last_name", "-username"))) == [
        "last_name",
        "-username",
        "pk",
    ]
    # The model's own ordering is kept; an ordering that already names the key is left.
    assert _order(total_order(RoleAssignment.objects.all())) == ["user__username", "role", "pk"]
    assert _order(total_order(User.objects.order_by("-id"))) == ["-id"]
    assert _order(total_order(User.objects.order_by())) == ["pk"]


def test_every_api_list_pages_in_a_total_order(api_as, world) -> None:
    """Every list endpoint pages with ``cadre.core.pagination.Paginator``; those with rows
    in the test world run a page query whose ORDER BY ends with its table's key."""
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    tables = {m._meta.db_table: m._meta.pk.column for m in apps.get_models()}
    client = api_as("admin")
    checked, failures = [], []
    for path, operations in schema["paths"].items():
        get = operations.get("get", {})
        if "{" in path or "page_size" not in {p["name"] for p in get.get("parameters", [])}:
            continue
        view = resolve(path).func.cls  # type: ignore[attr-defined]
        if not issubclass(view.pagination_class.django_paginator_class, Paginator):
            failures.append((path, view.pagination_class))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, {"page_size": 2}).status_code == 200, path
        # The page: a query with ORDER BY and LIMIT (the token lookup that authenticates
        # the request has a LIMIT too, and no ORDER BY).
        paged = [
            q["sql"]
            for q in queries
            if re.search(r"\bORDER BY\b.*\bLIMIT\b", q["sql"]) and "key_hash" not in q["sql"]
        ]
        if not paged:
            continue  # nothing to list in the test world
        sql = paged[-1]
        table = re.search(r'\bFROM "(\w+)"', sql).group(1)  # type: ignore[union-attr]
        last = re.search(r"ORDER BY (.*) LIMIT", sql).group(1).rsplit(",", 1)[-1].strip()  # type: ignore[union-attr]
        checked.append(path)
        if not re.fullmatch(rf'"{table}"\."{tables[table]}"( ASC| DESC)?', last):
            failures.append((path, last))
    assert len(checked) >= 5, checked
    assert failures == []


def test_no_view_uses_djangos_paginator() -> None:
    offenders = [
        str(path)
        for path in Path(cadre.__file__).parent.rglob("*.py")
        if path.name != "pagination.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and node.module == "django.core.paginator"
        and any(alias.name == "Paginator" for alias in node.names)
    ]
    assert offenders == []
