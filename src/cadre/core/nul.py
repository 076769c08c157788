"""No text that reaches Cadre may hold a NUL character.

PostgreSQL's text and ``jsonb`` columns cannot hold ``\\x00``: a NUL in a value that is
looked up or stored (a code chosen by ``SlugRelatedField``, a query-string filter, a URL
segment, a JSON document) fails in the database driver, a server error, while SQLite takes
it. Django's and DRF's ``CharField`` refuse it (``ProhibitNullCharactersValidator``); every
other way in is checked here, once, before any view runs: the API's parsers
(``cadre.core.api.parsers``) check request bodies, ``RefuseNulMiddleware`` checks query
strings and URL segments of every page and endpoint. The answer is the same on both
databases: 400, naming the field, with the validator's own code and message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

NUL = "\x00"
CODE = ProhibitNullCharactersValidator.code


def message() -> str:
    return str(ProhibitNullCharactersValidator.message)


def fields_with_nul(data: Any, prefix: str | None = None) -> Iterator[str | None]:
    """The (dotted) names of the fields of ``data`` whose text holds a NUL character.

    ``data`` is what a parser produced: a ``QueryDict`` (every value of a repeated key is
    looked at, and reported under the key), or JSON (objects, lists named by index as DRF
    names their errors, scalars); uploaded files are not text and are not looked into. A key
    that itself holds a NUL is reported under its parent's name.
    """
    if isinstance(data, str):
        if NUL in data:
            yield prefix
    elif isinstance(data, Mapping):
        items = data.lists() if hasattr(data, "lists") else data.items()
        for key, value in items:
            name = str(key)
            if NUL in name:
                yield prefix
            elif hasattr(data, "lists"):
                if any(isinstance(v, str) and NUL in v for v in value):
                    yield f"{prefix}.{name}" if prefix else name
            else:
                yield from fields_with_nul(value, f"{prefix}.{name}" if prefix else name)
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            yield from fields_with_nul(value, f"{prefix}.{i}" if prefix else str(i))


def first_field_with_nul(*sources: Mapping[str, Any]) -> tuple[bool, str | None]:
    for source in sources:
        for field in fields_with_nul(source):
            return True, field
    return False, None


def _api_error(field: str | None) -> HttpResponse:
    error = {"field": field, "code": CODE, "message": message()}
    return JsonResponse({"status": 400, "errors": [error]}, status=400)


class RefuseNulMiddleware:
    """Answer 400 to a request whose query string or URL segments hold a NUL character,
    before its view runs (so it changes nothing and reaches no database)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        found, field = first_field_with_nul(
            {k: v for k, v in view_kwargs.items() if isinstance(v, str)},
            {str(i): v for i, v in enumerate(view_args) if isinstance(v, str)},
            request.GET,
        )
        if not found:
            return None
        if request.path_info.startswith("/api/"):
            return _api_error(field)
        text = f"{field}: {message()}" if field else message()
        return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
