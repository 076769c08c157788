"""Imports of the organisation tree and the staffing table (CSV/XLSX)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadre.core.choices import AuditSource
from cadre.core.imports.cells import choice, code, money, text, whole_number, yes_no
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
from cadre.orgs import services
from cadre.orgs.choices import Currency, Level, OrgKind
from cadre.orgs.models import Organisation, Post

# Rows written per call of the bulk service (and per progress report).
WRITE_BATCH = 1000


def _in_reach(actor: Any, model: Any, action: str) -> Any:
    return lambda org: reaches(actor, model, action, org)


@register_import
class OrganisationImport(ImportSpec):
    kind = "organisations"
    model = "orgs.Organisation"
    refresh_jobs = ("people.figures_refresh",)
    label = gettext_lazy("Organisations")
    key = "code"
    columns = (
        ImportColumn(
            "code", True, code, gettext_lazy("Stable code from your HR system."), "KZ-M01"
        ),
        ImportColumn("name", True, text(255), gettext_lazy("Full name."), "Министерство финансов"),
        ImportColumn(
            "kind", True, choice(OrgKind), gettext_lazy("One of the kinds."), "central_body"
        ),
        ImportColumn(
            "parent_code",
            False,
            code,
            gettext_lazy("Code of the parent: in Cadre or earlier in this file."),
            "KZ",
        ),
        ImportColumn("level", False, choice(Level), gettext_lazy("Territorial level."), ""),
        ImportColumn("is_it_unit", False, yes_no, gettext_lazy("yes for an IT unit."), "no"),
    )

    def resolve(self, rows: list[ParsedRow], report: ImportReport) -> list[ParsedRow]:
        in_file = {r.values["code"] for r in rows if r.values["code"]}
        wanted = {r.values["parent_code"] for r in rows if r.values["parent_code"]}
        self.existing = {
            o.code: o for o in in_chunks(Organisation.objects.all(), "code", in_file | wanted)
        }
        may_add = _in_reach(self.actor, Organisation, "add")
        may_change = _in_reach(self.actor, Organisation, "change")
        good = []
        for row in rows:
            parent = row.values["parent_code"]
            if parent and parent not in in_file and parent not in self.existing:
                report.add_error(
                    RowError(
                        row.number,
                        "parent_code",
                        _("No organisation has the code “%(code)s”.") % {"code": parent},
                    )
                )
                continue
            current = self.existing.get(row.values["code"]) if row.values["code"] else None
            if current is not None and not may_change(current):
                report.add_error(
                    RowError(
                        row.number,
                        "code",
                        _("You may not change “%(code)s”.") % {"code": current.code},
                    )
                )
                continue
            # A row that keeps an organisation where it is needs no right over its parent.
            on_file_parent = self.existing.get(parent) if parent else None
            stays = current is not None and (
                (on_file_parent.pk if on_file_parent else None) == current.parent_id
                and (parent is None or on_file_parent is not None)
            )
            if not stays and parent in self.existing and not may_add(self.existing[parent]):
                report.add_error(
                    RowError(
                        row.number,
                        "parent_code",
                        _("You may not add organisations under “%(code)s”.") % {"code": parent},
                    )
                )
                continue
            if row.ok:
                good.append(row)
        return self._refuse_moves_under_own_subtree(_parents_first(good, report), report)

    def _refuse_moves_under_own_subtree(
        self, rows: list[ParsedRow], report: ImportReport
    ) -> list[ParsedRow]:
        """Refuse rows that would put an organisation under itself through organisations
        already on file (a row moving ``A`` under ``D``, where ``D`` is in ``A``'s subtree).
        The walk follows the tree as it would be after the import: a row's new parent, and
        for an organisation on file that no row names, its nearest ancestor that a row
        moves (the subtree goes with it)."""
        parent_of = {r.values["code"]: r.values["parent_code"] for r in rows}
        moving = {self.existing[c].pk: c for c in parent_of if c in self.existing}

        def up(code: str) -> str | None:
            if code in parent_of:
                return parent_of[code]
            org = self.existing.get(code)
            if org is None:
                return None
            ids = [int(i) for i in org.path.strip("/").split("/")[:-1]]
            return next((moving[i] for i in reversed(ids) if i in moving), None)

        good = []
        for row in rows:
            start = row.values["code"]
            seen = {start}
            code = up(start)
            while code is not None and code not in seen:
                seen.add(code)
                code = up(code)
            if code == start:
                report.add_error(
                    RowError(
                        row.number,
                        "parent_code",
                        _("An organisation cannot be moved under itself or its own descendants."),
                    )
                )
            else:
                good.append(row)
        return good

    def write(
        self, rows: list[ParsedRow], report: ImportReport, progress: Callable[[int], None]
    ) -> None:
        by_code = dict(self.existing)
        for start in range(0, len(rows), WRITE_BATCH):
            create: list[Organisation] = []
            update: list[tuple[Organisation, dict[str, Any]]] = []
            batch = rows[start : start + WRITE_BATCH]
            for row in batch:
                v = row.values
                fields = {
                    "code": v["code"],
                    "name": v["name"],
                    "kind": v["kind"],
                    "level": v["level"] or "",
                    "is_it_unit": bool(v["is_it_unit"]),
                    "parent": by_code.get(v["parent_code"]) if v["parent_code"] else None,
                }
                current = by_code.get(v["code"])
                if current is None:
                    by_code[v["code"]] = Organisation(**fields)  # later rows may name it
                    create.append(by_code[v["code"]])
                else:
                    update.append((current, fields))
            created, updated = services.organisations_import(
                actor=self.actor, create=create, update=update, source=AuditSource.WEB
            )
            report.created += created
            report.updated += updated
            report.unchanged += len(batch) - created - updated
            progress(start + len(batch))


def _parents_first(rows: list[ParsedRow], report: ImportReport) -> list[ParsedRow]:
    """Order rows so that a parent defined in the file comes before its children; rows whose
    parent codes form a cycle (or hang under one) are refused."""
    pending = {r.values["code"]: r for r in rows}
    ordered: list[ParsedRow] = []
    moved = True
    while pending and moved:
        moved = False
        for key, row in list(pending.items()):
            if row.values["parent_code"] not in pending:
                ordered.append(row)
                del pending[key]
                moved = True
    for row in sorted(pending.values(), key=lambda r: r.number):
        report.add_error(RowError(row.number, "parent_code", _("The parent codes form a cycle.")))
    return ordered


@register_import
class PostImport(ImportSpec):
    kind = "posts"
    model = "orgs.Post"
    refresh_jobs = ("people.figures_refresh",)
    label = gettext_lazy("Posts (staffing table)")
    key = "code"
    ignored_columns = ("filled", "vacant")  # computed; in the export (orgs.views)
    columns = (
        ImportColumn("code", True, code, gettext_lazy("Stable code of the post."), "KZ-M01-IT-P1"),
        ImportColumn("unit_code", True, code, gettext_lazy("Code of the unit."), "KZ-M01-IT"),
        ImportColumn(
            "title", True, text(255), gettext_lazy("Title of the post."), "Главный эксперт"
        ),
        ImportColumn("category", False, text(30), gettext_lazy("Category or grade."), "C-4"),
        ImportColumn(
            "salary_min", True, money, gettext_lazy("Lower end of the pay band."), "120000"
        ),
        ImportColumn(
            "salary_max", True, money, gettext_lazy("Upper end of the pay band."), "180000"
        ),
        ImportColumn(
            "currency", True, choice(Currency), gettext_lazy("KZT, RUB, VND or USD."), "KZT"
        ),
        ImportColumn(
            "positions", True, whole_number(0, 10000), gettext_lazy("Staffing positions."), "3"
        ),
        ImportColumn("digital_lead", False, yes_no, gettext_lazy("yes for a digital lead."), "no"),
    )

    def resolve(self, rows: list[ParsedRow], report: ImportReport) -> list[ParsedRow]:
        units = {r.values["unit_code"] for r in rows if r.values["unit_code"]}
        self.units = {o.code: o for o in in_chunks(Organisation.objects.all(), "code", units)}
        self.existing = {
            p.code: p
            for p in in_chunks(
                Post.objects.all(), "code", [r.values["code"] for r in rows if r.values["code"]]
            )
        }
        may_add = _in_reach(self.actor, Post, "add")
        good = []
        for row in rows:
            v = row.values
            problems: list[tuple[str, str]] = []
            unit = self.units.get(v["unit_code"]) if v["unit_code"] else None
            if v["unit_code"] and unit is None:
                problems.append(
                    (
                        "unit_code",
                        _("No organisation has the code “%(code)s”.") % {"code": v["unit_code"]},
                    )
                )
            elif unit is not None and not may_add(unit):
                problems.append(
                    (
                        "unit_code",
                        _("You may not keep posts of “%(code)s”.") % {"code": v["unit_code"]},
                    )
                )
            low, high = v["salary_min"], v["salary_max"]
            if low is not None and high is not None and low > high:
                problems.append(
                    ("salary_max", _("The salary band must not end below where it starts."))
                )
            for column, message in problems:
                report.add_error(RowError(row.number, column, message))
            if not problems and row.ok:
                good.append(row)
        return good

    def write(
        self, rows: list[ParsedRow], report: ImportReport, progress: Callable[[int], None]
    ) -> None:
        for start in range(0, len(rows), WRITE_BATCH):
            create: list[dict[str, Any]] = []
            update: list[tuple[Post, dict[str, Any]]] = []
            batch = rows[start : start + WRITE_BATCH]
            for row in batch:
                v = row.values
                fields = {
                    "organisation": self.units[v["unit_code"]],
                    "title": v["title"],
                    "category": v["category"] or "",
                    "salary_min": Decimal(v["salary_min"]),
                    "salary_max": Decimal(v["salary_max"]),
                    "currency": v["currency"],
                    "positions": v["positions"],
                    "is_digital_lead": bool(v["digital_lead"]),
                }
                current = self.existing.get(v["code"])
                if current is None:
                    create.append({"code": v["code"], **fields})
                else:
                    update.append((current, fields))
            created, updated = services.posts_import(
                actor=self.actor, create=create, update=update, source=AuditSource.WEB
            )
            report.created += created
            report.updated += updated
            report.unchanged += len(batch) - created - updated
            progress(start + len(batch))
