"""Row scoping: the one mechanism every list, detail, API endpoint and export goes through.

In the style of NetBox's ``restrict(user, action)``: a queryset is narrowed to the rows the
user may act on, so an object outside the user's scope is simply not found (404).

A model says how it is scoped with class attributes:

``scope_org_path``
    the lookup to the materialised path of the organisation the row belongs to, e.g.
    ``"path"`` for an organisation itself or ``"organisation__path"`` for a post;
``scope_self_field``
    the lookup to the user who owns the row, e.g. ``"user"`` or ``"created_by"``;
``scope_subtree_extra``
    optionally, ``(path, action) -> Q``: more rows a grant over the subtree at ``path``
    reaches for ``action`` besides those whose organisation is in it (people posted in a
    subtree are seen from it, though their books are kept elsewhere);
``scope_view_ancestors``
    ``True`` for reference data kept at many levels (position standards): a user who may
    view rows of a subtree also sees those of the subtree's ancestors, e.g. the national
    standard, but not those of a sibling body;
``scope_member_field``
    the lookup to the users who are members of the row (a panel's, a jury's): with a
    ``grant_member`` they reach it (set ``scope_many`` when the lookup crosses a to-many
    relation);
``data_class`` / ``data_fields``
    the data class of the whole model, or of some of its fields (``{"personal":
    ("personal_id", "birth_date")}``): a role reaches them only when granted the class
    (``cadre.core.permissions.DataClass``; ``hidden_fields`` says which a user may not see);
``scope_reference``
    ``True`` for catalogues every signed-in role reads (competency frameworks, courses): a
    grant to *view* anywhere reaches every row; other actions follow ``scope_org_path``
    when the model has one (a provider changes its own courses only), else reach every row.

What a user may do comes from their role assignments (``cadre.core.permissions``): each grants
actions on models, either nationally (everything), on an organisation subtree, or on the
rows the user owns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.db import models
from django.db.models import Case, F, Q, When
from django.utils.translation import gettext_lazy as _

from cadre.core.errors import ApplicationError
from cadre.core.fields import subtree_q
from cadre.core.permissions import Reach, class_reach, reach_of_user

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as User
    from django.contrib.auth.models import AnonymousUser


class Action(models.TextChoices):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    # counting without listing (analytics, a manager's view of ratings): implied by view
    AGGREGATE = "aggregate"


def model_label(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


def reach_for(user: User | AnonymousUser | None, model: Any, action: str) -> Reach:
    """Collect the user's grants for ``action`` on ``model`` into one ``Reach``."""
    return reach_of_user(user, model_label(model), action)


def reaches(user: Any, model: Any, action: str, organisation: Any) -> bool:
    """Whether the user's grants for ``action`` on ``model`` cover ``organisation``."""
    reach = reach_for(user, model, action)
    return reach.everything or any(organisation.path.startswith(p) for p in reach.paths)


def require_reach(
    actor: Any,
    model: Any,
    action: str,
    organisation: Any,
    *,
    message: Any = None,
    field: str | None = "organisation",
    name: str = "org",
    params: dict[str, Any] | None = None,
) -> None:
    """The scope guard of every service: refuse (``ApplicationError``, code ``scope``) unless
    the actor's grants for ``action`` on ``model`` cover ``organisation``. ``message`` is the
    service's refusal, with ``%(<name>)s`` for the organisation (and ``params``); by default
    "You may not keep <the model's plural name> for “<organisation>”".

    A service that changes or deletes a row calls it on the row's organisation *as it is
    now* and, when the row moves, on the new one too: scope does not rest on the view, so a
    command or a task calling the service is refused the same way (issue 16, item 10)."""
    if not reaches(actor, model, action, organisation):
        if message is None:
            message = _("You may not keep %(what)s for “%(org)s”.")
            params = {"what": model._meta.verbose_name_plural, **(params or {})}
        raise ApplicationError(
            message % {**(params or {}), name: organisation}, field=field, code="scope"
        )


