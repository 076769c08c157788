"""The permission vocabulary: what a grant is, how a user's grants are resolved into a
reach, and the one table of grants that apps contribute to (docs/decisions/0002).

A grant is a model label (``"orgs.organisation"``, or ``"*"`` for every model but the
private ones) and the set of actions allowed on it, given to a role. Apps contribute their
grants from their own ``app.py`` (``grant(role, {label: actions})``); the roles themselves
and who holds them belong to ``accounts``, which tells core a user's assignments through
``assignments_source``. A user's resolved reaches are cached on the user object, so they
are computed once per request. ``ScopedQuerySet.restrict`` and the API permission class
read this module; core names no app.

Besides grants to roles (a subtree, or everything for national roles) a user reaches rows
in three other ways (docs/decisions/0016): their **own** rows (``grant_own``), the rows of
the units they **head** (``grant_line``: line management, from the posts they hold now) and
the rows they are a **member** of (``grant_member``: a panel, a jury, a team). Rows and
fields of a **data class** (``DataClass``: personal, pay, …) are reached through a role only
when the role is granted the class by name (``grant_classes``); a ``"*"`` grant alone never
includes them. ``aggregate`` is the action of counting without listing: any view grant
implies it, and a role may be granted it alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reach:
    """Where a user's grants for one (model, action) reach: everything, organisation
    subtrees (by role, or as the head of a unit), their own rows, the rows they are a
    member of."""

    everything: bool = False
    paths: list[str] = field(default_factory=list)
    own: bool = False
    member: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.paths or self.own or self.member)


ALL = frozenset({"view", "add", "change", "delete"})
VIEW = frozenset({"view"})
AGGREGATE = frozenset({"aggregate"})


class DataClass:
    """Classes of data a role sees only when granted them by name (decision 0016)."""

    PERSONAL = "personal"  # national identifiers, birth dates, contacts
    PAY = "pay"  # salaries, bonus funds, awards
    RATING_IDENTITY = "rating_identity"  # who rated whom: citizens' contacts, raw ratings
    ASSESSMENT_ANSWERS = "assessment_answers"  # a person's answers and raters' comments
    ETHICS = "ethics"  # declarations of interest, gifts, disciplinary cases (docs/ethics.md)

    ALL = (PERSONAL, PAY, RATING_IDENTITY, ASSESSMENT_ANSWERS, ETHICS)


# role → model label (or "*") → actions; filled by the apps' grant() calls.
ROLE_GRANTS: dict[str, dict[str, frozenset[str]]] = {}
# model label → actions anyone may do on their own rows (``scope_self_field``).
OWN_GRANTS: dict[str, frozenset[str]] = {}
# Models that "*" grants do not reach: secrets that belong to their owner alone.
PRIVATE: set[str] = set()
# role → the data classes it sees (within the reach of its assignments).
ROLE_CLASSES: dict[str, frozenset[str]] = {}
# model label → its data class (``data_class`` on the model, collected at start).
MODEL_CLASSES: dict[str, str] = {}
# model label → actions whoever heads a unit may do on the rows of that unit's subtree.
LINE_GRANTS: dict[str, frozenset[str]] = {}
# model label → actions a user may do on the rows they are a member of.
MEMBER_GRANTS: dict[str, frozenset[str]] = {}


def _no_assignments(user: Any) -> list[tuple[str, str | None]]:
    return []


# ``user → [(role, organisation path or None)]``, set by the app that keeps assignments.
_assignments: Callable[[Any], list[tuple[str, str | None]]] = _no_assignments


def assignments_source(fn: Callable[[Any], list[tuple[str, str | None]]]) -> None:
    """Tell core where a user's role assignments come from (``accounts`` does, at start)."""
    global _assignments
    _assignments = fn


def _no_lines(user: Any) -> list[str]:
    return []


# ``user → [organisation path]`` of the units the user heads now, set by the app that
# keeps who holds which post (``people``).
_lines: Callable[[Any], list[str]] = _no_lines


def line_source(fn: Callable[[Any], list[str]]) -> None:
    """Tell core which units a user heads (``people`` does, at start)."""
    global _lines
    _lines = fn


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


def grant_classes(role: str, classes: set[str] | frozenset[str]) -> None:
    """Let a role see these data classes within the reach of its assignments."""
    unknown = set(classes) - set(DataClass.ALL)
    if unknown:
        raise ValueError(f"unknown data classes: {sorted(unknown)}")
    ROLE_CLASSES[str(role)] = ROLE_CLASSES.get(str(role), frozenset()) | frozenset(classes)


def classify(label: str, data_class: str) -> None:
    """Put a model in a data class (core does it at start for every model that declares
    ``data_class``)."""
    if data_class not in DataClass.ALL:
        raise ValueError(f"{label}: unknown data class {data_class!r}")
    MODEL_CLASSES[label] = data_class


def grant_line(grants: dict[str, frozenset[str]]) -> None:
    """Let whoever heads a unit do these actions on the rows of that unit's subtree."""
    for model, actions in grants.items():
        LINE_GRANTS[model] = LINE_GRANTS.get(model, frozenset()) | actions


