"""Fixtures shared by every app's tests."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from cadre.core.testing.world import World, build_world

# The Celery worker fixtures (``worker``, ``celery_queue``), for tests marked ``redis``.
pytest_plugins = ["cadre.core.testing.celery"]

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise RuntimeError(f"tests may not reach the network ({host})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests reach only this machine (databases, Redis, the live server)."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


# The shared demo (``demo`` fixture): its outer transaction, held open while the tests that
# read it run, and the database blocker to reach it with.
_DEMO: dict[str, Any] = {}


def _uses_demo(item: pytest.Item | None) -> bool:
    return item is not None and "demo" in getattr(item, "fixturenames", ())


def _db_order(item: pytest.Item) -> int:
    """pytest-django's order: 0 database tests, 1 transactional ones, 2 the others."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    if (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or (
            marker is not None
            and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
        )
    ):
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that read the shared demo run one after another, after the other database
    tests and before the transactional ones (whose flush empties what the migrations loaded):
    the demo is loaded before the first of them and rolled back after the last."""
    demo = [item for item in items if _uses_demo(item)]
    if not demo:
        return
    rest = [item for item in items if not _uses_demo(item)]
    at = next((n for n, item in enumerate(rest) if _db_order(item) != 0), len(rest))
    items[:] = [*rest[:at], *demo, *rest[at:]]


def _demo_close() -> None:
    from django.db import transaction

    outer = _DEMO.pop("atomic", None)
    if outer is not None:
        with _DEMO["blocker"].unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    yield
    if "atomic" in _DEMO and not _uses_demo(nextitem):
        _demo_close()


@pytest.fixture(scope="session")
def _demo_loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The whole demo, loaded once (a load writes some 70,000 audit events: a minute or two
    on PostgreSQL) inside a transaction held open while the tests reading it run, then
    rolled back (``pytest_runtest_teardown``), as Django's ``TestCase.setUpTestData`` does
    for a class. Each test runs in a savepoint of its own, so what a test changes is gone
    before the next one."""
    from django.db import transaction
    from django.utils import translation

    from cadre.demo.data import demo_load

    outer = transaction.atomic()
    # As TestCase's class-wide block: a durable block may still open inside it.
    outer._from_testcase = True  # type: ignore[attr-defined]
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            with translation.override("en"):
                created = demo_load()
        except BaseException as exc:
            outer.__exit__(type(exc), exc, exc.__traceback__)
            raise
    _DEMO.update(atomic=outer, blocker=django_db_blocker)
    yield created
    _demo_close()


@pytest.fixture
def demo(_demo_loaded: dict[str, Any], db: Any) -> dict[str, Any]:
    """The demo (loaded once per session, see ``_demo_loaded``); returns what its first
    load created. Caches are emptied: an earlier test's figures must not be read."""
    from django.core.cache import cache

    cache.clear()
    return _demo_loaded


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def as_user(world: World) -> Any:
    """``as_user("hr_a")`` → a web client signed in as that user of the world."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(world.users[username])
        return client

    return make


@pytest.fixture
def api_as(world: World) -> Any:
    """``api_as("hr_a")`` → an API client authenticated with a real token of that user."""
    from cadre.accounts.services import api_token_create

    def make(username: str) -> APIClient:
        _token, key = api_token_create(actor=world.users[username], name="test")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.fixture(autouse=True)
def _english_by_default() -> Any:
    """Services speak the active language; tests read English unless they ask for another."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def thread_runner(transactional_db: Any, settings: Any) -> Any:
    """Jobs run as in the embedded mode: in a thread of this process, after commit, with
    their progress flushed often. The test ends only when every task thread has (an import
    starts the recount of its figures in a thread of its own), so none of them touches the
    database while it is emptied for the next test."""
    from cadre.core.tasks import threads_join

    settings.CADRE_TASKS = "thread"
    settings.CADRE_JOB_FLUSH_SECONDS = 0.05
    yield
    assert threads_join(120), "a task thread was still running 120 s after the test"
