"""Reads about accounts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from cadre.accounts.models import RoleAssignment, User
from cadre.core.fields import subtree_q


def pick(user: Any, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """What the user picker offers for ``text``: up to ``limit`` accounts ``user`` may see
    whose user name, first or last name holds it, each with its full name and user name."""
    text = text.strip()
    if not text:
        return []
    words = text.split()
    match = Q()
    for word in words:
        match &= (
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    found = (
        User.objects.restrict(user, "view")
        .filter(match)
        .order_by("username", "pk")
        .only("pk", "username", "first_name", "last_name")[:limit]
    )
    return [
        {"id": u.pk, "name": u.get_full_name() or u.username, "path": u.username} for u in found
    ]


def role_holders(roles: Iterable[str], within: str) -> QuerySet[User]:
    """Active accounts that hold one of ``roles`` nationally or over an organisation in the
    subtree at the path ``within``, and superusers (who hold every grant)."""
    held = RoleAssignment.objects.filter(role__in=sorted(roles)).filter(
        Q(organisation__isnull=True) | subtree_q("organisation__path", within)
    )
    return User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(pk__in=held.values("user_id"))
    )
