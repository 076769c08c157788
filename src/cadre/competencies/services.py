"""Writes to frameworks and position standards. Every one is atomic and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.accounts.roles import can
from cadre.competencies.choices import StandardStatus, VersionStatus
from cadre.competencies.frameworks import FrameworkData, ordered
from cadre.competencies.models import (
    Competency,
    Crosswalk,
    Framework,
    FrameworkVersion,
    PositionProfile,
    ProficiencyLevel,
    ProfilePost,
    ProfileVersion,
    Requirement,
)
from cadre.core.audit import audit_record, create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems, full_clean_or_raise, reject_unknown
from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation, Post


def _require_framework_right(actor: Any, action: str) -> None:
    if not can(actor, "competencies.framework", action):
        raise ApplicationError(
            _("Only the national authority may change competency frameworks."),
            code="forbidden",
        )


# --- frameworks ----------------------------------------------------------------------------


@transaction.atomic
def framework_import(
    *,
    actor: Any,
    data: FrameworkData,
    publish: bool = False,
    notes: str = "",
    source: str = AuditSource.WEB,
) -> FrameworkVersion:
    """Load a checked framework file as the next draft version of its framework (a new
    framework when the code is new); publish it at once when asked."""
    _require_framework_right(actor, "add")
    framework = Framework.objects.select_for_update().filter(code=data.code).first()
    if framework is None:
        framework = Framework(code=data.code, names=data.names, descriptions=data.descriptions)
        create_audited(
            actor=actor, obj=framework, audited=("code", "names", "descriptions"), source=source
        )
    elif (framework.names, framework.descriptions) != (data.names, data.descriptions):
        update_audited(
            actor=actor,
            obj=framework,
            fields={"names": data.names, "descriptions": data.descriptions},
            audited=("names", "descriptions"),
            source=source,
        )
    number = (framework.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = FrameworkVersion.objects.create(
        framework=framework, number=number, notes=notes, created_by=actor, updated_by=actor
    )
    ProficiencyLevel.objects.bulk_create(
        ProficiencyLevel(
            version=version, rank=lv.rank, code=lv.code, names=lv.names, descriptors=lv.descriptors
        )
        for lv in sorted(data.levels, key=lambda lv: lv.rank)
    )
    made: dict[str, Competency] = {}
    for position, item in enumerate(ordered(data)):
        made[item.code] = Competency.objects.create(
            version=version,
            framework=framework,
            code=item.code,
            parent=made[item.parent] if item.parent else None,
            is_category=item.is_category,
            position=position,
            names=item.names,
            descriptions=item.descriptions,
            indicators=item.indicators,
        )
    audit_record(
        actor=actor,
        action="import",
        obj=version,
        changes={
            "levels": [None, len(data.levels)],
            "competencies": [None, sum(1 for c in data.competencies if not c.is_category)],
            "categories": [None, sum(1 for c in data.competencies if c.is_category)],
        },
        source=source,
    )
    if publish:
        return version_publish(actor=actor, version=version, source=source)
    return version


@transaction.atomic
def version_publish(
    *, actor: Any, version: FrameworkVersion, source: str = AuditSource.WEB
) -> FrameworkVersion:
    """Publish a draft; the version published before it is retired (and stays readable)."""
    _require_framework_right(actor, "change")
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise ApplicationError(
            _("Only a draft can be published; this version is “%(status)s”.")
            % {"status": version.get_status_display()},
            field="status",
            code="not_draft",
        )
    previous = (
        FrameworkVersion.objects.select_for_update()
        .filter(framework_id=version.framework_id, status=VersionStatus.PUBLISHED)
        .first()
    )
    if previous is not None:
        update_audited(
            actor=actor,
            obj=previous,
            fields={"status": VersionStatus.RETIRED},
            audited=("status",),
            source=source,
            reason=_("Version %(n)d published") % {"n": version.number},
        )
    return update_audited(
        actor=actor,
        obj=version,
        fields={"status": VersionStatus.PUBLISHED, "published_at": timezone.now()},
        audited=("status", "published_at"),
        source=source,
    )


def scale_tops(version_ids: Iterable[int]) -> dict[int, int]:
    """The highest rank of each framework version's proficiency scale."""
    return dict(
        ProficiencyLevel.objects.filter(version_id__in=set(version_ids))
        .values("version_id")
        .annotate(top=Max("rank"))
        .values_list("version_id", "top")
    )


