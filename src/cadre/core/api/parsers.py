"""The API's parsers: DRF's own, refusing text that holds a NUL character (``cadre.core.nul``).

Every body an API view reads goes through one of these (``DEFAULT_PARSER_CLASSES``; a view
that names its own parsers takes them from here), so a NUL anywhere in a body — a code
looked up by ``SlugRelatedField``, a JSON document, a form field — is a 400 naming the field
before any serializer or database sees it.
"""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ErrorDetail, ValidationError

from cadre.core import nul


def _refuse_nul(data: Any) -> None:
    fields = list(dict.fromkeys(nul.fields_with_nul(data)))
    if fields:
        error = [ErrorDetail(nul.message(), code=nul.CODE)]
        raise ValidationError({field or "non_field_errors": error for field in fields})


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _refuse_nul(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _refuse_nul(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        _refuse_nul(parsed.data)
        return parsed
