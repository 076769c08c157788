"""Fixtures shared by every app's tests."""

from __future__ import annotations

import ipaddress
import socket
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
