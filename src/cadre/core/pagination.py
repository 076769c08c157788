"""Pages of a list that never repeat a row nor skip one.

A page is a separate query (``LIMIT``/``OFFSET``); if the order does not fix the place of
every row — ``-observed_at`` when two rows share a moment — the database may order the
ties differently on each query, so one row appears on two pages and another on none.
``total_order`` ends every ordering with the primary key, in the direction of the
ordering's first key; ``Paginator`` applies it to every paged query set, on pages and in
the API (``CadrePagination``). Views use it, never Django's (``core/tests/test_pagination.py``
checks).
"""

from __future__ import annotations

from typing import Any

from django.core import paginator
from django.db.models import F, OrderBy, QuerySet


def _descending(term: Any) -> bool:
    if isinstance(term, str):
        return term.startswith("-")
    if isinstance(term, OrderBy):
        return bool(term.descending)
    return False


def _is_pk(term: Any, pk_name: str) -> bool:
    names = {"pk", pk_name}
    if isinstance(term, str):
        return term.lstrip("-") in names
    if isinstance(term, OrderBy) and isinstance(term.expression, F):
        return term.expression.name in names
    return isinstance(term, F) and term.name in names


def total_order(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """``queryset`` ordered as it was, then by primary key: a total order."""
    query = queryset.query
    if query.combinator:  # a union's ordering can only name its columns
        return queryset
    ordering = list(query.order_by) or (
        list(queryset.model._meta.ordering) if query.default_ordering else []
    )
    pk_name = queryset.model._meta.pk.name
    if any(_is_pk(term, pk_name) for term in ordering):
        return queryset
    tie_break = "-pk" if ordering and _descending(ordering[0]) else "pk"
    return queryset.order_by(*ordering, tie_break)


class Paginator(paginator.Paginator):
    """Django's paginator, with a query set put in a total order first."""

    def __init__(self, object_list: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(object_list, QuerySet):
            object_list = total_order(object_list)
        super().__init__(object_list, *args, **kwargs)


def query_with(params: Any, **changes: Any) -> str:
    """``?…`` of the list's parameters ``params`` (a ``QueryDict``) with ``changes`` made
    (``None`` drops one): a parameter is replaced, never repeated, and an empty one
    (``?q=&kind=``), the first page and an export are left out, so links stay clean."""
    query = params.copy()
    for key in ("page", "export"):
        query.pop(key, None)
    for key in list(query.keys()):
        values = [v for v in query.getlist(key) if v != ""]
        if values:
            # One order and one page size: the last given is the one in force.
            query.setlist(key, values[-1:] if key in ("sort", "per_page") else values)
        else:
            query.pop(key)
    for key, value in changes.items():
        if value is None or (key == "page" and str(value) == "1"):
            query.pop(key, None)
        else:
            query[key] = str(value)
    text = query.urlencode()
    return f"?{text}" if text else "?"
