"""Writes to competency frameworks (import, publish) and their crosswalks; the level checks
other apps use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.accounts.roles import can
from cadre.competencies.choices import VersionStatus
from cadre.competencies.frameworks.data import FrameworkData
from cadre.competencies.frameworks.reading import ordered
from cadre.competencies.models import (
    Competency,
    Crosswalk,
    Framework,
    FrameworkVersion,
    ProficiencyLevel,
)
from cadre.core.audit import audit_record, create_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems, full_clean_or_raise


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
