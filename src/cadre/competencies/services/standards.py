"""Writes to position standards: the standard, its versions and requirements, the posts that
use it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.competencies.choices import StandardStatus, VersionStatus
from cadre.competencies.models import (
    Competency,
    PositionProfile,
    ProfilePost,
    ProfileVersion,
    Requirement,
)
from cadre.competencies.services.frameworks import check_level, scale_tops
from cadre.core.access import require_may
from cadre.core.audit import audit_record, create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems, full_clean_or_raise, reject_unknown
from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation, Post

# --- position standards --------------------------------------------------------------------

PROFILE_AUDITED = ("organisation", "code", "title")
PROFILE_EDITABLE = {"organisation", "code", "title"}


def _check_profile_organisation(actor: Any, organisation: Organisation, action: str) -> None:
    require_reach(
        actor,
        PositionProfile,
        action,
        organisation,
        message=_("You may not keep position standards for “%(org)s”."),
    )


@transaction.atomic
def profile_create(
    *,
    actor: Any,
    organisation: Organisation,
    code: str,
    title: str,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> PositionProfile:
    _check_profile_organisation(actor, organisation, "add")
    profile = PositionProfile(organisation=organisation, code=code.strip(), title=title.strip())
    return create_audited(
        actor=actor, obj=profile, audited=PROFILE_AUDITED, source=source, reason=reason
    )


@transaction.atomic
def profile_update(
    *,
    actor: Any,
    instance: PositionProfile,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> PositionProfile:
    reject_unknown(fields, PROFILE_EDITABLE)
    profile = PositionProfile.objects.select_for_update().get(pk=instance.pk)
    _check_profile_organisation(actor, profile.organisation, "change")
    if "organisation" in fields:
        _check_profile_organisation(actor, fields["organisation"], "change")
    code = fields.get("code", profile.code)
    if PositionProfile.objects.filter(code=code).exclude(pk=profile.pk).exists():
        raise ApplicationError(
            _("A position standard with this code already exists."), field="code", code="unique"
        )
    return update_audited(
        actor=actor,
        obj=profile,
        fields=fields,
        audited=PROFILE_AUDITED,
        source=source,
        reason=reason,
    )


@transaction.atomic
def profile_delete(
    *, actor: Any, instance: PositionProfile, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    _check_profile_organisation(actor, instance.organisation, "delete")
    if instance.versions.exclude(status=StandardStatus.DRAFT).exists():
        raise ApplicationError(
            _("A standard that has been in force is kept; supersede it with a new version."),
            code="protected",
        )
    delete_audited(actor=actor, obj=instance, audited=PROFILE_AUDITED, source=source, reason=reason)


def _requirement(
    raw: Any, index: int, comps: dict[Any, Competency], scales: dict[int, int]
) -> tuple[Competency, int, int]:
    where = f"requirements[{index}]"
    if not isinstance(raw, dict):
        raise ApplicationError(_("Each requirement is an object."), field=where)
    reject_unknown(
        (f"{where}.{k}" for k in raw),
        {f"{where}.{k}" for k in ("competency", "level", "weight")},
    )
    key = raw.get("competency")
    comp = comps.get(key) if isinstance(key, int | str) else None
    if comp is None:
        raise ApplicationError(
            _("Unknown competency “%(key)s”.") % {"key": key},
            field=f"{where}.competency",
            code="unknown_competency",
        )
    if comp.is_category:
        raise ApplicationError(
            _("“%(code)s” is a category; require its competencies instead.") % {"code": comp.code},
            field=f"{where}.competency",
        )
    version = comp.version
    if version.status != VersionStatus.PUBLISHED:
        raise ApplicationError(
            _(
                "“%(code)s” belongs to version %(n)d of %(framework)s, which is %(status)s; "
                "use the published version."
            )
            % {
                "code": comp.code,
                "n": version.number,
                "framework": version.framework,
                "status": version.get_status_display().lower(),
            },
            field=f"{where}.competency",
            code="retired_competency",
        )
    weight = raw.get("weight", 1)
    level = check_level(
        raw.get("level"), scales[version.pk], field=f"{where}.level", code="unknown_level"
    )
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 100:
        raise ApplicationError(
            _("The weight must be from 1 to 100."), field=f"{where}.weight", code="invalid"
        )
    return comp, level, weight


def profile_version_create_check(
    *, actor: Any, requirements: list[Any] | None = None, **_other: Any
) -> None:
    """The rule of a new version of a standard its form cannot check alone (skipped when
    ``requirements`` is not given); each requirement's own rules stay in the service."""
    problems = Problems()
    if requirements is not None and not requirements:
        problems.add(_("A standard requires at least one competency."), field="requirements")
    problems.raise_if_any()


