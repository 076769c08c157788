"""What an app declares (``ImportSpec``, its columns) and the validation loop every import
shares: every bad field reported, by row and column."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadre.core.errors import ApplicationError
from cadre.core.imports.cells import CellError, Parser

MAX_ERRORS_KEPT = 1000


@dataclass(frozen=True)
class ImportColumn:
    name: str
    required: bool
    parse: Parser
    help: Any = ""
    example: str = ""

    @property
    def allowed(self) -> list[tuple[str, Any, str]]:
        """A coded column's codes, with their meanings and aliases (none for free text)."""
        return list(getattr(self.parse, "allowed", ()))


@dataclass
class RowError:
    row: int
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportReport:
    rows: int = 0
    good_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(error)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "good_rows": self.good_rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "written": self.written,
            "error_count": self.error_count,
            "errors": [e.as_dict() for e in self.errors],
        }


# --- the validation loop -----------------------------------------------------------------


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any]
    # The columns whose cells were refused (their values are None); a row with any is not
    # written, but its other cells are still checked so that every problem is reported.
    bad: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return not self.bad


class ImportSpec:
    """Subclass per kind of import. ``key`` names the column that identifies a record."""

    kind: str
    label: Any
    # The model whose ``add`` permission the import needs (``"people.Employee"``).
    model: str
    columns: tuple[ImportColumn, ...]
    key: str
    # Jobs to start once an import has written something (e.g. stored figures to refresh).
    refresh_jobs: tuple[str, ...] = ()
    # Columns an export carries besides the import's (figures, flags kept elsewhere): a
    # header may name them, and they are ignored, so that an export imports back.
    ignored_columns: tuple[str, ...] = ()

    def __init__(self, *, actor: Any) -> None:
        self.actor = actor

    def resolve(self, rows: list[ParsedRow], report: ImportReport) -> list[ParsedRow]:
        """Look up references for all rows at once, recording every problem, also of rows
        with refused cells (skipping the cells refused already); return the rows to write
        (rows that are not ``ok`` are dropped by the caller in any case)."""
        return rows

    def write(
        self, rows: list[ParsedRow], report: ImportReport, progress: Callable[[int], None]
    ) -> None:
        """Write the good rows (in batches: a cost per row that is a few statements per
        batch, not per row), calling ``progress(rows_written)`` after each batch."""
        raise NotImplementedError

    def run_bulk(
        self,
        path: Path,
        name: str,
        mode: str,
        report: ImportReport,
        progress: Callable[[int, int, str], None] | None,
    ) -> bool:
        """Validate and write a large file set-based on the database instead of row by row;
        ``False`` when this import has no such path or the file does not suit it."""
        return False


def check_header(spec: ImportSpec, header: list[str]) -> dict[str, int]:
    """Refuse a header with unknown or missing columns; the position of each named column."""
    header = [h.strip().lower() for h in header]
    known = {c.name for c in spec.columns}
    ignored = set(spec.ignored_columns)
    unknown = [h for h in header if h and h not in known and h not in ignored]
    missing = [c.name for c in spec.columns if c.required and c.name not in header]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append(_("unknown columns: %(cols)s") % {"cols": ", ".join(unknown)})
        if missing:
            problems.append(_("missing columns: %(cols)s") % {"cols": ", ".join(missing)})
        raise ApplicationError(
            _("The header does not match the template (%(problems)s).")
            % {"problems": "; ".join(problems)},
            field="file",
            code="header",
        )
    return {name: i for i, name in enumerate(header) if name and name not in ignored}


def validate_rows(
    spec: ImportSpec,
    table: Iterator[list[str]],
    report: ImportReport,
    progress: Callable[[int], None] | None = None,
) -> list[ParsedRow]:
    """Parse every row; record every bad cell; return every row, each with the columns
    refused (``ParsedRow.bad``)."""
    try:
        header = next(table)
    except StopIteration:
        raise ApplicationError(_("The file is empty."), field="file", code="empty") from None
    index = check_header(spec, header)
    parsed: list[ParsedRow] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(table, start=2):
        if not any(cells):
            continue
        report.rows += 1
        values: dict[str, Any] = {}
        bad: set[str] = set()
        for column in spec.columns:
            i = index.get(column.name)
            raw = cells[i] if i is not None and i < len(cells) else ""
            if raw == "":
                if column.required:
                    report.add_error(RowError(number, column.name, _("This field is required.")))
                    bad.add(column.name)
                values[column.name] = None
                continue
            try:
                values[column.name] = column.parse(raw)
            except CellError as exc:
                report.add_error(RowError(number, column.name, str(exc)))
                values[column.name] = None
                bad.add(column.name)
        key = values.get(spec.key)
        if key is not None:
            if key in seen:
                report.add_error(
                    RowError(
                        number,
                        spec.key,
                        _("Repeats row %(row)s of this file.") % {"row": seen[key]},
                    )
                )
                bad.add(spec.key)
            else:
                seen[key] = number
        parsed.append(ParsedRow(number, values, frozenset(bad)))
        if progress is not None and report.rows % 200 == 0:
            progress(report.rows)
    return parsed


MODES = {
    "check": gettext_lazy("Check only: write nothing"),
    "all": gettext_lazy("Import if every row is good (otherwise nothing)"),
    "good": gettext_lazy("Import the good rows, skip the bad ones"),
}


IMPORTS: dict[str, type[ImportSpec]] = {}


def register_import(spec: type[ImportSpec]) -> type[ImportSpec]:
    IMPORTS[spec.kind] = spec
    return spec


# Values per ``IN (…)`` of a lookup: under SQLite's limit of 32,766 variables a statement.
LOOKUP_CHUNK = 5000


def in_chunks(queryset: Any, field: str, values: Any) -> Iterator[Any]:
    """``queryset.filter(<field>__in=values)``, asked in chunks of ``LOOKUP_CHUNK`` values so
    that a file of any size can be looked up (on SQLite a single ``IN`` of more than 32,766
    values fails)."""
    values = list(values)
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield from queryset.filter(**{f"{field}__in": values[start : start + LOOKUP_CHUNK]})
