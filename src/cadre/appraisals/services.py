"""Writes of appraisals: a person's appraisal for a year (by hand or imported), a body's
requirement that its people be assessed effective to be paid a bonus. Each checks the
actor's reach, refuses bad input naming the field and changes nothing then, and is audited
in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.appraisals.choices import Origin, Result
from cadre.appraisals.models import Appraisal, AppraisalRequirement
from cadre.core.audit import create_audited, delete_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import Problems
from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation
from cadre.people.models import Employee

FIRST_YEAR = 1990
APPRAISAL_FIELDS = (
    "employee",
    "year",
    "result",
    "assessed_on",
    "assessed_by",
    "basis",
    "origin",
    "file_name",
    "file_sha256",
)


def _year(value: Any, field: str, problems: Problems, *, latest: int | None) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        problems.add(_("Enter a year."), field=field)
        return None
    if year < FIRST_YEAR:
        problems.add(_("Enter a year from 1990 on."), field=field)
    elif latest is not None and year > latest:
        problems.add(
            _("%(year)s has not begun: a year is assessed once it has.") % {"year": year},
            field=field,
        )
    return year


def appraisal_check(
    *,
    employee: Employee | None = None,
    year: Any = None,
    result: Any = None,
    assessed_on: dt.date | None = None,
    **_ignored: Any,
) -> None:
    """Every problem with an appraisal's fields (each rule skipped when its input is
    missing): a result of the scale, a year that has begun, assessed in or after that year
    and not in the future, one appraisal per person and year."""
    problems = Problems()
    today = timezone.localdate()
    checked = None
    if year is not None:
        checked = _year(year, "year", problems, latest=today.year)
        if problems:
            checked = None  # refused already: nothing more to say about it
    if result is not None and result not in Result.values:
        problems.add(
            _("“%(value)s” is not a result of the scale: %(known)s.")
            % {"value": result, "known": ", ".join(Result.values)},
            field="result",
        )
    if assessed_on is not None:
        if assessed_on > today:
            problems.add(_("An appraisal cannot be dated in the future."), field="assessed_on")
        elif checked is not None and assessed_on.year < checked:
            problems.add(
                _("The appraisal of %(year)s is given in %(year)s or later.") % {"year": checked},
                field="assessed_on",
            )
    if (
        employee is not None
        and checked is not None
        and Appraisal.objects.filter(employee=employee, year=checked).exists()
    ):
        problems.add(
            _("%(person)s already has an appraisal for %(year)s.")
            % {"person": employee, "year": checked},
            field="year",
        )
    problems.raise_if_any()


@transaction.atomic
def appraisal_record(
    *,
    actor: Any,
    employee: Employee,
    year: int,
    result: str,
    assessed_on: dt.date,
    assessed_by: str,
    basis: str = "",
    origin: str = Origin.MANUAL,
    file_name: str = "",
    file_sha256: str = "",
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Appraisal:
    """Record ``employee``'s appraisal for ``year``."""
    require_reach(
        actor,
        Appraisal,
        "add",
        employee.organisation,
        message=_("You may not record the appraisals of “%(org)s”."),
        field="employee",
    )
    appraisal_check(employee=employee, year=year, result=result, assessed_on=assessed_on)
    return create_audited(
        actor=actor,
        obj=Appraisal(
            employee=employee,
            year=int(year),
            result=result,
            assessed_on=assessed_on,
            assessed_by=(assessed_by or "").strip(),
            basis=(basis or "").strip(),
            origin=origin,
            file_name=file_name,
            file_sha256=file_sha256,
        ),
        audited=APPRAISAL_FIELDS,
        source=source,
        reason=reason,
    )


@transaction.atomic
def appraisal_delete(
    *, actor: Any, appraisal: Appraisal, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    """Delete an appraisal recorded by mistake (a run already made keeps what it read)."""
    appraisal = (
        Appraisal.objects.select_for_update()
        .select_related("employee__organisation")
        .get(pk=appraisal.pk)
    )
    require_reach(
        actor,
        Appraisal,
        "delete",
        appraisal.employee.organisation,
        message=_("You may not record the appraisals of “%(org)s”."),
        field="employee",
    )
    delete_audited(
        actor=actor, obj=appraisal, audited=APPRAISAL_FIELDS, source=source, reason=reason
    )


def requirement_check(
    *,
    organisation: Organisation | None = None,
    from_year: Any = None,
    minimum: Any = None,
    **_ignored: Any,
) -> None:
    problems = Problems()
    year = None
    if from_year is not None:
        year = _year(from_year, "from_year", problems, latest=None)
    if minimum is not None and minimum not in Result.values:
        problems.add(
            _("“%(value)s” is not a result of the scale: %(known)s.")
            % {"value": minimum, "known": ", ".join(Result.values)},
            field="minimum",
        )
    if (
        organisation is not None
        and year is not None
        and AppraisalRequirement.objects.filter(organisation=organisation, from_year=year).exists()
    ):
        problems.add(
            _("“%(org)s” already has a requirement from %(year)s.")
            % {"org": organisation, "year": year},
            field="from_year",
        )
    problems.raise_if_any()


@transaction.atomic
def requirement_create(
    *,
    actor: Any,
    organisation: Organisation,
    from_year: int,
    minimum: str = Result.EFFECTIVE,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> AppraisalRequirement:
    """From ``from_year`` on, the people of ``organisation``'s subtree are paid a bonus only
    when assessed at least ``minimum`` for the fund's year."""
    require_reach(
        actor,
        AppraisalRequirement,
        "add",
        organisation,
        message=_("You may not set the appraisal requirements of “%(org)s”."),
    )
    requirement_check(organisation=organisation, from_year=from_year, minimum=minimum)
    return create_audited(
        actor=actor,
        obj=AppraisalRequirement(
            organisation=organisation, from_year=int(from_year), minimum=minimum
        ),
        audited=("organisation", "from_year", "minimum"),
        source=source,
        reason=reason,
    )


@transaction.atomic
def requirement_delete(
    *,
    actor: Any,
    requirement: AppraisalRequirement,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> None:
    requirement = (
        AppraisalRequirement.objects.select_for_update()
        .select_related("organisation")
        .get(pk=requirement.pk)
    )
    require_reach(
        actor,
        AppraisalRequirement,
        "delete",
        requirement.organisation,
        message=_("You may not set the appraisal requirements of “%(org)s”."),
    )
    delete_audited(
        actor=actor,
        obj=requirement,
        audited=("organisation", "from_year", "minimum"),
        source=source,
        reason=reason,
    )
