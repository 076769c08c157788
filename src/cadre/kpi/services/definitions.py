"""KPI definitions, versioned: a version no assignment uses may change or go; a version in
use is never edited (``definition_revise`` makes the next one)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cadre.core.audit import create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.measures import measure_get
from cadre.core.scoping import require_reach
from cadre.core.translated import clean_texts
from cadre.kpi.choices import Source
from cadre.kpi.models import Assignment, Definition
from cadre.orgs.models import Organisation

DEFINITION_FIELDS = ("names", "unit", "direction", "period_kind", "origin", "measure")


def definition_check(
    *,
    actor: Any = None,
    code: str | None = None,
    names: Any = None,
    unit: str | None = None,
    origin: str | None = None,
    measure: str | None = None,
    **_other: Any,
) -> None:
    """The rules of a definition a form cannot check, all at once."""
    import re

    problems = Problems()
    if code is not None and not re.fullmatch(r"[\w.\-/]{1,64}", code):
        problems.add(_("A code has up to 64 letters, digits, '.', '-', '/' or '_'."), field="code")
    if names is not None:
        try:
            clean_texts(names, field="names")
        except ApplicationError as exc:
            problems.add_error(exc)
    if origin is not None:
        if origin == Source.MEASURE:
            found = measure_get(measure or "")
            if found is None:
                problems.add(
                    _("Unknown measure “%(measure)s”.") % {"measure": measure or ""},
                    field="measure",
                )
            elif unit is not None and found.unit != unit:
                problems.add(
                    _("The measure “%(measure)s” is in “%(unit)s”; give that unit.")
                    % {"measure": found.code, "unit": found.unit},
                    field="unit",
                )
        elif measure:
            problems.add(
                _("Only a measured KPI names a measure."),
                field="measure",
            )
    problems.raise_if_any()


@transaction.atomic
def definition_create(
    *,
    actor: Any,
    owner: Organisation,
    code: str,
    names: Any,
    unit: str,
    direction: str,
    period_kind: str,
    origin: str,
    measure: str = "",
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Definition:
    """Version 1 of a new KPI (a later version: ``definition_revise``)."""
    require_reach(
        actor,
        Definition,
        "add",
        owner,
        message=_("You may not keep the KPIs of “%(org)s”."),
        field="owner",
    )
    code = (code or "").strip()
    measure = (measure or "").strip()
    definition_check(code=code, names=names, unit=unit, origin=origin, measure=measure)
    if Definition.objects.filter(code=code).exists():
        raise ApplicationError(
            _("A KPI with the code “%(code)s” exists already; make a new version of it.")
            % {"code": code},
            field="code",
            code="duplicate",
        )
    definition = Definition(
        owner=owner,
        code=code,
        version=1,
        names=clean_texts(names, field="names"),
        unit=unit,
        direction=direction,
        period_kind=period_kind,
        origin=origin,
        measure=measure,
    )
    return create_audited(
        actor=actor,
        obj=definition,
        audited=("owner", "code", "version", *DEFINITION_FIELDS),
        source=source,
        reason=reason,
    )


def definition_in_use(definition: Definition) -> bool:
    return Assignment.objects.filter(definition=definition).exists()


@transaction.atomic
def definition_update(
    *,
    actor: Any,
    instance: Definition,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Definition:
    """Change a version no one uses yet; a version in use is never edited."""
    definition = Definition.objects.select_for_update().get(pk=instance.pk)
    require_reach(
        actor,
        Definition,
        "change",
        definition.owner,
        message=_("You may not keep the KPIs of “%(org)s”."),
        field="owner",
    )
    fields = {k: v for k, v in fields.items() if k in DEFINITION_FIELDS}
    if definition_in_use(definition):
        raise ApplicationError(
            _("Version %(version)s of “%(code)s” is in use; make a new version instead.")
            % {"version": definition.version, "code": definition.code},
            code="in_use",
        )
    merged = {name: fields.get(name, getattr(definition, name)) for name in DEFINITION_FIELDS}
    merged["measure"] = (merged["measure"] or "").strip()
    definition_check(**merged)
    merged["names"] = clean_texts(merged["names"], field="names")
    return update_audited(
        actor=actor,
        obj=definition,
        fields=merged,
        audited=DEFINITION_FIELDS,
        source=source,
        reason=reason,
    )


@transaction.atomic
def definition_revise(
    *,
    actor: Any,
    definition: Definition,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Definition:
    """A new version of the KPI: the given fields changed, the others as in ``definition``."""
    require_reach(
        actor,
        Definition,
        "add",
        definition.owner,
        message=_("You may not keep the KPIs of “%(org)s”."),
        field="owner",
    )
    merged = {name: fields.get(name, getattr(definition, name)) for name in DEFINITION_FIELDS}
    merged["measure"] = (merged["measure"] or "").strip()
    definition_check(**merged)
    top = Definition.objects.filter(code=definition.code).aggregate(top=Max("version"))["top"]
    new = Definition(
        owner=definition.owner,
        code=definition.code,
        version=(top or 0) + 1,
        **{**merged, "names": clean_texts(merged["names"], field="names")},
    )
    return create_audited(
        actor=actor,
        obj=new,
        audited=("owner", "code", "version", *DEFINITION_FIELDS),
        source=source,
        reason=reason,
    )


@transaction.atomic
def definition_delete(
    *, actor: Any, instance: Definition, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    require_reach(
        actor,
        Definition,
        "delete",
        instance.owner,
        message=_("You may not keep the KPIs of “%(org)s”."),
        field="owner",
    )
    if definition_in_use(instance):
        raise ApplicationError(
            _("Version %(version)s of “%(code)s” is in use; it cannot be deleted.")
            % {"version": instance.version, "code": instance.code},
            code="in_use",
        )
    delete_audited(
        actor=actor,
        obj=instance,
        audited=("owner", "code", "version", *DEFINITION_FIELDS),
        source=source,
        reason=reason,
    )
