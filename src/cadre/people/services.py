"""Writes to people's records. Each is atomic and audited: a person's record is never
changed without a trace."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import (
    AuditEntry,
    audit_entry,
    audit_record,
    audit_record_many,
    create_audited,
    diff,
    field_values,
    relations_of,
    update_audited,
)
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems, full_clean_or_raise, reject_unknown
from cadre.core.reasons import require_reason
from cadre.core.scoping import reaches, require_reach
from cadre.orgs.models import Organisation, Post
from cadre.orgs.selectors import countries_of
from cadre.people.choices import AssignmentKind
from cadre.people.identifiers import identifier_problems
from cadre.people.models import Assignment, Certification, Education, Employee, Specialty

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


def _check_reach(
    *, actor: Any, model: Any, organisation: Organisation, action: str, field: str
) -> None:
    require_reach(
        actor,
        model,
        action,
        organisation,
        message=_("You may not keep records of “%(organisation)s”."),
        field=field,
        name="organisation",
    )


def _check_may_change(*, actor: Any, employee: Employee) -> None:
    """The actor keeps the records of the person's organisation (their file may change)."""
    _check_reach(
        actor=actor,
        model=Employee,
        organisation=employee.organisation,
        action="change",
        field="employee",
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


# --- writing many people at once (imports) ----------------------------------------------


@dataclass
class PersonRow:
    """One good row of a people import, its references resolved."""

    personal_id: str
    fields: dict[str, Any]  # PERSON_FIELDS and ``organisation``
    existing: Employee | None = None
    post: Post | None = None
    post_start: dt.date | None = None
    # (level, specialty, institution, year of graduation)
    education: tuple[int, Specialty, str, int | None] | None = None


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def employees_import(
    *, actor: Any, rows: list[PersonRow], source: str = AuditSource.WEB
) -> ImportCounts:
    """Create or update the people of ``rows``, put them into their main posts and record
    their education, in a handful of statements whatever the number of rows; every change
    audited per person as the one-at-a-time services audit it (one append to the chain)."""
    counts = ImportCounts()
    now = timezone.now()
    may: dict[tuple[int, str], bool] = {}

    def check(org: Organisation, action: str) -> None:
        if (org.pk, action) not in may:
            may[org.pk, action] = reaches(actor, Employee, action, org)
        if not may[org.pk, action]:
            _check_reach(  # raises, with the reason
                actor=actor, model=Employee, organisation=org, action=action, field="organisation"
            )

    existing_ids = [r.existing.pk for r in rows if r.existing is not None]
    open_posts: dict[int, list[Assignment]] = {}
    for a in Assignment.objects.filter(
        employee_id__in=existing_ids, end_date__isnull=True
    ).select_related("post"):
        open_posts.setdefault(a.employee_id, []).append(a)
    education_on_file = set(
        Education.objects.filter(employee_id__in=existing_ids).values_list(
            "employee_id", "level", "specialty_id"
        )
    )

    # People: new ones inserted together, changed ones updated together.
    new: list[Employee] = []
    changed: list[tuple[Employee, dict[str, Any]]] = []
    people: list[Employee] = []
    for row in rows:
        person = row.existing
        if person is None:
            check(row.fields["organisation"], "add")
            person = Employee(
                personal_id=row.personal_id, created_by=actor, updated_by=actor, **row.fields
            )
            full_clean_or_raise(
                person,
                exclude=relations_of(Employee),
                validate_unique=False,
                validate_constraints=False,
            )
            new.append(person)
        else:
            check(person.organisation, "change")
            if row.fields["organisation"].pk != person.organisation_id:
                check(row.fields["organisation"], "change")
            before = field_values(person, EMPLOYEE_FIELDS)
            for name, value in row.fields.items():
                setattr(person, name, value)
            after = field_values(person, EMPLOYEE_FIELDS)
            if after != before:
                person.updated_by, person.updated_at = actor, now
                full_clean_or_raise(
                    person,
                    exclude=relations_of(Employee),
                    validate_unique=False,
                    validate_constraints=False,
                )
                changed.append((person, diff(before, after)))
        people.append(person)
    Employee.objects.bulk_create(new, batch_size=500)
    Employee.objects.bulk_update(
        [p for p, _changes in changed],
        [*(f for f in EMPLOYEE_FIELDS if f != "personal_id"), "updated_by", "updated_at"],
        batch_size=500,
    )
    counts.created, counts.updated = len(new), len(changed)
    changes_of = {p.pk: c for p, c in changed}

    # Posts and education, then one append of every event to the audit chain.
    entries: list[AuditEntry] = []
    closing: list[Assignment] = []
    opening: list[Assignment] = []
    education: list[Education] = []
    touched = {p.pk for p in new} | set(changes_of)
    for row, person in zip(rows, people, strict=True):
        if row.existing is None:
            entries.append(
                audit_entry(
                    action="create",
                    obj=person,
                    changes=diff({}, field_values(person, EMPLOYEE_FIELDS)),
                )
            )
        elif person.pk in changes_of:
            entries.append(audit_entry(action="update", obj=person, changes=changes_of[person.pk]))
        held = open_posts.get(person.pk, [])
        post = row.post
        new_post = post is not None and all(a.post_id != post.pk for a in held)
        if post is not None and row.post_start is not None and new_post:
            if row.post_start < person.birth_date:
                raise ApplicationError(
                    _("A post cannot start before the person's birth date."),
                    field="start_date",
                    code="before_birth",
                )
            for current in held:
                if current.kind != AssignmentKind.MAIN:
                    continue
                if current.start_date >= row.post_start:
                    raise ApplicationError(
                        _(
                            "The person's current main post started on %(date)s; a new one "
                            "must start later."
                        )
                        % {"date": current.start_date.isoformat()},
                        field="start_date",
                        code="overlap",
                    )
                current.end_date = row.post_start - dt.timedelta(days=1)
                closing.append(current)
                entries.append(
                    audit_entry(
                        action="assignment.end",
                        obj=person,
                        changes={
                            "post": [current.post.title, None],
                            "end_date": [None, current.end_date],
                        },
                    )
                )
            opening.append(
                Assignment(
                    employee=person, post=post, kind=AssignmentKind.MAIN, start_date=row.post_start
                )
            )
            entries.append(
                audit_entry(
                    action="assignment.start",
                    obj=person,
                    changes={
                        "post": [None, post.title],
                        "kind": [None, AssignmentKind.MAIN],
                        "start_date": [None, row.post_start],
                        "end_date": [None, None],
                    },
                )
            )
            touched.add(person.pk)
        if row.education is not None:
            level, specialty, institution, year = row.education
            if (person.pk, level, specialty.pk) not in education_on_file:
                education_on_file.add((person.pk, level, specialty.pk))
                education.append(
                    Education(
                        employee=person,
                        level=level,
                        specialty=specialty,
                        institution=institution,
                        year=year,
                    )
                )
                entries.append(
                    audit_entry(
                        action="education.add",
                        obj=person,
                        changes={
                            "level": [None, level],
                            "specialty": [None, specialty.code],
                            "institution": [None, institution],
                            "year": [None, year],
                        },
                    )
                )
                touched.add(person.pk)
    Assignment.objects.bulk_update(closing, ["end_date"], batch_size=500)
    Assignment.objects.bulk_create(opening, batch_size=500)
    Education.objects.bulk_create(education, batch_size=500)
    audit_record_many(actor=actor, entries=entries, source=source)
    counts.unchanged = len(rows) - len(touched)
    return counts