def reach_q(model: Any, reach: Reach, user: Any, action: str = "view") -> Q | None:
    """The filter that keeps the rows inside ``reach``; ``None`` when nothing is reachable."""
    if reach.everything:
        return Q()
    q = Q(pk__in=[])
    matched = False
    org_path = getattr(model, "scope_org_path", None)
    if org_path and reach.paths:
        extra = getattr(model, "scope_subtree_extra", None)
        for path in _outermost(reach.paths):
            q |= subtree_q(org_path, path)
            if extra is not None:
                q |= extra(path, action)
        matched = True
    self_field = getattr(model, "scope_self_field", None)
    if self_field and reach.own:
        q |= Q(**{self_field: user.pk})
        matched = True
    member_field = getattr(model, "scope_member_field", None)
    if member_field and reach.member:
        q |= Q(**{member_field: user.pk})
        matched = True
    return q if matched else None


def class_q(user: Any, model: Any, data_class: str, via: str = "") -> Q:
    """The rows of ``model`` whose ``data_class`` fields the user sees (``sees_fields_of``)
    as a filter, so that a search or an ordering by such a field tells nothing of others:
    the rows whose organisation is in a subtree where a role of the user holds the class,
    and the user's own (decision 0045). ``via`` (``"employee__"``) filters another model's
    rows by the ``model`` row they point to."""
    reach = class_reach(user, data_class)
    if reach.everything:
        return Q()
    q = Q(**{f"{via}pk__in": []})
    org_path = getattr(model, "scope_org_path", None)
    if org_path:
        for path in _outermost(reach.paths):
            q |= subtree_q(f"{via}{org_path}", path)
    self_field = getattr(model, "scope_self_field", None)
    if self_field and getattr(user, "is_authenticated", False):
        q |= Q(**{f"{via}{self_field}": user.pk})
    return q


def sees_fields_of(user: Any, obj: Any, data_class: str) -> bool:
    """Whether the user sees the ``data_class`` fields of the row ``obj``: their own row, or
    a row whose organisation (``scope_org_path``) is in a subtree where one of their roles
    is granted the class — not merely anywhere: an HR officer of one body who is a manager
    in another sees the second body's people without their personal data (decision 0045).

    Asked of no row (``obj`` None or a model: a list's columns), whether the user sees the
    class on some rows at all; a list then hides the cells row by row (``hidden_fields``).
    The row's path is read from the row (``organisation.path``): a list selects the
    organisation with its rows (``path_related``), so no row costs a query."""
    reach = class_reach(user, data_class)
    if reach.everything:
        return True
    if not isinstance(obj, models.Model):
        return not reach.nothing
    if not getattr(user, "is_authenticated", False):
        return False
    org_path: str | None = getattr(obj, "scope_org_path", None)
    if org_path and reach.paths:
        path = _follow(obj, org_path.replace("__", "."))
        if isinstance(path, str) and any(path.startswith(p) for p in reach.paths):
            return True
    self_field: str | None = getattr(obj, "scope_self_field", None)
    return bool(self_field and _follow(obj, self_field.replace("__", ".")) == user.pk)


def hidden_fields(user: Any, obj: Any) -> set[str]:
    """The fields of ``obj`` (a row, or a model for a list) the user may not see because of
    their data class."""
    classes: dict[str, tuple[str, ...]] = getattr(obj, "data_fields", {}) or {}
    hidden: set[str] = set()
    for data_class, names in classes.items():
        row = obj if isinstance(obj, models.Model) else None
        if not sees_fields_of(user, row, data_class):
            hidden.update(names)
    return hidden


def classed_order(user: Any, model: Any, term: Any) -> Any:
    """The ordering ``term`` (``"salary"``, ``"-birth_date"``) as the user may order by it:
    a field of a data class (``data_fields``) ranks only the rows whose class the user sees
    (``class_q``), the others last as if empty, so that their place among the rest tells
    nothing of their value (decision 0045); any other term is returned as it is."""
    if not isinstance(term, str):
        return term
    name = term.lstrip("-")
    classes: dict[str, tuple[str, ...]] = getattr(model, "data_fields", None) or {}
    data_class = next((c for c, names in classes.items() if name in names), None)
    if data_class is None:
        return term
    seen = class_q(user, model, data_class)
    if not seen:  # the class everywhere: the field itself (and its index)
        return term
    value = Case(When(seen, then=F(name)))
    if term.startswith("-"):
        return value.desc(nulls_last=True)
    return value.asc(nulls_last=True)


