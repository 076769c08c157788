"""One stable error body for the whole API.

Every error answers ``{"status": <http status>, "errors": [{"field", "code", "message"}]}``:
``field`` is the input field at fault (dotted for nested fields, ``null`` for the request as a
whole), ``code`` a stable machine-readable reason, ``message`` a human sentence in the
language of the request (``Accept-Language``).

A refusal because of the state of what the request names (it is in use, already published,
has children…) answers 409 Conflict, any other refusal of a service 400: ``CONFLICT_CODES``
is the one list of the codes that mean a state conflict.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from cadre.core.errors import ApplicationError


def _flatten(detail: Any, field: str | None, out: list[dict[str, Any]]) -> None:
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__") else str(key)
            _flatten(value, f"{field}.{name}" if field and name else (name or field), out)
    elif isinstance(detail, list):
        if detail and all(isinstance(d, dict) and {"message", "code"} <= set(d) for d in detail):
            out.extend(
                {"field": field, "code": d["code"], "message": str(d["message"])} for d in detail
            )
        else:
            for i, item in enumerate(detail):
                nested = isinstance(item, dict | list)
                _flatten(item, f"{field}.{i}" if nested and field else field, out)
    elif isinstance(detail, dict | str) or detail is not None:
        code = getattr(detail, "code", None) or "invalid"
        out.append({"field": field, "code": code, "message": str(detail)})


# ApplicationError codes that refuse a request because of the state of the object it names,
# not because of what the request says: answered 409 Conflict.
CONFLICT_CODES = frozenset(
    {
        "in_use",  # still referenced: posts of an organisation, points of a service type…
        "has_children",  # an organisation with organisations under it
        "protected",  # a standard that has been in force is kept
        "not_draft",  # only a draft can be published or put in force
        "already_submitted",  # an attempt submitted once
        "already_answered",  # a 360° request answered once
        "revoked",  # a token or certificate already revoked
        "not_held",  # a rating no longer held for review
        "state",  # a step its object's state does not allow: deciding a withdrawn appeal…
    }
)


def status_for(exc: ApplicationError) -> int:
    """The HTTP status of a service's refusal: 409 for a state conflict, else 400."""
    return status.HTTP_409_CONFLICT if exc.code in CONFLICT_CODES else status.HTTP_400_BAD_REQUEST


def error_body(status_code: int, errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"status": status_code, "errors": errors}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        errors = [
            {"field": field, "code": exc.code, "message": str(message)}
            for field, messages in exc.errors.items()
            for message in messages
        ]
        http_status = status_for(exc)
        return Response(error_body(http_status, errors), status=http_status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    out: list[dict[str, Any]] = []
    if isinstance(exc, exceptions.ValidationError):
        _flatten(exc.get_full_details(), None, out)
    else:
        full: Any = exc.get_full_details()
        message = full.get("message", exc.detail) if isinstance(full, dict) else exc.detail
        code = full.get("code", exc.default_code) if isinstance(full, dict) else exc.default_code
        out.append({"field": None, "code": code, "message": str(message)})
    response.data = error_body(response.status_code, out)
    return response
