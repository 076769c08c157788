"""Import of people from the HR records a body already keeps (CSV/XLSX).

Idempotent by ``personal_id``: a second import of the same file changes nothing. Each row
may also put the person into a post (``post_code``, ``post_start``) and record their highest
education (``education_level``, ``specialty_code``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadre.core.choices import AuditSource
from cadre.core.imports.cells import CellError, choice, code, iso_date, text, whole_number
from cadre.core.imports.spec import (
    ImportColumn,
    ImportReport,
    ImportSpec,
    ParsedRow,
    RowError,
    in_chunks,
    register_import,
)
from cadre.core.scoping import reaches
from cadre.orgs.models import Organisation, Post
from cadre.people import identifiers, services
from cadre.people.choices import AssignmentKind, EducationLevel, Gender
from cadre.people.models import Assignment, Employee, Specialty

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


def birth_date(value: str) -> dt.date:
    """A date of birth that can be true: not in the future, not before 1900."""
    date = iso_date(value)
    if date > timezone.localdate():
        raise CellError(_("A birth date cannot be in the future."))
    if date.year < 1900:
        raise CellError(_("A birth date cannot be before 1900."))
    return date


gender = choice(
    Gender,
    {
        "f": Gender.FEMALE,
        "m": Gender.MALE,
        "ж": Gender.FEMALE,
        "м": Gender.MALE,
        "nữ": Gender.FEMALE,
        "nam": Gender.MALE,
    },
)


# Rows written per call of the bulk service (and per progress report).
WRITE_BATCH = 1000

PERSON_FIELDS = ("last_name", "first_name", "middle_name", "birth_date", "gender", "email", "phone")


@register_import
class PeopleImport(ImportSpec):
    kind = "people"
    model = "people.Employee"
    refresh_jobs = ("people.figures_refresh",)
    label = gettext_lazy("People")
    key = "personal_id"
    # Kept elsewhere, in the export for the figures (people.views.employees.EXPORT_COLUMNS).
    ignored_columns = ("is_active", "concurrent_post_codes", "it_specialty")
    columns = (
        ImportColumn(
            "personal_id",
            True,
            personal_id,
            gettext_lazy("National identifier (IIN, SNILS, CCCD)."),
            "900517400124",
        ),
        ImportColumn("last_name", True, text(100), gettext_lazy("Last name."), "Ахметова"),
        ImportColumn("first_name", True, text(100), gettext_lazy("First name."), "Динара"),
        ImportColumn(
            "middle_name", False, text(100), gettext_lazy("Middle name or patronymic."), "Серікқызы"
        ),
        ImportColumn("birth_date", True, birth_date, gettext_lazy("YYYY-MM-DD."), "1990-05-17"),
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

    # --- lookups shared by the row-by-row and the bulk path -----------------------------

    def may_keep(self, org: Organisation) -> bool:
        return reaches(self.actor, Employee, "add", org)

    def lookup_organisations(self, codes: set[str]) -> dict[str, tuple[Organisation | None, str]]:
        """Each code's organisation, or why the code cannot be used."""
        found = {o.code: o for o in in_chunks(Organisation.objects.all(), "code", codes)}
        result: dict[str, tuple[Organisation | None, str]] = {}
        for value in codes:
            org = found.get(value)
            if org is None:
                result[value] = (
                    None,
                    _("No organisation has the code “%(code)s”.") % {"code": value},
                )
            elif not self.may_keep(org):
                result[value] = (
                    org,
                    _("You may not keep records of “%(code)s”.") % {"code": value},
                )
            else:
                result[value] = (org, "")
        return result

    def lookup_posts(self, codes: set[str]) -> dict[str, tuple[Post | None, str]]:
        found = {
            p.code: p
            for p in in_chunks(
                Post.objects.restrict(self.actor, "view").select_related("organisation"),
                "code",
                codes,
            )
        }
        return {
            value: (found[value], "")
            if value in found
            else (None, _("No post has the code “%(code)s”.") % {"code": value})
            for value in codes
        }

    def lookup_specialties(self, codes: set[str]) -> dict[str, tuple[Specialty | None, str]]:
        found = {s.code: s for s in in_chunks(Specialty.objects.all(), "code", codes)}
        return {
            value: (found[value], "")
            if value in found
            else (None, _("Not in the classifier of specialties."))
            for value in codes
        }

    @staticmethod
    def outside_scope_message() -> str:
        return _("This person is on the books of an organisation outside your scope.")

    @staticmethod
    def post_start_message() -> str:
        return _("Required when a post is given.")

    @staticmethod
    def before_birth_message() -> str:
        return _("A post cannot start before the person's birth date.")

    @staticmethod
    def both_message() -> str:
        return _("Give both the education level and the specialty, or neither.")

    @staticmethod
    def overlap_message(current_start: dt.date) -> str:
        return _(
            "The person's current main post started on %(date)s; a new one must start later."
        ) % {"date": current_start.isoformat()}

    # --- the bulk path (PostgreSQL, large CSV files) --------------------------------------

    def run_bulk(
        self,
        path: Path,
        name: str,
        mode: str,
        report: ImportReport,
        progress: Callable[[int, int, str], None] | None,
    ) -> bool:
        from cadre.people import bulk

        return bulk.applies(name, path) and bulk.run(self, path, name, mode, report, progress)

    # --- the row-by-row path ----------------------------------------------------------------

    def resolve(self, rows: list[ParsedRow], report: ImportReport) -> list[ParsedRow]:
        orgs = self.lookup_organisations(
            {r.values["organisation_code"] for r in rows if r.values["organisation_code"]}
        )
        posts = self.lookup_posts({r.values["post_code"] for r in rows if r.values["post_code"]})
        specs = self.lookup_specialties(
            {r.values["specialty_code"] for r in rows if r.values["specialty_code"]}
        )
        countries = identifiers.countries_by_code(orgs)
        self.orgs = {code: org for code, (org, _error) in orgs.items() if org is not None}
        self.posts = {code: post for code, (post, _error) in posts.items() if post is not None}
        self.specialties = {code: s for code, (s, _error) in specs.items() if s is not None}
        ids = [r.values["personal_id"] for r in rows if r.values["personal_id"]]
        self.existing = {
            e.personal_id: e
            for e in in_chunks(Employee.objects.select_related("organisation"), "personal_id", ids)
        }
        self.open_main = {
            a.employee_id: a
            for a in in_chunks(
                Assignment.objects.filter(kind=AssignmentKind.MAIN, end_date=None),
                "employee_id",
                [e.pk for e in self.existing.values()],
            )
        }

        good = []
        for row in rows:
            v = row.values
            problems: list[tuple[str, str]] = []
            if v["organisation_code"] and orgs[v["organisation_code"]][1]:
                problems.append(("organisation_code", orgs[v["organisation_code"]][1]))
            known = None if self.key in row.bad else self.existing.get(v["personal_id"])
            if known is not None and not self.may_keep(known.organisation):
                problems.append(("personal_id", self.outside_scope_message()))
            problems.extend(
                ("personal_id", m) for m in identifiers.import_row_problems(v, row.bad, countries)
            )
            post = None
            if v["post_code"]:
                post, error = posts[v["post_code"]]
                if error:
                    problems.append(("post_code", error))
                if v["post_start"] is None and "post_start" not in row.bad:
                    problems.append(("post_start", self.post_start_message()))
                elif v["post_start"] and v["birth_date"] and v["post_start"] < v["birth_date"]:
                    problems.append(("post_start", self.before_birth_message()))
            if {"education_level", "specialty_code"} & row.bad:
                pass  # refused already
            elif (v["education_level"] is None) != (v["specialty_code"] is None):
                problems.append(("specialty_code", self.both_message()))
            elif v["specialty_code"] and specs[v["specialty_code"]][1]:
                problems.append(("specialty_code", specs[v["specialty_code"]][1]))
            current = self.open_main.get(known.pk) if known is not None else None
            if (
                current is not None
                and post is not None
                and v["post_start"] is not None
                and current.post_id != post.pk
                and current.start_date >= v["post_start"]
            ):
                problems.append(("post_start", self.overlap_message(current.start_date)))
            for column, message in problems:
                report.add_error(RowError(row.number, column, message))
            if not problems and row.ok:
                good.append(row)
        return good

    def write(
        self, rows: list[ParsedRow], report: ImportReport, progress: Callable[[int], None]
    ) -> None:
        for start in range(0, len(rows), WRITE_BATCH):
            batch = []
            for row in rows[start : start + WRITE_BATCH]:
                v = row.values
                fields = {name: v[name] if v[name] is not None else "" for name in PERSON_FIELDS}
                fields["organisation"] = self.orgs[v["organisation_code"]]
                education = None
                if v["specialty_code"]:
                    education = (
                        v["education_level"],
                        self.specialties[v["specialty_code"]],
                        v["institution"] or "",
                        v["graduation_year"],
                    )
                batch.append(
                    services.PersonRow(
                        personal_id=v["personal_id"],
                        fields=fields,
                        existing=self.existing.get(v["personal_id"]),
                        post=self.posts.get(v["post_code"]) if v["post_code"] else None,
                        post_start=v["post_start"],
                        education=education,
                    )
                )
            counts = services.employees_import(actor=self.actor, rows=batch, source=AuditSource.WEB)
            report.created += counts.created
            report.updated += counts.updated
            report.unchanged += counts.unchanged
            progress(start + len(batch))
