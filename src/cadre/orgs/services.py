"""Writes to the organisation tree. Every one is atomic and audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

from cadre.core.access import require_may
from cadre.core.audit import (
    audit_entry,
    audit_record,
    audit_record_many,
    create_audited,
    delete_audited,
    diff,
    field_values,
    relations_of,
    save_many_audited,
    update_audited,
)
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems, full_clean_or_raise, reject_unknown
from cadre.core.fields import subtree_q
from cadre.core.i18n_names import clean_names
from cadre.core.scoping import reach_for, reaches, require_reach
from cadre.orgs.models import Organisation, Post

AUDITED = ("name", "names", "code", "kind", "level", "is_it_unit", "country", "parent", "path")
EDITABLE = {"name", "names", "code", "kind", "level", "is_it_unit", "country", "parent"}


def _check_parent(*, actor: Any, parent: Organisation | None, action: str) -> None:
    if parent is None:
        if not reach_for(actor, Organisation, action).everything:
            raise ApplicationError(
                _("Only a national administrator may create a top-level organisation."),
                field="parent",
                code="scope",
            )
        return
    require_may(
        actor,
        parent,
        action,
        _("You may not place an organisation under “%(parent)s”.") % {"parent": parent},
        field="parent",
    )


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    name: str,
    code: str,
    kind: str,
    parent: Organisation | None = None,
    level: str = "",
    is_it_unit: bool = False,
    country: str = "",
    names: Any = None,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Organisation:
    _check_parent(actor=actor, parent=parent, action="add")
    names = clean_names(names)
    if Organisation.objects.filter(code=code).exists():
        raise ApplicationError(
            _("An organisation with this code already exists."), field="code", code="unique"
        )
    org = Organisation(
        name=name,
        names=names,
        code=code,
        kind=kind,
        level=level,
        is_it_unit=is_it_unit,
        country=country,
        parent=parent,
        created_by=actor,
        updated_by=actor,
        path=f"/new-{code}/",
        depth=(parent.depth + 1) if parent else 0,
    )
    full_clean_or_raise(org, exclude=["path"])
    org.save()
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    Organisation.objects.filter(pk=org.pk).update(path=org.path)
    audit_record(
        actor=actor,
        action="create",
        obj=org,
        changes=diff({}, field_values(org, AUDITED)),
        reason=reason,
        source=source,
    )
    return org


def organisation_update_check(
    *, actor: Any, organisation: Organisation, parent: Any = ..., **_other: Any
) -> None:
    """The rules of a move the form cannot check (skipped when ``parent`` is not given):
    under a parent the actor may change, never under the organisation's own subtree."""
    if parent is ...:
        return
    # As stored: a model form has already set the submitted parent on the instance.
    current = Organisation.objects.filter(pk=organisation.pk).values_list("parent_id", flat=True)
    if (parent.pk if parent else None) == current.first():
        return
    problems = Problems()
    try:
        _check_parent(actor=actor, parent=parent, action="change")
    except ApplicationError as exc:
        problems.add_error(exc)
    if parent is not None and parent.path.startswith(organisation.path):
        problems.add(
            _("An organisation cannot be moved under itself or its own descendants."),
            field="parent",
            code="cycle",
        )
    problems.raise_if_any()