def grant_member(grants: dict[str, frozenset[str]]) -> None:
    """Let users do these actions on the rows they are members of (the model's
    ``scope_member_field``)."""
    for model, actions in grants.items():
        MEMBER_GRANTS[model] = MEMBER_GRANTS.get(model, frozenset()) | actions


def _granted(actions: frozenset[str], action: str) -> bool:
    """``aggregate`` (counting) is implied by ``view`` (listing)."""
    return action in actions or (action == "aggregate" and "view" in actions)


def _allows(role: str, label: str, action: str) -> bool:
    data_class = MODEL_CLASSES.get(label)
    if data_class is not None and data_class not in ROLE_CLASSES.get(role, frozenset()):
        return False
    grants = ROLE_GRANTS.get(role, {})
    if _granted(grants.get(label, frozenset()), action):
        return True
    return label not in PRIVATE and _granted(grants.get("*", frozenset()), action)


def assignments_of(user: Any) -> list[tuple[str, str | None]]:
    """``(role, organisation path or None)`` for each of the user's assignments, cached on
    the user object for the request."""
    cached = getattr(user, "_cadre_assignments", None)
    if cached is None:
        cached = list(_assignments(user))
        user._cadre_assignments = cached
    return cached


def lines_of(user: Any) -> list[str]:
    """The paths of the units the user heads now, cached on the user object."""
    cached = getattr(user, "_cadre_lines", None)
    if cached is None:
        cached = list(_lines(user))
        user._cadre_lines = cached
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
    return Reach(
        everything=reach.everything, paths=list(reach.paths), own=reach.own, member=reach.member
    )


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
    if _granted(LINE_GRANTS.get(label, frozenset()), action):
        reach.paths.extend(lines_of(user))
    if _granted(OWN_GRANTS.get(label, frozenset()), action):
        reach.own = True
    if _granted(MEMBER_GRANTS.get(label, frozenset()), action):
        reach.member = True
    return reach


def manages(user: Any, path: str) -> bool:
    """Whether ``user`` manages the people at ``path``: they head a unit at or above it
    (line management) or hold the manager role over it. Appeals keep managers off a
    panel; rating pay takes the manager's review from them."""
    from cadre.core.choices import Role

    if any(path.startswith(p) for p in lines_of(user)):
        return True
    return any(
        role == Role.MANAGER and (where is None or path.startswith(where))
        for role, where in assignments_of(user)
    )


def class_reach(user: Any, data_class: str) -> Reach:
    """Where the user sees rows and fields of ``data_class`` through their roles (their own
    rows are theirs whatever the class: callers add them)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Reach()
    cache: dict[str, Reach] | None = getattr(user, "_cadre_classes", None)
    if cache is None:
        cache = user._cadre_classes = {}
    if data_class not in cache:
        reach = Reach()
        if user.is_superuser:
            reach.everything = True
        for role, path in assignments_of(user):
            if reach.everything or data_class not in ROLE_CLASSES.get(role, frozenset()):
                continue
            if path is None:
                reach.everything = True
            else:
                reach.paths.append(path)
        cache[data_class] = reach
    reach = cache[data_class]
    return Reach(everything=reach.everything, paths=list(reach.paths))


def sees_class(user: Any, data_class: str, path: str | None = None) -> bool:
    """Whether the user sees ``data_class`` for the organisation at ``path`` (anywhere, when
    ``path`` is None)."""
    reach = class_reach(user, data_class)
    if path is None:
        return not reach.nothing
    return reach.everything or any(path.startswith(p) for p in reach.paths)


def forget_permissions(user: Any) -> None:
    """Drop what was resolved for ``user`` (after their assignments or posts changed)."""
    for name in ("_cadre_assignments", "_cadre_reach", "_cadre_lines", "_cadre_classes"):
        if hasattr(user, name):
            delattr(user, name)


def can(user: Any, label: str, action: str) -> bool:
    """Whether the user may do ``action`` on some row of the model (ignoring which)."""
    return not reach_of_user(user, label, action).nothing


def can_at(user: Any, label: str, action: str, path: str, owner_id: Any = None) -> bool:
    """Whether the user may do ``action`` on rows of the model in the organisation at
    ``path`` (through a role over it or a unit they head), or on their own rows when
    ``owner_id`` is theirs — for a panel or figure about one organisation or person, where
    ``can`` (anywhere) would let a role over one body read another."""
    reach = reach_of_user(user, label, action)
    if reach.everything or any(path.startswith(p) for p in reach.paths):
        return True
    return bool(reach.own and owner_id is not None and owner_id == getattr(user, "pk", None))


def roles_allowed(label: str, action: str) -> frozenset[str]:
    """The roles whose grants allow ``action`` on the model ``label`` (its data class
    included): who may hold a duty that needs the grant, e.g. a seat on an appeal's panel."""
    return frozenset(role for role in ROLE_GRANTS if _allows(role, label, action))


def roles_of(user: Any) -> set[str]:
    return {role for role, _ in assignments_of(user)}


def may(model: str, action: str = "view") -> Any:
    """``user → bool``: whether the user may do ``action`` on ``model`` (a menu entry's
    ``visible``, core/registry.py)."""
    return lambda user: can(user, model, action)
