"""``get_object_or_404`` for lookups by a value the request supplied.

Django's shortcut lets a malformed value through to the database lookup: ``pk="abc"``
raises ``ValueError`` (a 500) where the object is simply not found. This one answers 404
for a value that cannot name an object, as DRF's ``get_object`` does. Views use it, never
Django's (``core/tests/test_shortcuts.py`` checks).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404 as _django_get_object_or_404

M = TypeVar("M", bound=Model)


def get_object_or_404(queryset: type[M] | QuerySet[M], *args: Any, **kwargs: Any) -> M:
    try:
        return _django_get_object_or_404(queryset, *args, **kwargs)
    except (TypeError, ValueError, ValidationError) as exc:
        raise Http404 from exc
