"""The permission vocabulary: what a grant is, how a user's grants are resolved into a
reach, and the one table of grants that apps contribute to (docs/decisions/0002).

A grant is a model label (``"orgs.organisation"``, or ``"*"`` for every model but the
private ones) and the set of actions allowed on it, given to a role. Apps contribute their
grants from their own ``app.py`` (``grant(role, {label: actions})``); the roles themselves
and who holds them belong to ``accounts``, which tells core a user's assignments through
``assignments_source``. A user's resolved reaches are cached on the user object, so they
are computed once per request. ``ScopedQuerySet.restrict`` and the API permission class
read this module; core names no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reach:
    """Where a user's grants for one (model, action) reach."""

    everything: bool = False
    paths: list[str] = field(default_factory=list)
    own: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.paths or self.own)


ALL = frozenset({"view", "add", "change", "delete"})
VIEW = frozenset({"view"})

# role → model label (or "*") → actions; filled by the apps' grant() calls.
ROLE_GRANTS: dict[str, dict[str, frozenset[str]]] = {}
# model label → actions anyone may do on their own rows (``scope_self_field``).
OWN_GRANTS: dict[str, frozenset[str]] = {}
# Models that "*" grants do not reach: secrets that belong to their owner alone.
PRIVATE: set[str] = set()


def _no_assignments(user: Any) -> list[tuple[str, str | None]]:
    return []


# ``user → [(role, organisation path or None)]``, set by the app that keeps assignments.
_assignments: Callable[[Any], list[tuple[str, str | None]]] = _no_assignments


def assignments_source(fn: Callable[[Any], list[tuple[str, str | None]]]) -> None:
    """Tell core where a user's role assignments come from (``accounts`` does, at start)."""
    global _assignments
    _assignments = fn


def grant(role: str, grants: dict[str, frozenset[str]]) -> None:
    """Add grants to a role. A model granted twice gets the union of the actions."""
    table = ROLE_GRANTS.setdefault(str(role), {})
    for model, actions in grants.items():
        table[model] = table.get(model, frozenset()) | actions


def grant_own(grants: dict[str, frozenset[str]]) -> None:
    """Let everyone do these actions on their own rows of these models."""
    for model, actions in grants.items():
        OWN_GRANTS[model] = OWN_GRANTS.get(model, frozenset()) | actions


def private(*models: str) -> None:
    """Keep these models out of ``"*"`` grants (they belong to their owner alone)."""
    PRIVATE.update(models)


def _allows(role: str, label: str, action: str) -> bool:
    grants = ROLE_GRANTS.get(role, {})
    if action in grants.get(label, frozenset()):
        return True
    return label not in PRIVATE and action in grants.get("*", frozenset())


def assignments_of(user: Any) -> list[tuple[str, str | None]]:
    """``(role, organisation path or None)`` for each of the user's assignments, cached on
    the user object for the request."""
    cached = getattr(user, "_cadre_assignments", None)
    if cached is None:
        cached = list(_assignments(user))
        user._cadre_assignments = cached
    return cached


def reach_of_user(user: Any, label: str, action: str) -> Reach:
    """The reach of the user's grants for ``action`` on ``label``, resolved once per user
    object (a request's user) and model and action."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Reach()
    cache: dict[tuple[str, str], Reach] | None = getattr(user, "_cadre_reach", None)
    if cache is None:
        cache = user._cadre_reach = {}
    if (label, action) not in cache:
        cache[label, action] = _resolve(user, label, action)
    reach = cache[label, action]
    return Reach(everything=reach.everything, paths=list(reach.paths), own=reach.own)


def _resolve(user: Any, label: str, action: str) -> Reach:
    reach = Reach()
    if user.is_superuser and label not in PRIVATE:
        reach.everything = True
        return reach
    for role, path in assignments_of(user):
        if not _allows(role, label, action):
            continue
        if path is None:
            reach.everything = True
            return reach
        reach.paths.append(path)
    if action in OWN_GRANTS.get(label, frozenset()):
        reach.own = True
    return reach


def forget_permissions(user: Any) -> None:
    """Drop what was resolved for ``user`` (after their assignments changed)."""
    for name in ("_cadre_assignments", "_cadre_reach"):
        if hasattr(user, name):
            delattr(user, name)


def can(user: Any, label: str, action: str) -> bool:
    """Whether the user may do ``action`` on some row of the model (ignoring which)."""
    return not reach_of_user(user, label, action).nothing


def roles_of(user: Any) -> set[str]:
    return {role for role, _ in assignments_of(user)}


def may(model: str, action: str = "view") -> Any:
    """``user → bool``: whether the user may do ``action`` on ``model`` (a menu entry's
    ``visible``, core/registry.py)."""
    return lambda user: can(user, model, action)
