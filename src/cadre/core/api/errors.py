"""One stable error body for the whole API.

Every error answers ``{"status": <http status>, "errors": [{"field", "code", "message"}]}``:
``field`` is the input field at fault (dotted for nested fields, ``null`` for the request as a
whole), ``code`` a stable machine-readable reason, ``message`` a human sentence in the
language of the request (``Accept-Language``).
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


def error_body(status_code: int, errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"status": status_code, "errors": errors}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        errors = [
            {"field": field, "code": exc.code, "message": str(message)}
            for field, messages in exc.errors.items()
            for message in messages
        ]
        return Response(error_body(400, errors), status=status.HTTP_400_BAD_REQUEST)
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
