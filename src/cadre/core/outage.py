"""A clear answer when the database or Redis is lost for a moment (decision 0042).

Django's ``handler500`` is called inside the ``except`` block of any exception that no view
or middleware answered. When that exception is a lost connection — PostgreSQL (or
PgBouncer) closed or refused it, Redis (cache, sessions, rate limits, broker) did not answer
— it is not a bug of Cadre but a moment of an outage: the answer is ``503 Service
Unavailable`` with ``Retry-After``, a short message in the user's language (JSON for the
API, a plain page otherwise) and no stack trace. The request's transaction was rolled back
by then (ATOMIC per service call), so nothing is half-written. Anything else keeps Django's
own 500 page.

The page is built here without a template, the session or the user: each of those may need
the very database or Redis that is missing.
"""

from __future__ import annotations

import sys
from html import escape

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 5


def _outage_kind(exc: BaseException | None) -> str | None:
    """ "database", "redis" or ``None`` (not an outage) for the exception being handled."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OperationalError | InterfaceError):
            return "database"
        module = type(exc).__module__
        if module.startswith(("redis", "kombu")) and isinstance(exc, Exception):
            name = type(exc).__name__
            if "Connection" in name or "Timeout" in name or name == "OperationalError":
                return "redis"
        if isinstance(exc, ConnectionError | TimeoutError):
            return "redis" if module.startswith(("redis", "kombu")) else None
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def outage_message(kind: str) -> str:
    if kind == "database":
        return _(
            "The database is not reachable for a moment. Nothing was saved; please try again "
            "in a few seconds."
        )
    return _(
        "The cache and queue service is not reachable for a moment. Nothing was saved; "
        "please try again in a few seconds."
    )


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    kind = _outage_kind(sys.exc_info()[1])
    if kind is None:
        return defaults.server_error(request, template_name)
    message = outage_message(kind)
    response: HttpResponse
    if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
        response = JsonResponse({"detail": message, "code": f"{kind}_unavailable"}, status=503)
    else:
        title = escape(_("Service unavailable"))
        response = HttpResponse(
            f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><h1>{title}</h1><p>{escape(message)}</p></body></html>",
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