@transaction.atomic
def organisation_update(
    *,
    actor: Any,
    organisation: Organisation,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Organisation:
    """Rename, re-code, re-kind or move an organisation; a move carries its whole subtree."""
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    require_reach(actor, Organisation, "change", org, field=None)  # as it is now
    before = field_values(org, AUDITED)
    reject_unknown(fields, EDITABLE)
    if "names" in fields:
        fields["names"] = clean_names(fields["names"])
    new_parent = fields.pop("parent", org.parent)
    for name, value in fields.items():
        setattr(org, name, value)
    if "code" in fields and Organisation.objects.filter(code=org.code).exclude(pk=org.pk).exists():
        raise ApplicationError(
            _("An organisation with this code already exists."), field="code", code="unique"
        )
    moved = (new_parent.pk if new_parent else None) != org.parent_id
    if moved:
        organisation_update_check(actor=actor, organisation=org, parent=new_parent)
        old_path, old_depth = org.path, org.depth
        org.parent = new_parent
        org.path = f"{new_parent.path if new_parent else '/'}{org.pk}/"
        org.depth = (new_parent.depth + 1) if new_parent else 0
        Organisation.objects.filter(subtree_q("path", old_path)).exclude(pk=org.pk).update(
            path=Concat(Value(org.path), Substr("path", Length(Value(old_path)) + 1)),
            depth=F("depth") + (org.depth - old_depth),
        )
    org.updated_by = actor
    full_clean_or_raise(org, validate_unique=False)
    org.save()
    changes = diff(before, field_values(org, AUDITED))
    if changes:
        audit_record(
            actor=actor, action="update", obj=org, changes=changes, reason=reason, source=source
        )
    return org


@transaction.atomic
def organisation_delete(
    *, actor: Any, organisation: Organisation, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    require_reach(actor, Organisation, "delete", org, field=None)
    if org.children.exists():
        raise ApplicationError(
            _("This organisation has organisations under it; move or delete them first."),
            code="has_children",
        )
    if org.posts.exists():
        raise ApplicationError(
            _("This organisation has posts in its staffing table; remove them first."),
            code="in_use",
        )
    if org.role_assignments.exists():
        raise ApplicationError(
            _("Roles are assigned over this organisation; remove them first."),
            code="in_use",
        )
    delete_audited(actor=actor, obj=org, audited=AUDITED, source=source, reason=reason)


POST_FIELDS = (
    "organisation",
    "code",
    "title",
    "category",
    "salary_min",
    "salary_max",
    "currency",
    "positions",
    "is_digital_lead",
    "is_head",
)


def _check_post_unit(
    *, actor: Any, organisation: Organisation, action: str, field: str | None = "organisation"
) -> None:
    require_reach(
        actor,
        Post,
        action,
        organisation,
        message=_("You may not keep posts of “%(unit)s”."),
        field=field,
        name="unit",
    )


@transaction.atomic
def post_create(
    *, actor: Any, source: str = AuditSource.WEB, reason: str = "", **fields: Any
) -> Post:
    """Add a line to the staffing table of a unit in the actor's scope."""
    reject_unknown(fields, POST_FIELDS)
    _check_post_unit(actor=actor, organisation=fields["organisation"], action="add")
    if Post.objects.filter(code=fields.get("code", "")).exists():
        raise ApplicationError(
            _("A post with this code already exists."), field="code", code="unique"
        )
    post = create_audited(
        actor=actor, obj=Post(**fields), audited=POST_FIELDS, source=source, reason=reason
    )
    return post


@transaction.atomic
def post_update(
    *, actor: Any, post: Post, source: str = AuditSource.WEB, reason: str = "", **fields: Any
) -> Post:
    reject_unknown(fields, POST_FIELDS)
    obj = (
        Post.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=post.pk)
    )
    # The post as it is now, then where it moves to.
    _check_post_unit(actor=actor, organisation=obj.organisation, action="change", field=None)
    if "organisation" in fields and fields["organisation"].pk != obj.organisation_id:
        _check_post_unit(actor=actor, organisation=fields["organisation"], action="change")
    if Post.objects.filter(code=fields.get("code", obj.code)).exclude(pk=obj.pk).exists():
        raise ApplicationError(
            _("A post with this code already exists."), field="code", code="unique"
        )
    return update_audited(
        actor=actor, obj=obj, fields=fields, audited=POST_FIELDS, source=source, reason=reason
    )


@transaction.atomic
def post_delete(*, actor: Any, post: Post, source: str = AuditSource.WEB, reason: str = "") -> None:
    obj = (
        Post.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=post.pk)
    )
    _check_post_unit(actor=actor, organisation=obj.organisation, action="delete", field=None)
    if obj.assignments.exists():
        raise ApplicationError(
            _("People have been assigned to this post; it is kept for their history."),
            code="in_use",
        )
    delete_audited(actor=actor, obj=obj, audited=POST_FIELDS, source=source, reason=reason)


# --- many at once (imports) -------------------------------------------------------------


