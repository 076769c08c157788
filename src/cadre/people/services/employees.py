"""Writes to a person's own record: create, update, link to a user account."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import (
    audit_record,
    create_audited,
    update_audited,
)
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems, reject_unknown
from cadre.core.reasons import require_reason
from cadre.orgs.models import Organisation
from cadre.orgs.selectors import countries_of
from cadre.people.identifiers import identifier_problems
from cadre.people.models import Employee
from cadre.people.services.guards import _check_may_change, _check_reach

EMPLOYEE_FIELDS = (
    "personal_id",
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "gender",
    "email",
    "phone",
    "organisation",
    "is_active",
)


# What decides whether a national identifier is valid (decision 0015).
IDENTITY_FIELDS = ("personal_id", "organisation", "birth_date", "gender")


def _identifier_check(
    problems: Problems,
    *,
    personal_id: str | None,
    organisation: Organisation | None,
    birth_date: dt.date | None,
    gender: str | None,
) -> None:
    """The identifier is a valid national identifier of the organisation's country, and
    agrees with the birth date and the sex it encodes."""
    if not personal_id or organisation is None:
        return
    country = countries_of([organisation])[organisation.pk]
    for message in identifier_problems(
        personal_id, country=country, birth_date=birth_date, gender=gender or None
    ):
        problems.add(message, field="personal_id", code="identifier")


def employee_create_check(
    *,
    actor: Any,
    personal_id: str | None = None,
    organisation: Organisation | None = None,
    birth_date: dt.date | None = None,
    gender: str | None = None,
    **_other: Any,
) -> None:
    """The rules of ``employee_create`` a form cannot check, all at once (rules whose fields
    are not given are skipped): one person per identifier; a valid national identifier."""
    problems = Problems()
    if personal_id and Employee.objects.filter(personal_id=personal_id).exists():
        problems.add(
            _("A person with this identifier already exists."), field="personal_id", code="unique"
        )
    _identifier_check(
        problems,
        personal_id=personal_id,
        organisation=organisation,
        birth_date=birth_date,
        gender=gender,
    )
    problems.raise_if_any()


@transaction.atomic
def employee_create(
    *, actor: Any, source: str = AuditSource.WEB, reason: str = "", **fields: Any
) -> Employee:
    reject_unknown(fields, EMPLOYEE_FIELDS)
    _check_reach(
        actor=actor,
        model=Employee,
        organisation=fields["organisation"],
        action="add",
        field="organisation",
    )
    employee_create_check(actor=actor, **fields)
    employee = create_audited(
        actor=actor,
        obj=Employee(**fields),
        audited=EMPLOYEE_FIELDS,
        source=source,
        reason=reason,
        clean_exclude=["user"],
    )
    return employee


def employee_update_check(*, actor: Any, employee: Employee, **fields: Any) -> None:
    """The rules of ``employee_update`` a form cannot check, all at once: one person per
    identifier; a valid national identifier, checked when the identifier, the organisation,
    the birth date or the sex changes (a record that was valid under looser rules can still
    have its other fields edited)."""
    stored = Employee.objects.filter(pk=employee.pk).values(*IDENTITY_FIELDS).first() or {}
    given = {name: fields[name] for name in IDENTITY_FIELDS if name in fields}
    if isinstance(given.get("organisation"), Organisation):
        given["organisation"] = given["organisation"].pk
    problems = Problems()
    pid = given.get("personal_id", stored.get("personal_id"))
    if pid and Employee.objects.filter(personal_id=pid).exclude(pk=employee.pk).exists():
        problems.add(
            _("A person with this identifier already exists."), field="personal_id", code="unique"
        )
    if any(stored.get(name) != value for name, value in given.items()):
        merged = {**stored, **given}
        _identifier_check(
            problems,
            personal_id=merged.get("personal_id"),
            organisation=Organisation.objects.filter(pk=merged.get("organisation") or 0).first(),
            birth_date=merged.get("birth_date"),
            gender=merged.get("gender"),
        )
    problems.raise_if_any()


@transaction.atomic
def employee_update(
    *,
    actor: Any,
    employee: Employee,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Employee:
    reject_unknown(fields, EMPLOYEE_FIELDS)
    reason = require_reason(reason, model=Employee, action="change", source=source)
    obj = Employee.objects.select_for_update().get(pk=employee.pk)
    _check_may_change(actor=actor, employee=obj)  # the person as they are now
    if "organisation" in fields and fields["organisation"].pk != obj.organisation_id:
        _check_reach(
            actor=actor,
            model=Employee,
            organisation=fields["organisation"],
            action="change",
            field="organisation",
        )
    employee_update_check(actor=actor, employee=obj, **fields)
    return update_audited(
        actor=actor,
        obj=obj,
        fields=fields,
        audited=EMPLOYEE_FIELDS,
        source=source,
        reason=reason,
        clean_exclude=["user"],
    )


@transaction.atomic
def employee_link_user(
    *, actor: Any, employee: Employee, user: Any, source: str = AuditSource.WEB
) -> Employee:
    """Tie a person's record to their sign-in account, so they see their own record."""
    _check_may_change(actor=actor, employee=employee)
    if Employee.objects.filter(user=user).exclude(pk=employee.pk).exists():
        raise ApplicationError(
            _("This account already belongs to another person."), field="user", code="unique"
        )
    before = employee.user.username if employee.user else None
    Employee.objects.filter(pk=employee.pk).update(user=user)
    employee.user = user
    audit_record(
        actor=actor,
        action="update",
        obj=employee,
        changes={"user": [before, user.username if user else None]},
        source=source,
    )
    return employee
