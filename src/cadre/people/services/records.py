"""Writes to the records a person's file holds: posts held, education, certifications."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import (
    audit_record,
)
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems, full_clean_or_raise, reject_unknown
from cadre.core.reasons import require_reason
from cadre.orgs.models import Post
from cadre.people.choices import AssignmentKind
from cadre.people.models import Assignment, Certification, Education, Employee
from cadre.people.services.guards import _check_may_change, _check_reach


def assignment_create_check(
    *,
    actor: Any,
    employee: Employee,
    start_date: dt.date | None = None,
    kind: str | None = None,
    end_date: dt.date | None = None,
    **_other: Any,
) -> None:
    """The rules of ``assignment_create`` a form cannot check, all at once (rules whose
    fields are not given are skipped): a new open main post starts after the current one."""
    problems = Problems()
    if start_date is not None and kind == AssignmentKind.MAIN and end_date is None:
        previous = Assignment.objects.filter(
            employee=employee, kind=AssignmentKind.MAIN, end_date__isnull=True
        ).first()
        if previous is not None and previous.start_date >= start_date:
            problems.add(
                _("The person's current main post started on %(date)s; a new one must start later.")
                % {"date": previous.start_date.isoformat()},
                field="start_date",
                code="overlap",
            )
    problems.raise_if_any()


@transaction.atomic
def assignment_create(
    *,
    actor: Any,
    employee: Employee,
    post: Post,
    start_date: dt.date,
    kind: str = AssignmentKind.MAIN,
    end_date: dt.date | None = None,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Assignment:
    """Put a person into a post. A new open main post closes the previous one the day before."""
    _check_may_change(actor=actor, employee=employee)
    _check_reach(
        actor=actor, model=Post, organisation=post.organisation, action="view", field="post"
    )
    if start_date < employee.birth_date:
        raise ApplicationError(
            _("A post cannot start before the person's birth date."),
            field="start_date",
            code="before_birth",
        )
    if kind == AssignmentKind.MAIN and end_date is None:
        previous = (
            Assignment.objects.select_for_update()
            .filter(employee=employee, kind=AssignmentKind.MAIN, end_date__isnull=True)
            .first()
        )
        assignment_create_check(
            actor=actor, employee=employee, start_date=start_date, kind=kind, end_date=end_date
        )
        if previous is not None:
            previous.end_date = start_date - dt.timedelta(days=1)
            previous.save(update_fields=["end_date"])
            audit_record(
                actor=actor,
                action="assignment.end",
                obj=employee,
                object_repr=str(employee),
                changes={
                    "post": [previous.post.title, None],
                    "end_date": [None, previous.end_date],
                },
                reason=reason,
                source=source,
            )
    assignment = Assignment(
        employee=employee, post=post, kind=kind, start_date=start_date, end_date=end_date
    )
    full_clean_or_raise(assignment)
    assignment.save()
    audit_record(
        actor=actor,
        action="assignment.start",
        obj=employee,
        changes={
            "post": [None, post.title],
            "kind": [None, kind],
            "start_date": [None, start_date],
            "end_date": [None, end_date],
        },
        reason=reason,
        source=source,
    )
    return assignment


def _record_add(
    *,
    actor: Any,
    employee: Employee,
    record: Any,
    action: str,
    changes: dict[str, Any],
    source: str,
    reason: str,
) -> Any:
    """Add a record to a person's file (education, certification), checked and audited."""
    _check_may_change(actor=actor, employee=employee)
    full_clean_or_raise(record)
    record.save()
    audit_record(
        actor=actor,
        action=action,
        obj=employee,
        changes={name: [None, value] for name, value in changes.items()},
        reason=reason,
        source=source,
    )
    return record


@transaction.atomic
def education_add(
    *,
    actor: Any,
    employee: Employee,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Education:
    reject_unknown(fields, ("level", "specialty", "institution", "year"))
    education = Education(employee=employee, **fields)
    changes = {
        "level": education.level,
        "specialty": education.specialty.code,
        "institution": education.institution,
        "year": education.year,
    }
    return _record_add(
        actor=actor,
        employee=employee,
        record=education,
        action="education.add",
        changes=changes,
        source=source,
        reason=reason,
    )


@transaction.atomic
def certification_add(
    *,
    actor: Any,
    employee: Employee,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Certification:
    reject_unknown(fields, ("name", "issuer", "number", "issued_on", "expires_on"))
    cert = Certification(employee=employee, **fields)
    changes = {"name": cert.name, "issued_on": cert.issued_on, "expires_on": cert.expires_on}
    return _record_add(
        actor=actor,
        employee=employee,
        record=cert,
        action="certification.add",
        changes=changes,
        source=source,
        reason=reason,
    )


@transaction.atomic
def assignment_end(
    *,
    actor: Any,
    assignment: Assignment,
    end_date: dt.date,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Assignment:
    """Close an open assignment on ``end_date`` (the person leaves the post that day)."""
    reason = require_reason(reason, model=Assignment, action="change", source=source)
    obj = (
        Assignment.objects.select_for_update()
        .select_related("employee__organisation", "post")
        .get(pk=assignment.pk)
    )
    _check_may_change(actor=actor, employee=obj.employee)
    if obj.end_date is not None:
        raise ApplicationError(
            _("This assignment already ended on %(date)s.") % {"date": obj.end_date.isoformat()},
            field="end_date",
            code="ended",
        )
    if end_date < obj.start_date:
        raise ApplicationError(
            _("An assignment cannot end before it starts (%(date)s).")
            % {"date": obj.start_date.isoformat()},
            field="end_date",
            code="before_start",
        )
    obj.end_date = end_date
    obj.save(update_fields=["end_date"])
    audit_record(
        actor=actor,
        action="assignment.end",
        obj=obj.employee,
        changes={"post": [obj.post.title, None], "end_date": [None, end_date]},
        reason=reason,
        source=source,
    )
    return obj


def _record_delete(
    *, actor: Any, record: Any, action: str, changes: dict[str, Any], source: str, reason: str
) -> None:
    reason = require_reason(reason, model=record, action="delete", source=source)
    employee = record.employee
    _check_may_change(actor=actor, employee=employee)
    audit_record(
        actor=actor,
        action=action,
        obj=employee,
        changes={name: [value, None] for name, value in changes.items()},
        reason=reason,
        source=source,
    )
    record.delete()


@transaction.atomic
def education_delete(
    *, actor: Any, education: Education, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    """Remove an education record entered by mistake; its values stay in the audit log."""
    _record_delete(
        actor=actor,
        record=education,
        action="education.delete",
        changes={
            "level": education.level,
            "specialty": education.specialty.code,
            "institution": education.institution,
            "year": education.year,
        },
        source=source,
        reason=reason,
    )


@transaction.atomic
def certification_delete(
    *, actor: Any, certification: Certification, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    _record_delete(
        actor=actor,
        record=certification,
        action="certification.delete",
        changes={
            "name": certification.name,
            "issued_on": certification.issued_on,
            "expires_on": certification.expires_on,
        },
        source=source,
        reason=reason,
    )
