"""Declarations of interest: the employee declares (or their body's ethics officer enters
for them), confirms each year, the ethics officer reviews. Audited; refusals name the field
and change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, create_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.ethics.choices import RelationKind, ReviewState
from cadre.ethics.models import Declaration
from cadre.ethics.services.common import is_officer, is_person
from cadre.people.models import Employee

FIELDS = (
    "employee",
    "kind",
    "related_employee",
    "related_organisation",
    "starts_on",
    "ends_on",
    "confirmed_on",
)


def declaration_create_check(
    *,
    employee: Employee | None = None,
    kind: str | None = None,
    related_employee: Employee | None = None,
    related_organisation: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    **_other: Any,
) -> None:
    problems = Problems()
    if kind is not None and kind not in RelationKind.values:
        problems.add(_("Choose the kind of relation."), field="kind", code="invalid")
    if employee is not None and related_employee is not None and employee.pk == related_employee.pk:
        problems.add(
            _("A declaration cannot be about oneself."), field="related_employee", code="self"
        )
    if related_employee is None and not (related_organisation or "").strip():
        problems.add(
            _("Name the related person or the related organisation."),
            field="related_employee",
            code="required",
        )
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        problems.add(
            _("The end date cannot be before the start date."), field="ends_on", code="dates"
        )
    problems.raise_if_any()


@transaction.atomic
def declaration_create(
    *,
    actor: Any,
    employee: Employee,
    kind: str,
    starts_on: dt.date,
    related_employee: Employee | None = None,
    related_organisation: str = "",
    description: str = "",
    ends_on: dt.date | None = None,
    reason: str = "",
    source: str = AuditSource.WEB,
) -> Declaration:
    """The employee's declaration (or entered by their body's ethics officer)."""
    if not (is_person(actor, employee) or is_officer(actor, employee.organisation)):
        raise ApplicationError(
            _("Only the person or their body's ethics officer declares their interests."),
            field="employee",
            code="scope",
        )
    related_organisation = (related_organisation or "").strip()
    declaration_create_check(
        employee=employee,
        kind=kind,
        related_employee=related_employee,
        related_organisation=related_organisation,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    row = Declaration(
        employee=employee,
        kind=kind,
        related_employee=related_employee,
        related_organisation=related_organisation,
        description=(description or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        confirmed_on=timezone.localdate(),
    )
    return create_audited(actor=actor, obj=row, audited=FIELDS, source=source, reason=reason)


def _locked(row: Declaration) -> Declaration:
    return (
        Declaration.objects.select_for_update(of=("self",))
        .select_related("employee__organisation")
        .get(pk=row.pk)
    )


@transaction.atomic
def declaration_confirm(
    *,
    actor: Any,
    declaration: Declaration,
    ends_on: dt.date | None = None,
    source: str = AuditSource.WEB,
) -> Declaration:
    """The person confirms the declaration for another year (or says when it ended)."""
    row = _locked(declaration)
    if not is_person(actor, row.employee):
        raise ApplicationError(_("Only the person confirms their declaration."), code="scope")
    if ends_on is not None and ends_on < row.starts_on:
        raise ApplicationError(
            _("The end date cannot be before the start date."), field="ends_on", code="dates"
        )
    before_confirmed, before_ends = row.confirmed_on.isoformat(), row.ends_on
    row.confirmed_on = timezone.localdate()
    if ends_on is not None:
        row.ends_on = ends_on
    row.review_state = ReviewState.SUBMITTED
    row.save(update_fields=["confirmed_on", "ends_on", "review_state", "updated_at"])
    audit_record(
        actor=actor,
        action="declaration.confirm",
        obj=row,
        changes={
            "confirmed_on": [before_confirmed, row.confirmed_on.isoformat()],
            "ends_on": [
                before_ends.isoformat() if before_ends else None,
                row.ends_on.isoformat() if row.ends_on else None,
            ],
        },
        source=source,
    )
    return row


@transaction.atomic
def declaration_review(
    *, actor: Any, declaration: Declaration, reason: str = "", source: str = AuditSource.WEB
) -> Declaration:
    """The ethics officer of the person's body has reviewed the declaration."""
    row = _locked(declaration)
    if not is_officer(actor, row.employee.organisation):
        raise ApplicationError(
            _("Only the ethics officer of the person's body reviews their declarations."),
            code="scope",
        )
    if is_person(actor, row.employee):
        raise ApplicationError(_("You may not review your own declaration."), code="self")
    row.review_state = ReviewState.REVIEWED
    row.reviewed_by = actor
    row.reviewed_at = timezone.now()
    row.save(update_fields=["review_state", "reviewed_by", "reviewed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="declaration.review",
        obj=row,
        changes={"review_state": [ReviewState.SUBMITTED, ReviewState.REVIEWED]},
        reason=reason,
        source=source,
    )
    return row
