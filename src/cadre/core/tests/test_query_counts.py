"""Query-count baselines (NetBox's query_counts.json): every list page and every list
endpoint of the API, read by the national administrator and by a body's HR officer over
the demo, runs exactly the queries recorded in ``query_counts.json`` for the database, or
fewer. A count that grows fails (an N+1 slipped in); one that shrinks is reported, to be
recorded. ``CADRE_UPDATE_QUERY_COUNTS=1 ./cadre test -k query_counts`` rewrites the file
(for the database the run uses: run it on SQLite and on PostgreSQL).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cadre.accounts.models import User

BASELINES = Path(__file__).with_name("query_counts.json")
READERS = ("admin", "hr")  # the demo's national administrator and a ministry's HR officer


def _list_pages() -> list[str]:
    names: list[str] = []

    def walk(patterns: Any, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif (
                isinstance(p, URLPattern)
                and p.name
                and p.name.endswith("_list")
                and not p.pattern.converters
            ):
                names.append(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns, "")
    return sorted(n for n in names if not n.startswith("v1:"))


def _list_endpoints() -> list[str]:
    return sorted(
        reverse(f"v1:{name.split(':', 1)[1]}")
        for name in _api_list_names(get_resolver().url_patterns, "")
    )


def _api_list_names(patterns: Any, namespace: str) -> list[str]:
    out: list[str] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            out += _api_list_names(
                p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace
            )
        elif (
            isinstance(p, URLPattern)
            and namespace.startswith("v1:")
            and p.name
            and p.name.endswith("-list")
            and not p.pattern.converters
            and "format" not in str(p.pattern)
        ):
            out.append(f"{namespace}{p.name}")
    return sorted(set(out))


def test_list_pages_and_endpoints_keep_their_query_counts(demo: dict[str, Any]) -> None:
    counts: dict[str, int] = {}
    for username in READERS:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        client.get("/")  # the session and the user's first queries, not counted
        # The home page first: what every app contributes to it stays a few queries.
        targets = ["/"] + [reverse(n) for n in _list_pages()] + _list_endpoints()
        for url in targets:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(
                    url, HTTP_ACCEPT="text/html" if "/api/" not in url else "application/json"
                )
            assert response.status_code in {200, 403}, (username, url, response.status_code)
            counts[f"{username} {url}"] = len(queries)

    recorded: dict[str, dict[str, int]] = json.loads(BASELINES.read_text(encoding="utf-8"))
    if os.environ.get("CADRE_UPDATE_QUERY_COUNTS"):
        recorded[connection.vendor] = dict(sorted(counts.items()))
        BASELINES.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
        return
    baseline = recorded.get(connection.vendor, {})
    grown = {k: (baseline.get(k), v) for k, v in counts.items() if v > baseline.get(k, -1)}
    assert grown == {}, (
        "more queries than recorded (recorded, now); if intended, rerun with "
        "CADRE_UPDATE_QUERY_COUNTS=1"
    )
