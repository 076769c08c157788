"""The citizen's rating through the API without Django's request cycle (decision 0010).

``POST /api/v1/ratings/`` is the one endpoint that takes a country's load (one call per
served citizen) and needs no session, user, CSRF or template: this WSGI wrapper takes a
well-formed rating on PostgreSQL straight to ``cadre_rating_submit`` and answers
``201 {"received": true}`` itself. Everything else goes on to Django untouched — other
paths, SQLite, anything the checks here do not accept as plainly valid, and every refusal
(a used or expired token, a cap, the network limit): the DRF view then answers it with the
message in the client's language. A refusal saved nothing, so the view finds the same
refusal again. The checks here accept a subset of what ``RatingSubmitSerializer`` accepts,
never more; the tests send the same requests both ways and compare.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterable
from typing import Any

from csp.utils import build_policy
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from cadre.ratings import keys
from cadre.ratings.choices import NeedMet
from cadre.ratings.models import COMMENT_MAX, CRITERIA

PATH = "/api/v1/ratings/"
MAX_BODY = 32 * 1024
FIELDS = frozenset({"token", *CRITERIA, "need_met", "comment"})
NEED_MET = frozenset(NeedMet.values) | {""}
# Set on the request when the network limit was already counted here, so the view does not
# count the same request twice: "allowed" or "refused". Not an HTTP_ key: a client cannot
# set it.
NETWORK_CHECKED = "cadre.ratings.network"

RECEIVED = b'{"received":true}'
HEADERS = [
    ("Content-Type", "application/json"),
    ("Content-Length", str(len(RECEIVED))),
    # What Django's security and clickjacking middleware add to the view's answer.
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    # What django-csp's middleware adds to every other response (settings.py).
    ("Content-Security-Policy", build_policy()),
]

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def plain_answers(body: bytes) -> tuple[str, dict[str, Any]] | None:
    """The token and the answers of a rating that is valid as it stands, or ``None`` when
    the serializer must look at it (to take it after coercion, or to say what is wrong)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or not data.keys() <= FIELDS:
        return None
    token = data.pop("token", None)
    if not isinstance(token, str) or not keys.TOKEN_RE.fullmatch(token):
        return None
    for name in CRITERIA:
        value = data.get(name)
        if value is None and name != "overall":
            continue
        if type(value) is not int or not 1 <= value <= 5:
            return None
    if data.get("need_met", "") not in NEED_MET:
        return None
    comment = data.get("comment", "")
    if not isinstance(comment, str):
        return None
    comment = comment.strip()  # as DRF's CharField trims
    if len(comment) > COMMENT_MAX or "\x00" in comment or not _encodable(comment):
        return None
    data["comment"] = comment
    return token, data


def _encodable(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:  # lone surrogates, which DRF refuses
        return False
    return True


def _body(environ: dict[str, Any]) -> bytes | None:
    """The request's body when it is JSON of a plausible size (and the stream is replaced
    so Django can read it again), else ``None`` with the stream untouched."""
    if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    if not 0 < length <= MAX_BODY:
        return None
    body: bytes = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _recycle_connection() -> None:
    """What Django's request signals do to the connection, without their per-request
    health check (a ``SELECT 1`` round trip before each rating): a connection past
    ``CONN_MAX_AGE`` or that saw an error is closed, and the statement reconnects. One that
    broke unseen fails its statement, which nothing wrote; the request then goes to Django,
    whose request start checks the connection's health and reconnects."""
    if connection.connection is None or connection.in_atomic_block:
        return  # (a request never starts inside a transaction; a test's does)
    expired = connection.close_at is not None and time.monotonic() >= connection.close_at
    if expired or connection.errors_occurred or not connection.get_autocommit():
        connection.close()


def wrap(django_app: WSGIApp) -> WSGIApp:
    """Django's WSGI application with the rating fast path in front of it."""
    from cadre.ratings.services import REFUSALS, submit_in_database
    from cadre.ratings.views import network_allows

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if (
            not settings.CADRE_RATING_FAST_PATH
            or environ.get("PATH_INFO") != PATH
            or environ.get("REQUEST_METHOD") != "POST"
            or connection.vendor != "postgresql"
        ):
            return django_app(environ, start_response)
        body = _body(environ)
        taken = plain_answers(body) if body is not None else None
        if taken is None:
            return django_app(environ, start_response)
        network = keys.network_key(environ.get("REMOTE_ADDR", ""))
        try:
            allowed = network_allows(network)
        except Exception:  # the cache is not answering: Redis restarting
            # Django asks again and, if the cache is still away, answers 503 with a clear
            # message (core/outage.py) rather than a bare 500 from here.
            return django_app(environ, start_response)
        if not allowed:
            environ[NETWORK_CHECKED] = "refused"
            return django_app(environ, start_response)
        environ[NETWORK_CHECKED] = "allowed"
        token, answers = taken
        _recycle_connection()
        try:
            outcome, _detail = submit_in_database(
                token=token, answers=answers, network=network, now=timezone.now()
            )
        except DatabaseError:
            # One statement in autocommit: nothing was written. Django answers (and logs),
            # after its own request start has checked the connection and reconnected.
            return django_app(environ, start_response)
        if outcome in REFUSALS:
            return django_app(environ, start_response)
        start_response("201 Created", HEADERS)
        return [RECEIVED]

    return application
