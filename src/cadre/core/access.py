"""Access helpers for custom pages, in the manner of Zulip's ``access_stream_by_id``.

``access(model_or_queryset, user, pk, action)`` returns the object the user may act on, or
raises the one "not found" (``Http404``) whether the object is missing, outside the user's
scope or named by a malformed value — so a page never tells which ids exist. The generic
views (``core/views.py``) and the API (``core/api/viewsets.py``) answer the same way: an
object outside the user's *view* scope is not found (404); one they see but may not act on
is refused (403) — ``access_or_403`` for that.

A page that needs ``select_related`` passes a queryset; the scope is applied to it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from cadre.core.errors import ApplicationError
from cadre.core.scoping import Action
from cadre.core.shortcuts import get_object_or_404

M = TypeVar("M", bound=Model)


def _restricted(model_or_queryset: type[M] | QuerySet[M], user: Any, action: str) -> QuerySet[M]:
    if isinstance(model_or_queryset, QuerySet):
        return model_or_queryset.restrict(user, action)  # type: ignore[attr-defined]
    return model_or_queryset.objects.restrict(user, action)  # type: ignore[attr-defined]


def access(
    model_or_queryset: type[M] | QuerySet[M],
    user: Any,
    pk: Any,
    action: str = Action.VIEW,
    **lookups: Any,
) -> M:
    """The object ``pk`` if ``user`` may do ``action`` on it, else ``Http404`` — the same
    answer for a missing, an out-of-scope and a malformed ``pk``. ``lookups`` narrow further
    (e.g. ``session=session``: an enrolment of this session only)."""
    if pk is None or isinstance(pk, bool):
        raise Http404
    return get_object_or_404(_restricted(model_or_queryset, user, action), pk=pk, **lookups)


def access_or_403(
    model_or_queryset: type[M] | QuerySet[M],
    user: Any,
    pk: Any,
    action: str,
    **lookups: Any,
) -> M:
    """As the generic views answer: out of the user's view scope (or missing) → 404; seen
    but ``action`` not allowed on it → 403 (``PermissionDenied``)."""
    obj = access(model_or_queryset, user, pk, Action.VIEW, **lookups)
    if action != Action.VIEW and not may(user, obj, action):
        raise PermissionDenied
    return obj


def may(user: Any, obj: Model, action: str, **lookups: Any) -> bool:
    """Whether ``user`` may do ``action`` on this very object (one query); ``lookups`` narrow
    further (e.g. ``is_open=True``)."""
    rows = type(obj).objects.restrict(user, action)  # type: ignore[attr-defined]
    return bool(rows.filter(pk=obj.pk, **lookups).exists())


def visible_ids(user: Any, model: type[Model], ids: Any) -> set[Any]:
    """Which of these objects ``user`` may open (one query): a page links to an object
    only if its reader may open it (issue 18)."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return set()
    rows = model.objects.restrict(user, Action.VIEW)  # type: ignore[attr-defined]
    return set(rows.filter(pk__in=wanted).values_list("pk", flat=True))


def require_may(
    actor: Any,
    obj: Model,
    action: str,
    message: Any,
    *,
    field: str | None,
    code: str = "scope",
    **lookups: Any,
) -> None:
    """The scope guard of a service on an object it is given (a row to attach, a test to
    sit): ``ApplicationError(message, field=field, code=code)`` unless ``actor`` may do
    ``action`` on it. The guard on an organisation is ``core.scoping.require_reach``."""
    if not may(actor, obj, action, **lookups):
        raise ApplicationError(message, field=field, code=code)


__all__ = ["Http404", "access", "access_or_403", "may", "require_may", "visible_ids"]
