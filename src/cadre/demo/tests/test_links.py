"""No link leads to a page its reader cannot open (issue 18, item 2).

Every role of the demo walks the pages it can reach from the home page, following the links
the pages render, and none answers 403 or 404. Links are rendered from the same permission
check as their target, so a link a role may not follow is not shown at all. To keep the walk
short, each route (with the same query parameters) is followed once per role."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from cadre.demo.data import USERS

HREF = re.compile(r'href="([^"#]*)')
# Not pages: downloads, the API's own browser, signing out, switching the language.
SKIP = re.compile(r"^/(static|media|api|i18n|jsi18n|accounts/logout|logout)/|[?&]export=")


def _key(url: str) -> tuple[str, tuple[str, ...]] | None:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ("404:" + parts.path, ())
    params = tuple(sorted({k for k, _v in parse_qsl(parts.query) if k not in {"page", "sort"}}))
    return (match.view_name, params)


def _walk(client: Client, limit: int = 400) -> tuple[int, list[tuple[str, int, str]]]:
    seen: set[tuple[str, tuple[str, ...]]] = set()
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    bad: list[tuple[str, int, str]] = []
    pages = 0
    while queue and pages < limit:
        url, source = queue.popleft()
        key = _key(url)
        if key is None or key in seen:
            continue
        seen.add(key)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        pages += 1
        if response.status_code in (403, 404):
            bad.append((url, response.status_code, source))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = unescape(href)
            if not href.startswith("/") or href.startswith("//"):
                if href.startswith("?"):
                    href = urlsplit(url).path + href
                else:
                    continue
            if SKIP.search(href):
                continue
            queue.append((href, url))
    return pages, bad


def test_no_role_meets_a_link_it_cannot_follow(demo: dict[str, Any]) -> None:
    problems = {}
    walked = {}
    for username, *_rest in USERS:
        client = Client()
        assert client.login(username=username, password=settings.CADRE_DEMO_PASSWORD)
        pages, bad = _walk(client)
        walked[username] = pages
        if bad:
            problems[username] = bad
    assert problems == {}, "\n".join(
        f"{who}: {url} → {status} (linked from {source})"
        for who, bad in problems.items()
        for url, status, source in bad
    )
    # Each role really walked its pages (not a login page and nothing else).
    assert all(n >= 5 for n in walked.values()), walked