def classed_ordering(user: Any, queryset: Any) -> Any:
    """``queryset`` with its ordering by data-class fields made ``classed_order``."""
    terms = list(queryset.query.order_by)
    ordered = [classed_order(user, queryset.model, t) for t in terms]
    if all(a is b for a, b in zip(ordered, terms, strict=True)):
        return queryset
    return queryset.order_by(*ordered)


def path_related(model: Any) -> str | None:
    """The relation to select with the rows of ``model`` so that their organisation's path
    is read without a query (``"organisation"`` for ``"organisation__path"``); ``None``
    when the path is the row's own or the model has no data fields to decide on."""
    org_path: str | None = getattr(model, "scope_org_path", None)
    if not (org_path and getattr(model, "data_fields", None)) or "__" not in org_path:
        return None
    relation = org_path.rsplit("__", 1)[0]
    current = model
    for part in relation.split("__"):
        field = current._meta.get_field(part)
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            return None  # a to-many or reverse relation cannot be selected
        current = field.related_model
    return relation


def _follow(obj: Any, dotted: str) -> Any:
    """``obj.a.b`` for ``"a.b"`` (``"user"`` gives ``user_id`` without a query, for a
    foreign key as for a one-to-one field)."""
    parts = dotted.split(".")
    for i, part in enumerate(parts):
        if obj is None:
            return None
        if i == len(parts) - 1:
            field = getattr(getattr(type(obj), part, None), "field", None)
            if field is not None and (field.many_to_one or field.one_to_one) and field.concrete:
                return getattr(obj, field.attname)
            value = getattr(obj, part)
            return value.pk if isinstance(value, models.Model) else value
        obj = getattr(obj, part)
    return obj


def _outermost(paths: Iterable[str]) -> list[str]:
    """Drop paths already covered by an ancestor path, so the filter has no redundant terms."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def ancestor_paths(path: str) -> list[str]:
    """The paths of the proper ancestors of ``path``: ``/1/42/7/`` → ``/1/``, ``/1/42/``."""
    ids = [p for p in path.split("/") if p]
    return ["/" + "/".join(ids[:i]) + "/" for i in range(1, len(ids))]


class ScopedQuerySet(models.QuerySet[Any]):
    """A queryset that knows how to narrow itself to what a user may see or do."""

    def restrict(self, user: Any, action: str = Action.VIEW) -> Self:
        reach = reach_for(user, self.model, action)
        reference = getattr(self.model, "scope_reference", False) and not reach.nothing
        reading = action in (Action.VIEW, Action.AGGREGATE)
        if reference and (reading or not getattr(self.model, "scope_org_path", None)):
            return self.all()
        q = None if reach.nothing else reach_q(self.model, reach, user, action)
        if q is None:
            return self.none()
        if reading and getattr(self.model, "scope_view_ancestors", False):
            above = {a for path in reach.paths for a in ancestor_paths(path)}
            if above:
                q |= Q(**{f"{self.model.scope_org_path}__in": sorted(above)})
        if getattr(self.model, "scope_many", False):
            # The scope lookup crosses a to-many relation: filter by id to avoid duplicates.
            return self.filter(pk__in=self.model._default_manager.filter(q).values("pk"))
        return self.filter(q)


class ScopedModel(models.Model):
    """Abstract base for every model whose rows are scoped to organisations or owners."""

    scope_org_path: ClassVar[str | None] = None
    scope_self_field: ClassVar[str | None] = None
    scope_member_field: ClassVar[str | None] = None
    data_class: ClassVar[str | None] = None
    data_fields: ClassVar[dict[str, tuple[str, ...]]] = {}

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
