"""Writing many people at once (the people import's row-by-row path)."""

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
    audit_record_many,
    diff,
    field_values,
    relations_of,
)
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, full_clean_or_raise
from cadre.core.scoping import reaches
from cadre.orgs.models import Organisation, Post
from cadre.people.choices import AssignmentKind
from cadre.people.models import Assignment, Education, Employee, Specialty
from cadre.people.services.employees import EMPLOYEE_FIELDS
from cadre.people.services.guards import _check_reach

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
