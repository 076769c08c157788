"""Import of people from the HR records a body already keeps (CSV/XLSX).

Idempotent by ``personal_id``: a second import of the same file changes nothing. Each row
may also put the person into a post (``post_code``, ``post_start``) and record their highest
education (``education_level``, ``specialty_code``).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadre.core.choices import AuditSource
from cadre.core.imports import (
    CellError,
    ImportColumn,
    ImportReport,
    ImportSpec,
    ParsedRow,
    RowError,
    choice,
    code,
    iso_date,
    register_import,
    text,
    whole_number,
)
from cadre.core.scoping import reaches
from cadre.orgs.models import Organisation, Post
from cadre.people import services
from cadre.people.choices import AssignmentKind, EducationLevel, Gender
from cadre.people.models import Assignment, Education, Employee, Specialty
from cadre.people.selectors import current_q

LEVELS = {
    "secondary": EducationLevel.SECONDARY,
    "college": EducationLevel.COLLEGE,
    "bachelor": EducationLevel.BACHELOR,
    "master": EducationLevel.MASTER,
    "doctorate": EducationLevel.DOCTORATE,
}


def email(value: str) -> str:
    if len(value) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise CellError(_("Not an e-mail address."))
    return value


def personal_id(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9\-]{4,32}", value):
        raise CellError(_("An identifier has 4 to 32 letters, digits or '-'."))
    return value


def gender(value: str) -> str:
    return choice(
        Gender,
        {
            "f": Gender.FEMALE,
            "m": Gender.MALE,
            "ж": Gender.FEMALE,
            "м": Gender.MALE,
            "nữ": Gender.FEMALE,
            "nam": Gender.MALE,
        },
    )(value)


PERSON_FIELDS = ("last_name", "first_name", "middle_name", "birth_date", "gender", "email", "phone")


@register_import
class PeopleImport(ImportSpec):
    kind = "people"
    label = gettext_lazy("People")
    key = "personal_id"
    columns = (
        ImportColumn(
            "personal_id",
            True,
            personal_id,
            gettext_lazy("National identifier (IIN, SNILS, CCCD)."),
            "900517400123",
        ),
        ImportColumn("last_name", True, text(100), gettext_lazy("Last name."), "Ахметова"),
        ImportColumn("first_name", True, text(100), gettext_lazy("First name."), "Динара"),
        ImportColumn(
            "middle_name", False, text(100), gettext_lazy("Middle name or patronymic."), "Серікқызы"
        ),
        ImportColumn("birth_date", True, iso_date, gettext_lazy("YYYY-MM-DD."), "1990-05-17"),
        ImportColumn("gender", True, gender, gettext_lazy("F or M."), "F"),
        ImportColumn("email", False, email, gettext_lazy("Work e-mail."), ""),
        ImportColumn("phone", False, text(32), gettext_lazy("Work phone."), ""),
        ImportColumn(
            "organisation_code",
            True,
            code,
            gettext_lazy("Code of the body or unit whose books the person is on."),
            "KZ-M01-IT",
        ),
        ImportColumn(
            "post_code", False, code, gettext_lazy("Code of the main post."), "KZ-M01-IT-P"
        ),
        ImportColumn(
            "post_start",
            False,
            iso_date,
            gettext_lazy("In the post since (YYYY-MM-DD)."),
            "2024-01-15",
        ),
        ImportColumn(
            "education_level",
            False,
            choice(EducationLevel, LEVELS),
            gettext_lazy("secondary, college, bachelor, master or doctorate."),
            "bachelor",
        ),
        ImportColumn(
            "specialty_code",
            False,
            code,
            gettext_lazy("Code from the classifier of specialties."),
            "6B061",
        ),
        ImportColumn("institution", False, text(255), gettext_lazy("Where they studied."), ""),
        ImportColumn(
            "graduation_year", False, whole_number(1940, 2100), gettext_lazy("Year."), "2012"
        ),
    )

    def resolve(self, rows: list[ParsedRow], report: ImportReport) -> list[ParsedRow]:
        orgs = {r.values["organisation_code"] for r in rows}
        posts = {r.values["post_code"] for r in rows if r.values["post_code"]}
        specs = {r.values["specialty_code"] for r in rows if r.values["specialty_code"]}
        self.orgs = {o.code: o for o in Organisation.objects.filter(code__in=orgs)}
        self.posts = {
            p.code: p
            for p in Post.objects.restrict(self.actor, "view")
            .filter(code__in=posts)
            .select_related("organisation")
        }
        self.specialties = {s.code: s for s in Specialty.objects.filter(code__in=specs)}
        ids = [r.values["personal_id"] for r in rows]
        self.existing = {e.personal_id: e for e in Employee.objects.filter(personal_id__in=ids)}

        def may_keep(org: Organisation) -> bool:
            return reaches(self.actor, Employee, "add", org)

        good = []
        for row in rows:
            v = row.values
            problems: list[tuple[str, str]] = []
            org = self.orgs.get(v["organisation_code"])
            if org is None:
                problems.append(
                    (
                        "organisation_code",
                        _("No organisation has the code “%(code)s”.")
                        % {"code": v["organisation_code"]},
                    )
                )
            elif not may_keep(org):
                problems.append(
                    (
                        "organisation_code",
                        _("You may not keep records of “%(code)s”.")
                        % {"code": v["organisation_code"]},
                    )
                )
            known = self.existing.get(v["personal_id"])
            if known is not None and not may_keep(known.organisation):
                problems.append(
                    (
                        "personal_id",
                        _("This person is on the books of an organisation outside your scope."),
                    )
                )
            if v["post_code"]:
                if v["post_code"] not in self.posts:
                    problems.append(
                        (
                            "post_code",
                            _("No post has the code “%(code)s”.") % {"code": v["post_code"]},
                        )
                    )
                if v["post_start"] is None:
                    problems.append(("post_start", _("Required when a post is given.")))
            if (v["education_level"] is None) != (v["specialty_code"] is None):
                problems.append(
                    (
                        "specialty_code",
                        _("Give both the education level and the specialty, or neither."),
                    )
                )
            elif v["specialty_code"] and v["specialty_code"] not in self.specialties:
                problems.append(("specialty_code", _("Not in the classifier of specialties.")))
            for column, message in problems:
                report.add_error(RowError(row.number, column, message))
            if not problems:
                good.append(row)
        return good

    def write(self, rows: list[ParsedRow], report: ImportReport) -> None:
        employee_ids = [e.pk for e in self.existing.values()]
        current_posts = {
            (a.employee_id, a.post_id)
            for a in Assignment.objects.filter(current_q(), employee_id__in=employee_ids)
        }
        education = {
            (e.employee_id, e.level, e.specialty_id)
            for e in Education.objects.filter(employee_id__in=employee_ids)
        }
        for row in rows:
            v = row.values
            fields = {name: v[name] if v[name] is not None else "" for name in PERSON_FIELDS}
            fields["organisation"] = self.orgs[v["organisation_code"]]
            person = self.existing.get(v["personal_id"])
            changed = False
            if person is None:
                person = services.employee_create(
                    actor=self.actor,
                    personal_id=v["personal_id"],
                    source=AuditSource.WEB,
                    **fields,
                )
                report.created += 1
                changed = True
            elif any(getattr(person, k) != val for k, val in fields.items()):
                person = services.employee_update(
                    actor=self.actor, employee=person, source=AuditSource.WEB, **fields
                )
                report.updated += 1
                changed = True
            post = self.posts.get(v["post_code"]) if v["post_code"] else None
            if post is not None and (person.pk, post.pk) not in current_posts:
                services.assignment_create(
                    actor=self.actor,
                    employee=person,
                    post=post,
                    start_date=v["post_start"],
                    kind=AssignmentKind.MAIN,
                    source=AuditSource.WEB,
                )
                changed = True
            if v["specialty_code"]:
                specialty = self.specialties[v["specialty_code"]]
                if (person.pk, v["education_level"], specialty.pk) not in education:
                    services.education_add(
                        actor=self.actor,
                        employee=person,
                        level=v["education_level"],
                        specialty=specialty,
                        institution=v["institution"] or "",
                        year=v["graduation_year"],
                        source=AuditSource.WEB,
                    )
                    changed = True
            if not changed:
                report.unchanged += 1
