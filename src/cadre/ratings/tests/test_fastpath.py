"""The rating fast path in front of Django (``cadre.ratings.fastpath``): it takes only what
the serializer would take as it stands, answers exactly as the view does, and leaves every
refusal to the view."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.utils import timezone

from cadre.ratings import fastpath, keys
from cadre.ratings.api.serializers import RatingSubmitSerializer
from cadre.ratings.models import EmployeeScore, Interaction, Rating
from cadre.ratings.scores import scores_fold
from cadre.ratings.tests.conftest import issue

TOKEN = "A" * 22
TAKEN: list[Any] = [
    {"token": TOKEN, "overall": 4},
    {"token": TOKEN, "overall": 1, "time_taken": 5, "waiting": None, "need_met": "partly"},
    {"token": TOKEN, "overall": 5, "comment": "  Quick and polite.  ", "need_met": ""},
    {"token": TOKEN, "overall": 3, "comment": "x" * 2000},
    {"token": TOKEN, "overall": 3, "comment": " " + "x" * 2000 + " "},
]
# Each of these the serializer refuses or must coerce first: the fast path passes them on.
PASSED_ON: list[Any] = [
    {"token": TOKEN, "overall": "4"},
    {"token": TOKEN, "overall": True},
    {"token": TOKEN, "overall": 4.0},
    {"token": TOKEN, "overall": 0},
    {"token": TOKEN, "overall": 6},
    {"token": TOKEN, "overall": None},
    {"token": TOKEN},
    {"token": TOKEN, "overall": 4, "courtesy": 9},
    {"token": TOKEN, "overall": 4, "stars": 5},
    {"token": TOKEN, "overall": 4, "need_met": "maybe"},
    {"token": TOKEN, "overall": 4, "comment": "x" * 2001},
    {"token": TOKEN, "overall": 4, "comment": "nul\x00"},
    {"token": TOKEN, "overall": 4, "comment": 5},
    {"token": " " + TOKEN, "overall": 4},
    {"token": "short", "overall": 4},
    {"token": 12, "overall": 4},
    {"overall": 4},
    [TOKEN, 4],
    "rating",
]


@pytest.mark.parametrize("data", TAKEN)
def test_the_fast_path_takes_what_the_serializer_takes_as_it_stands(data) -> None:
    serializer = RatingSubmitSerializer(data=data)
    assert serializer.is_valid(), serializer.errors
    expected = dict(serializer.validated_data)
    token = expected.pop("token")
    plain = fastpath.plain_answers(json.dumps(data).encode())
    assert plain == (token, {"comment": "", **expected})


@pytest.mark.parametrize("data", PASSED_ON)
def test_anything_else_goes_to_the_view(data) -> None:
    assert fastpath.plain_answers(json.dumps(data).encode()) is None


def test_bodies_that_are_not_json_objects_go_to_the_view() -> None:
    for body in (b"", b"{", b"NaN", b'{"token": "' + TOKEN.encode() + b'", "overall": 4'):
        assert fastpath.plain_answers(body) is None
    lone_surrogate = b'{"token": "' + TOKEN.encode() + b'", "overall": 4, "comment": "\\ud800"}'
    assert fastpath.plain_answers(lone_surrogate) is None


class Server:
    """Cadre's WSGI application with the fast path, counting what reached Django."""

    def __init__(self) -> None:
        self.django = WSGIHandler()
        self.reached_django = 0

        def counted(environ: dict[str, Any], start_response: Any) -> Any:
            self.reached_django += 1
            return self.django(environ, start_response)

        self.app = fastpath.wrap(counted)

    def post(
        self, body: Any, address: str = "127.0.0.1", content_type: str = "application/json"
    ) -> tuple[int, dict[str, str], bytes]:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        environ = (
            RequestFactory()
            .post(
                fastpath.PATH,
                data=raw,
                content_type=content_type,
                HTTP_ACCEPT_LANGUAGE="en",
                REMOTE_ADDR=address,
            )
            .environ
        )
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], *exc: Any) -> None:
            answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

        result = self.app(environ, start_response)
        content = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        return answer["status"], answer["headers"], content


@pytest.fixture
def server() -> Iterator[Server]:
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield Server()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _network() -> str:
    """An address of this run's own, so other tests' requests do not count against it."""
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.9"