@transaction.atomic
def profile_version_create(
    *,
    actor: Any,
    profile: PositionProfile,
    legal_document: str,
    legal_date: dt.date,
    requirements: Iterable[dict[str, Any]],
    effective_from: dt.date | None = None,
    in_force: bool = False,
    source: str = AuditSource.WEB,
) -> ProfileVersion:
    """A new version of a standard with its requirements (``{"competency": id or
    "FRAMEWORK:CODE", "level": n, "weight": w}``); competencies must be of a published
    framework version. Put in force at once when asked."""
    _check_profile_organisation(actor, profile.organisation, "change")
    profile = PositionProfile.objects.select_for_update().get(pk=profile.pk)
    raws = list(requirements)
    profile_version_create_check(actor=actor, requirements=raws)
    comps: dict[Any, Competency] = {}
    ids = [r.get("competency") for r in raws if isinstance(r, dict)]
    keys = [k for k in ids if isinstance(k, str) and ":" in k]
    numbers = [k for k in ids if isinstance(k, int) and not isinstance(k, bool)]
    for comp in Competency.objects.select_related("version__framework").filter(pk__in=numbers):
        comps[comp.pk] = comp
    if keys:
        wanted = {tuple(k.split(":", 1)) for k in keys}
        published = Competency.objects.select_related("version__framework").filter(
            version__status=VersionStatus.PUBLISHED,
            framework__code__in={f for f, _c in wanted},
            code__in={c for _f, c in wanted},
        )
        for comp in published:
            comps[f"{comp.framework.code}:{comp.code}"] = comp
    scales = scale_tops(c.version_id for c in comps.values())
    checked = [_requirement(raw, i, comps, scales) for i, raw in enumerate(raws)]
    seen: set[int] = set()
    for i, (comp, _level, _weight) in enumerate(checked):
        if comp.pk in seen:
            raise ApplicationError(
                _("“%(code)s” is required twice.") % {"code": comp.code},
                field=f"requirements[{i}].competency",
            )
        seen.add(comp.pk)
    number = (profile.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ProfileVersion(
        profile=profile,
        number=number,
        legal_document=(legal_document or "").strip(),
        legal_date=legal_date,
        effective_from=effective_from,
        created_by=actor,
        updated_by=actor,
    )
    full_clean_or_raise(version)
    version.save()
    Requirement.objects.bulk_create(
        Requirement(profile_version=version, competency=comp, level=level, weight=weight)
        for comp, level, weight in checked
    )
    audit_record(
        actor=actor,
        action="create",
        obj=version,
        changes={
            "legal_document": [None, version.legal_document],
            "legal_date": [None, str(legal_date)],
            "requirements": [
                None,
                [f"{c.framework.code}:{c.code}≥{lv}×{w}" for c, lv, w in checked],
            ],
        },
        source=source,
    )
    if in_force:
        return profile_version_put_in_force(actor=actor, version=version, source=source)
    return version


@transaction.atomic
def profile_version_put_in_force(
    *, actor: Any, version: ProfileVersion, source: str = AuditSource.WEB
) -> ProfileVersion:
    """The draft becomes the version in force; the one before it is superseded."""
    version = (
        ProfileVersion.objects.select_for_update().select_related("profile").get(pk=version.pk)
    )
    _check_profile_organisation(actor, version.profile.organisation, "change")
    if version.status != StandardStatus.DRAFT:
        raise ApplicationError(
            _("Only a draft can be put in force."), field="status", code="not_draft"
        )
    retired = Requirement.objects.filter(profile_version=version).exclude(
        competency__version__status=VersionStatus.PUBLISHED
    )
    stale = retired.select_related("competency").first()
    if stale is not None:
        raise ApplicationError(
            _("“%(code)s” belongs to a framework version that is no longer published.")
            % {"code": stale.competency.code},
            field="requirements",
            code="retired_competency",
        )
    for old in ProfileVersion.objects.select_for_update().filter(
        profile_id=version.profile_id, status=StandardStatus.IN_FORCE
    ):
        update_audited(
            actor=actor,
            obj=old,
            fields={"status": StandardStatus.SUPERSEDED},
            audited=("status",),
            source=source,
        )
    return update_audited(
        actor=actor,
        obj=version,
        fields={
            "status": StandardStatus.IN_FORCE,
            "effective_from": version.effective_from or timezone.localdate(),
        },
        audited=("status", "effective_from"),
        source=source,
    )


@transaction.atomic
def profile_posts_attach(
    *,
    actor: Any,
    profile: PositionProfile,
    post_codes: Iterable[str],
    source: str = AuditSource.WEB,
) -> int:
    """Make the posts with these codes use the standard (moving them from another one).
    Every code must name a post the actor may change; otherwise nothing is attached."""
    require_may(actor, profile, "view", _("Unknown position standard."), field="profile")
    codes = sorted({c.strip() for c in post_codes if c and c.strip()})
    if not codes:
        raise ApplicationError(_("Give at least one post code."), field="posts")
    posts = {p.code: p for p in Post.objects.restrict(actor, "change").filter(code__in=codes)}
    missing = [c for c in codes if c not in posts]
    if missing:
        raise ApplicationError(
            _("Unknown post code(s), or posts you may not change: %(codes)s.")
            % {"codes": ", ".join(missing[:20])},
            field="posts",
            code="unknown_post",
        )
    links = {
        link.post_id: link
        for link in ProfilePost.objects.select_for_update().filter(
            post_id__in=[p.pk for p in posts.values()]
        )
    }
    changed = 0
    for code in codes:
        post = posts[code]
        link = links.get(post.pk)
        if link is not None and link.profile_id == profile.pk:
            continue
        before = link.profile_id if link is not None else None
        if link is None:
            ProfilePost.objects.create(profile=profile, post=post)
        else:
            link.profile = profile
            link.save(update_fields=["profile"])
        audit_record(
            actor=actor,
            action="update",
            obj=post,
            changes={"standard": [before, profile.pk]},
            source=source,
        )
        changed += 1
    return changed


@transaction.atomic
def profile_post_detach(
    *, actor: Any, profile: PositionProfile, post: Post, source: str = AuditSource.WEB
) -> None:
    require_may(actor, profile, "view", _("Unknown position standard."), field="profile")
    require_may(actor, post, "change", _("You may not change this post."), field="posts")
    deleted, _rows = ProfilePost.objects.filter(profile=profile, post=post).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="update",
            obj=post,
            changes={"standard": [profile.pk, None]},
            source=source,
        )
