"""Reads of the organisation tree that services of other apps share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from cadre.core.fields import path_ids
from cadre.core.i18n_names import reader_language
from cadre.orgs.models import Organisation


def countries_of(organisations: Iterable[Organisation]) -> dict[int, str]:
    """The country of each organisation (by id): the nearest one on its path, itself first,
    that names a country; ``""`` when none does (decision 0015). One query per 10,000
    organisations on their paths, whatever their number (only those that name a country are
    read: a handful of roots)."""
    organisations = list(organisations)
    ancestors = {i for org in organisations for i in path_ids(org.path)}
    named: dict[int, str] = {}
    ids = sorted(ancestors)
    for start in range(0, len(ids), 10_000):  # SQLite takes at most 32,766 values in an IN
        named.update(
            Organisation.objects.filter(pk__in=ids[start : start + 10_000])
            .exclude(country="")
            .values_list("pk", "country")
        )
    result: dict[int, str] = {}
    for org in organisations:
        result[org.pk] = next(
            (named[i] for i in reversed(path_ids(org.path)) if i in named), org.country or ""
        )
    return result


def pick(user: Any, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """The organisations ``user`` may see whose name or code holds ``text``, the highest in
    the tree first, each with its path of names from the root (``Kazakhstan › Ministry …``);
    two queries, whatever the tree's size."""
    text = text.strip()
    if not text:
        return []
    found = list(
        Organisation.objects.restrict(user, "view")
        .filter(
            Q(name__icontains=text)
            | Q(code__iexact=text)
            # The name in the reader's language too (decision 0044).
            | Q(**{f"names__{reader_language()}__icontains": text})
        )
        .order_by("depth", "name", "pk")
        .only("pk", "name", "names", "path")[:limit]
    )
    ancestors = {i for org in found for i in path_ids(org.path)[:-1]}
    names = {
        o.pk: o.display_name
        for o in Organisation.objects.filter(pk__in=ancestors).only("pk", "name", "names")
    }
    return [
        {
            "id": org.pk,
            "name": org.display_name,
            "path": " › ".join(names[i] for i in path_ids(org.path)[:-1] if i in names),
        }
        for org in found
    ]


def tree_rows() -> list[tuple[int, int | None, str, str, str]]:
    """Every organisation as ``(id, parent id, path, kind, name)``, in path order — for
    analytics, which groups bodies by region (decision 0037). One query; a system read,
    the caller scopes what it shows."""
    return list(
        Organisation.objects.order_by("path").values_list("pk", "parent_id", "path", "kind", "name")
    )