def test_a_rating_is_answered_as_the_view_answers_it(desk, server) -> None:
    by_fast_path = issue(desk, "FAST-1", "ID-F1")
    status, headers, body = server.post(
        {"token": by_fast_path, "overall": 2, "need_met": "no", "comment": "  Rude.  "}
    )
    assert (status, json.loads(body)) == (201, {"received": True})
    on_postgres = connection.vendor == "postgresql"
    assert server.reached_django == (0 if on_postgres else 1)
    rating = Rating.objects.get()
    assert (rating.overall, rating.need_met, rating.comment, rating.status) == (
        2,
        "no",
        "Rude.",
        "counted",
    )
    assert rating.comment_status == "pending" and rating.answer_due is not None
    scores_fold(until=timezone.now() + dt.timedelta(seconds=1))  # the officer's rating
    assert EmployeeScore.objects.get(employee=desk.officer).negatives == 1
    assert Interaction.objects.get(external_id="FAST-1").used_at is not None

    by_django = issue(desk, "FAST-2", "ID-F2")
    with_fast_path_off = {"CADRE_RATING_FAST_PATH": False}
    from django.test import override_settings

    with override_settings(**with_fast_path_off):
        status_off, headers_off, body_off = server.post({"token": by_django, "overall": 2})
    assert (status_off, body_off) == (status, body)
    shared = {"Content-Type", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"}
    assert {k: headers[k] for k in shared} == {k: headers_off[k] for k in shared}
    assert headers["Cross-Origin-Opener-Policy"] == headers_off["Cross-Origin-Opener-Policy"]


def test_refusals_are_answered_by_the_view_in_the_clients_language(desk, server) -> None:
    token = issue(desk, "FAST-3", "ID-F3")
    assert server.post({"token": token, "overall": 5})[0] == 201
    before = server.reached_django
    status, _headers, body = server.post({"token": token, "overall": 1})
    assert status == 400
    assert json.loads(body)["errors"] == [
        {
            "field": "token",
            "code": "used",
            "message": "This service has already been rated with this link.",
        }
    ]
    assert server.reached_django == before + 1
    status, _headers, body = server.post({"token": issue(desk, "FAST-4"), "overall": "five"})
    assert status == 400 and json.loads(body)["errors"][0]["field"] == "overall"
    status, _headers, body = server.post(b"overall=5", content_type="text/plain")
    assert status == 415
    assert Rating.objects.count() == 1


def test_a_refused_network_is_counted_once(desk, server, settings) -> None:
    settings.CADRE_RATING_NETWORK_PER_MINUTE = 1
    address = _network()
    first, second = issue(desk, "FAST-5", "ID-F5"), issue(desk, "FAST-6", "ID-F6")
    assert server.post({"token": first, "overall": 4}, address=address)[0] == 201
    status, _headers, _body = server.post({"token": second, "overall": 4}, address=address)
    assert status == 429
    assert cache.get(f"ratings:rate:{keys.network_key(address)}") == 2
    assert Rating.objects.count() == 1
    assert Interaction.objects.get(external_id="FAST-6").used_at is None


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_broke_unseen_falls_back_to_django_which_reconnects(desk) -> None:
    """No health check before each rating: a dead connection fails the one statement
    (nothing written) and the request goes to Django, whose request start reconnects."""
    if connection.vendor != "postgresql":
        pytest.skip("the fast path runs on PostgreSQL")
    import psycopg

    token = issue(desk, "BROKEN-1", "ID-B1")
    server = Server()
    # A connection of its own: one older than CONN_MAX_AGE (the session's, after a minute
    # of other tests) would be recycled by the fast path before the statement, unbroken.
    connection.close()
    connection.ensure_connection()
    backend = connection.connection.info.backend_pid

    with psycopg.connect(
        host=connection.settings_dict["HOST"] or "127.0.0.1",
        port=connection.settings_dict["PORT"] or 5432,
        user=connection.settings_dict["USER"],
        dbname=connection.settings_dict["NAME"],
        autocommit=True,
    ) as other:
        # With a timeout it waits until the backend is gone (else a loaded machine races).
        other.execute("SELECT pg_terminate_backend(%s, 10000)", [backend])
    status, _headers, body = server.post({"token": token, "overall": 5}, address=_network())
    assert (status, json.loads(body)) == (201, {"received": True})
    assert server.reached_django == 1
    assert Rating.objects.get().overall == 5


def test_the_caps_hold_after_the_function_has_run_many_times(desk, settings) -> None:
    """PL/pgSQL caches a generic plan after five calls; the cap checks are planned per call
    (migration 0012) and must refuse exactly as before."""
    if connection.vendor != "postgresql":
        pytest.skip("the function runs on PostgreSQL")
    from django.utils import timezone

    from cadre.ratings.services import submit_in_database

    settings.CADRE_RATING_MIN_SECONDS = 0
    tokens = [issue(desk, f"MANY-{n}", f"ID-M{n}") for n in range(8)]
    again = issue(desk, "MANY-again", "ID-M3")
    now = timezone.now()
    outcomes = [
        submit_in_database(token=t, answers={"overall": 4}, network="", now=now)[0] for t in tokens
    ]
    assert outcomes == ["counted"] * 8
    assert submit_in_database(token=again, answers={"overall": 4}, network="", now=now)[0] == (
        "daily_cap"
    )
    assert Rating.objects.count() == 8
