"""Actuals entered by hand (with their evidence file; one counts once a second person
confirms it) or imported (with the source system and the file's digest), and the assignment
an actual is for."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.reasons import require_reason
from cadre.core.scoping import require_reach
from cadre.kpi.choices import Source
from cadre.kpi.models import Actual, Assignment, Definition, Period
from cadre.orgs.models import Organisation
from cadre.people.models import Employee

ACTUAL_AUDITED = (
    "assignment",
    "value",
    "origin",
    "source_system",
    "file_name",
    "file_sha256",
    "note",
)


def assignment_find(
    *,
    period: str | Period | None,
    kpi: str | None,
    employee: Employee | None = None,
    organisation: Organisation | None = None,
) -> Assignment:
    """The assignment an actual is for, from the period's code, the KPI's code and the
    person (or unit); refused, naming what is unknown."""
    if not isinstance(period, Period):
        found = Period.objects.filter(code=(period or "").strip()).first()
        if found is None:
            raise ApplicationError(
                _("Unknown period “%(period)s”.") % {"period": period or ""},
                field="period",
                code="unknown",
            )
        period = found
    kpi = (kpi or "").strip()
    if not Definition.objects.filter(code=kpi).exists():
        raise ApplicationError(
            _("Unknown KPI “%(kpi)s”.") % {"kpi": kpi}, field="kpi", code="unknown"
        )
    if employee is None and organisation is None:
        raise ApplicationError(_("Unknown person."), field="employee", code="unknown")
    qs = Assignment.objects.select_related("definition", "period", "organisation").filter(
        period=period, definition__code=kpi
    )
    qs = (
        qs.filter(employee=employee)
        if employee is not None
        else qs.filter(organisation=organisation, employee__isnull=True)
    )
    assignment = qs.first()
    if assignment is None:
        raise ApplicationError(
            _("“%(kpi)s” is not assigned to %(holder)s for %(period)s.")
            % {"kpi": kpi, "holder": employee or organisation, "period": period},
            field="kpi",
            code="not_assigned",
        )
    return assignment


def _check_actual(assignment: Assignment, origin: str, evidence: Any) -> None:
    if assignment.definition.origin != origin:
        raise ApplicationError(
            _("“%(kpi)s” takes its actual from this source: %(origin)s.")
            % {
                "kpi": assignment.definition.code,
                "origin": assignment.definition.get_origin_display(),
            },
            field="kpi",
            code="wrong_source",
        )
    if origin == Source.MANUAL and not evidence:
        raise ApplicationError(
            _("A manual actual needs an evidence file."), field="evidence", code="evidence"
        )
    if Actual.objects.filter(assignment=assignment).exists():
        raise ApplicationError(
            _("This KPI already has an actual for the period."),
            field="kpi",
            code="duplicate",
        )


def _digest(upload: Any) -> tuple[str, str]:
    import hashlib
    from pathlib import Path

    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Path(upload.name).name[:200], digest.hexdigest()


@transaction.atomic
def actual_create(
    *,
    actor: Any,
    assignment: Assignment,
    value: Decimal,
    origin: str = Source.MANUAL,
    evidence: Any = None,
    note: str = "",
    source_system: str = "",
    file_name: str = "",
    file_sha256: str = "",
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Actual:
    """Record an actual entered by hand (with its evidence file; it counts once a second
    person confirms it) or imported (with its source system and file digest)."""
    require_reach(
        actor,
        Actual,
        "add",
        assignment.organisation,
        message=_("You may not record the KPI actuals of “%(org)s”."),
        field="kpi",
    )
    Assignment.objects.select_for_update().filter(pk=assignment.pk).order_by("pk").first()
    _check_actual(assignment, origin, evidence)
    if origin == Source.MEASURE:
        raise ApplicationError(
            _("A measured actual is computed, not entered."), field="kpi", code="wrong_source"
        )
    if evidence:  # the evidence file's name and digest are kept (and audited) with it
        file_name, file_sha256 = _digest(evidence)
    actual = Actual(
        assignment=assignment,
        value=value,
        origin=origin,
        evidence=evidence or "",
        note=note or "",
        source_system=source_system,
        file_name=file_name,
        file_sha256=file_sha256,
    )
    return create_audited(
        actor=actor, obj=actual, audited=ACTUAL_AUDITED, source=source, reason=reason
    )


@transaction.atomic
def actual_confirm(
    *, actor: Any, actual: Actual, source: str = AuditSource.WEB, reason: str = ""
) -> Actual:
    """A second person confirms a manual actual; from then on the achievement reads it."""
    actual = (
        Actual.objects.select_for_update()
        .select_related("assignment__organisation")
        .get(pk=actual.pk)
    )
    require_reach(
        actor,
        Actual,
        "change",
        actual.assignment.organisation,
        message=_("You may not confirm the KPI actuals of “%(org)s”."),
        field=None,
    )
    if actual.origin != Source.MANUAL:
        raise ApplicationError(_("Only a manual actual is confirmed."), code="not_manual")
    if actual.confirmed_at is not None:
        raise ApplicationError(_("This actual is confirmed already."), code="confirmed")
    if actual.created_by_id == getattr(actor, "pk", None):
        raise ApplicationError(
            _("The author of an actual may not confirm it; a second person does."),
            code="author",
        )
    return update_audited(
        actor=actor,
        obj=actual,
        fields={"confirmed_by": actor, "confirmed_at": timezone.now()},
        audited=("confirmed_by", "confirmed_at"),
        source=source,
        reason=reason,
    )


@transaction.atomic
def actual_delete(
    *, actor: Any, instance: Actual, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    require_reach(
        actor,
        Actual,
        "delete",
        instance.assignment.organisation,
        message=_("You may not record the KPI actuals of “%(org)s”."),
        field=None,
    )
    reason = require_reason(reason, model=Actual, action="delete", source=source)
    delete_audited(actor=actor, obj=instance, audited=ACTUAL_AUDITED, source=source, reason=reason)