def check_level(level: Any, top: int, *, field: str, code: str = "invalid") -> int:
    """``level`` if it is a whole number on a scale of ``top`` levels; else the refusal,
    naming ``field``."""
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= top:
        raise ApplicationError(
            _("The level must be a whole number from 1 to %(top)d.") % {"top": top},
            field=field,
            code=code,
        )
    return level


def competency_by_key(key: Any, *, field: str) -> Competency:
    """The competency ``FRAMEWORK:CODE`` of its framework's published version."""
    framework, _sep, code = str(key or "").partition(":")
    comp = (
        Competency.objects.select_related("version", "framework")
        .filter(framework__code=framework, code=code, version__status=VersionStatus.PUBLISHED)
        .first()
    )
    if comp is None:
        raise ApplicationError(
            _("Unknown competency “%(key)s”; give it as FRAMEWORK:CODE of a published version.")
            % {"key": key},
            field=field,
            code="unknown_competency",
        )
    return comp


@transaction.atomic
def crosswalk_delete(*, actor: Any, crosswalk: Crosswalk, origin: str = AuditSource.WEB) -> None:
    _require_framework_right(actor, "change")
    audit_record(
        actor=actor,
        action="delete",
        obj=crosswalk,
        changes={"crosswalk": [str(crosswalk), None]},
        source=origin,
    )
    crosswalk.delete()


def crosswalk_create_check(
    *,
    actor: Any,
    source_competency: Competency | None = None,
    source_level: int | None = None,
    target: Competency | None = None,
    target_level: int | None = None,
    **_other: Any,
) -> None:
    """Every problem of a crosswalk to record, at once; rules whose fields are not given
    are skipped (``cadre.core.errors.Problems``)."""
    problems = Problems()
    if (
        source_competency is not None
        and target is not None
        and source_competency.framework_id == target.framework_id
    ):
        problems.add(
            _("A crosswalk links competencies of two different frameworks."), field="target"
        )
    for comp, level, name in (
        (source_competency, source_level, "source_level"),
        (target, target_level, "target_level"),
    ):
        if comp is None:
            continue
        if comp.is_category:
            problems.add(
                _("“%(code)s” is a category, not a competency.") % {"code": comp.code},
                field=name,
            )
        elif (
            level is not None
            and not ProficiencyLevel.objects.filter(version_id=comp.version_id, rank=level).exists()
        ):
            problems.add(
                _("The scale of “%(code)s” has no level %(level)s.")
                % {"code": comp.code, "level": level},
                field=name,
                code="unknown_level",
            )
    problems.raise_if_any()


@transaction.atomic
def crosswalk_create(
    *,
    actor: Any,
    source_competency: Competency,
    source_level: int,
    target: Competency,
    target_level: int,
    note: str = "",
    origin: str = AuditSource.WEB,
) -> Crosswalk:
    """Record that one competency at a level corresponds to one of another framework."""
    _require_framework_right(actor, "change")
    crosswalk_create_check(
        actor=actor,
        source_competency=source_competency,
        source_level=source_level,
        target=target,
        target_level=target_level,
    )
    crosswalk = Crosswalk(
        source=source_competency,
        source_level=source_level,
        target=target,
        target_level=target_level,
        note=note,
    )
    full_clean_or_raise(crosswalk)
    crosswalk.save()
    audit_record(
        actor=actor,
        action="create",
        obj=crosswalk,
        changes={"crosswalk": [None, str(crosswalk)]},
        source=origin,
    )
    return crosswalk


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
    if not PositionProfile.objects.restrict(actor, "view").filter(pk=profile.pk).exists():
        raise ApplicationError(_("Unknown position standard."), field="profile", code="scope")
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
    if not PositionProfile.objects.restrict(actor, "view").filter(pk=profile.pk).exists():
        raise ApplicationError(_("Unknown position standard."), field="profile", code="scope")
    if not Post.objects.restrict(actor, "change").filter(pk=post.pk).exists():
        raise ApplicationError(_("You may not change this post."), field="posts", code="scope")
    deleted, _rows = ProfilePost.objects.filter(profile=profile, post=post).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="update",
            obj=post,
            changes={"standard": [profile.pk, None]},
            source=source,
        )