@transaction.atomic
def posts_import(
    *,
    actor: Any,
    create: list[dict[str, Any]],
    update: list[tuple[Post, dict[str, Any]]],
    source: str = AuditSource.WEB,
) -> tuple[int, int]:
    """Add and change many lines of staffing tables at once (codes checked by the caller);
    each audited as ``post_create``/``post_update`` audit it. Returns (created, updated)."""
    units: dict[tuple[int, str], bool] = {}
    # A changed post is checked where it is now as well as where it goes.
    now_in = Organisation.objects.in_bulk({post.organisation_id for post, _f in update})
    checks = [(f["organisation"], "add") for f in create]
    for post, fields in update:
        checks += [(now_in[post.organisation_id], "change"), (fields["organisation"], "change")]
    for unit, action in checks:
        if (unit.pk, action) not in units:
            units[unit.pk, action] = reaches(actor, Post, action, unit)
        if not units[unit.pk, action]:
            _check_post_unit(actor=actor, organisation=unit, action=action)
    return save_many_audited(
        actor=actor,
        model=Post,
        create=[Post(**fields) for fields in create],
        update=update,
        audited=POST_FIELDS,
        source=source,
    )


@transaction.atomic
def organisations_import(
    *,
    actor: Any,
    create: list[Organisation],
    update: list[tuple[Organisation, dict[str, Any]]],
    source: str = AuditSource.WEB,
) -> tuple[int, int]:
    """Add and change many organisations at once. ``create`` holds new, unsaved
    organisations, parents before their children (a parent may be one of them); ``update``
    pairs organisations on file with their new fields (a new parent moves the subtree, as
    ``organisation_update`` does). Codes are checked by the caller. Returns (created,
    updated)."""
    allowed: dict[tuple[int | None, str], bool] = {}

    def check_parent(parent: Organisation | None, action: str) -> None:
        if parent is not None and parent.pk is None:
            return  # created by this call, under a parent checked already
        key = (parent.pk if parent else None, action)
        if key not in allowed:
            allowed[key] = (
                reaches(actor, Organisation, action, parent)
                if parent is not None
                else reach_for(actor, Organisation, action).everything
            )
        if not allowed[key]:
            _check_parent(actor=actor, parent=parent, action=action)  # raises, with the reason

    def check_current(org: Organisation) -> None:
        key = (org.pk, "change")
        if key not in allowed:
            allowed[key] = reaches(actor, Organisation, "change", org)
        if not allowed[key]:
            require_reach(actor, Organisation, "change", org, field=None)  # raises

    for org in create:
        check_parent(org.parent, "add")
        org.depth = org.parent.depth + 1 if org.parent else 0
        org.path = f"/new-{org.code}/"
        org.created_by = org.updated_by = actor
        full_clean_or_raise(
            org,
            exclude=["path", *relations_of(Organisation)],
            validate_unique=False,
            validate_constraints=False,
        )
    moves = 0
    in_place: list[tuple[Organisation, dict[str, Any]]] = []
    for current, fields in update:
        # As it is now (a move is checked again, and its new parent, by organisation_update).
        check_current(current)
        parent = fields.get("parent", current.parent)
        if (parent.pk if parent else None) != current.parent_id:
            organisation_update(actor=actor, organisation=current, source=source, **fields)
            moves += 1
        else:
            in_place.append((current, {k: v for k, v in fields.items() if k != "parent"}))
    # Inserted a depth at a time, so that a parent created here has its id and path before
    # its children are inserted.
    for depth in sorted({o.depth for o in create}):
        level = [o for o in create if o.depth == depth]
        Organisation.objects.bulk_create(level, batch_size=500)
        for org in level:
            org.path = f"{org.parent.path if org.parent else '/'}{org.pk}/"
        Organisation.objects.bulk_update(level, ["path"], batch_size=500)
    _created, changed = save_many_audited(
        actor=actor, model=Organisation, create=[], update=in_place, audited=AUDITED, source=source
    )
    audit_record_many(
        actor=actor,
        entries=[
            audit_entry(action="create", obj=o, changes=diff({}, field_values(o, AUDITED)))
            for o in create
        ],
        source=source,
    )
    return len(create), changed + moves
