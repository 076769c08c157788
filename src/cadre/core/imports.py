"""Tabular imports (CSV and XLSX): read, validate every row, report every bad field, then
write all rows, only the good ones, or nothing.

An app declares an ``ImportSpec``: its columns (with a parser each), the key that makes a
re-import idempotent, how to resolve references in bulk, and how to write a batch of good
rows. The reader and the validation loop are shared; errors name the row, the column and the
reason in the user's language.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadre.core.errors import ApplicationError

MAX_ERRORS_KEPT = 1000


class CellError(ValueError):
    """A value that cannot be used; the message says why."""


Parser = Callable[[str], Any]


@dataclass(frozen=True)
class ImportColumn:
    name: str
    required: bool
    parse: Parser
    help: Any = ""
    example: str = ""


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


# --- cell parsers ----------------------------------------------------------------------


def text(max_length: int) -> Parser:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellError(_("Longer than %(max)s characters.") % {"max": max_length})
        return value

    return parse


def code(value: str) -> str:
    if len(value) > 64 or not re.fullmatch(r"[\w.\-/]+", value):
        raise CellError(_("A code has up to 64 letters, digits, '.', '-', '/' or '_'."))
    return value


def iso_date(value: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CellError(_("Not a date in the form YYYY-MM-DD.")) from None


def whole_number(low: int, high: int) -> Parser:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise CellError(_("Not a whole number.")) from None
        if not low <= number <= high:
            raise CellError(_("Must be between %(low)s and %(high)s.") % {"low": low, "high": high})
        return number

    return parse


def money(value: str) -> Decimal:
    try:
        amount = Decimal(value.replace(" ", "").replace("\xa0", "").replace(",", "."))
    except InvalidOperation:
        raise CellError(_("Not an amount of money.")) from None
    if (
        not amount.is_finite()
        or amount < 0
        or amount.as_tuple().exponent < -2  # type: ignore[operator]
        or amount >= Decimal("1e12")
    ):
        raise CellError(_("Not an amount of money."))
    # In cents, as stored: 120000 and 120000.00 are one amount, not a change to audit.
    return amount.quantize(Decimal("0.01"))


TRUE = {"1", "true", "yes", "y", "да", "иә", "có", "x", "✓"}
FALSE = {"0", "false", "no", "n", "нет", "жоқ", "không", ""}


def yes_no(value: str) -> bool:
    low = value.strip().lower()
    if low in TRUE:
        return True
    if low in FALSE:
        return False
    raise CellError(_("Write yes or no."))


def choice(choices: Any, aliases: dict[str, Any] | None = None) -> Parser:
    allowed = {str(v): v for v in choices.values}
    allowed.update(aliases or {})

    def parse(value: str) -> Any:
        key = value.strip()
        if key in allowed:
            return allowed[key]
        if key.lower() in allowed:
            return allowed[key.lower()]
        raise CellError(
            _("Unknown value “%(value)s”; allowed: %(allowed)s.")
            % {"value": value, "allowed": ", ".join(str(v) for v in choices.values)}
        )

    return parse


# --- reading files ----------------------------------------------------------------------


def read_table(path: Path, name: str) -> Iterator[list[str]]:
    """Yield rows (header first) of a CSV or XLSX file as lists of stripped strings."""
    with path.open("rb") as fh:
        head = fh.read(4)
    lower = name.lower()
    if head.startswith(b"PK\x03\x04") or lower.endswith(".xlsx"):
        yield from _read_xlsx(path)
    elif lower.endswith((".csv", ".txt")):
        yield from _read_csv(path)
    else:
        raise ApplicationError(
            _("The file must be CSV (.csv) or Excel (.xlsx)."), field="file", code="file_type"
        )


def csv_delimiter(sample: bytes) -> str:
    """``;`` when the header line has more of them than commas (Excel in ru/kk/vi locales)."""
    first_line = sample.split(b"\n", 1)[0]
    return ";" if first_line.count(b";") > first_line.count(b",") else ","


def _read_csv(path: Path) -> Iterator[list[str]]:
    with path.open("rb") as raw:
        sample = raw.read(64 * 1024)
    if b"\x00" in sample:
        raise ApplicationError(
            _("The file is not a text CSV file."), field="file", code="file_type"
        )
    try:
        sample.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not merely a character cut by the sample's end
            raise ApplicationError(
                _("The file is not in UTF-8; save it as “CSV UTF-8”."),
                field="file",
                code="encoding",
            ) from None
    delimiter = csv_delimiter(sample)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        try:
            for row in csv.reader(fh, delimiter=delimiter, strict=True):
                yield [unescape_cell(cell.strip()) for cell in row]
        except UnicodeDecodeError:
            raise ApplicationError(
                _("The file is not in UTF-8; save it as “CSV UTF-8”."),
                field="file",
                code="encoding",
            ) from None
        except csv.Error as exc:
            raise ApplicationError(
                _("The CSV file is malformed: %(reason)s.") % {"reason": exc},
                field="file",
                code="malformed",
            ) from None


# An apostrophe that an export put before a formula character (``core.exports.neutralise``),
# and only such: one apostrophe before more apostrophes and then =, +, -, @, tab or CR.
_ESCAPED = re.compile(r"'(?='*[=+\-@\t\r])")


def unescape_cell(cell: str) -> str:
    """A CSV cell as it was before an export neutralised it as a formula."""
    return cell[1:] if _ESCAPED.match(cell) else cell


def check_workbook(path: Path) -> None:
    """Refuse a workbook that would expand past what an import may hold (a zip bomb) by its
    directory alone, before any part of it is decompressed: the sum of its parts'
    uncompressed sizes over ``CADRE_IMPORT_MAX_XLSX_MB``, or any part that claims to expand
    more than ``XLSX_MAX_RATIO`` times."""
    from django.conf import settings

    limit = settings.CADRE_IMPORT_MAX_XLSX_MB * 1024 * 1024
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ApplicationError(
            _("The file is not a valid Excel workbook (it may be truncated)."),
            field="file",
            code="malformed",
        ) from None
    total = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    worst = max((m.file_size / max(1, m.compress_size) for m in members), default=0)
    if total > limit or (worst > XLSX_MAX_RATIO and total > 20 * 1024 * 1024):
        raise ApplicationError(
            _(
                "The workbook expands to %(mb)s MB (%(ratio)s times its size); an import "
                "takes at most %(limit)s MB. Save it as CSV or split it."
            )
            % {
                "mb": round(total / 1024 / 1024),
                "ratio": round(total / packed),
                "limit": settings.CADRE_IMPORT_MAX_XLSX_MB,
            },
            field="file",
            code="too_large",
        )


# Spreadsheets compress 5–20 times; past 20 MB, a part expanding more than this is refused.
XLSX_MAX_RATIO = 100


def _read_xlsx(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    check_workbook(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ApplicationError(
            _("The file is not a valid Excel workbook (it may be truncated)."),
            field="file",
            code="malformed",
        ) from None
    try:
        sheet: Any = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_xlsx_cell(v) for v in row]
    except (zipfile.BadZipFile, EOFError, OSError):
        raise ApplicationError(
            _("The file is not a valid Excel workbook (it may be truncated)."),
            field="file",
            code="malformed",
        ) from None
    finally:
        workbook.close()


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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


def count_rows(path: Path, name: str) -> int:
    """A quick estimate of data rows, for the progress bar."""
    if name.lower().endswith(".xlsx"):
        return 0
    with path.open("rb") as fh:
        return max(0, sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")) - 1)


def import_run(
    *,
    actor: Any,
    kind: str,
    path: Path,
    name: str,
    mode: str,
    progress: Callable[[int, int, str], None] | None = None,
) -> ImportReport:
    """Validate the whole file, then write according to ``mode`` in one transaction:
    ``check`` writes nothing, ``all`` writes only if every row is good, ``good`` writes the
    good rows. Bad input never leaves anything half-written."""
    from django.db import transaction

    if kind not in IMPORTS:
        raise ApplicationError(_("Unknown import kind."), field="kind", code="unknown_kind")
    if mode not in MODES:
        raise ApplicationError(_("Unknown import mode."), field="mode", code="unknown_mode")
    spec = IMPORTS[kind](actor=actor)
    report = ImportReport()
    if spec.run_bulk(path, name, mode, report, progress):
        return report
    total = count_rows(path, name)

    def validating(done: int) -> None:
        if progress is not None:
            progress(done, max(total, done), _("Checking rows"))

    rows = validate_rows(spec, read_table(path, name), report, validating)
    if not report.rows:
        raise ApplicationError(
            _("The file has a header but no rows to import."), field="file", code="empty"
        )
    if progress is not None:
        progress(report.rows, report.rows, _("Checking references"))
    good = [row for row in spec.resolve(rows, report) if row.ok]
    report.good_rows = len(good)
    if mode == "check" or (mode == "all" and report.error_count) or not good:
        return report

    def writing(done: int) -> None:
        if progress is not None:
            progress(done, len(good), _("Writing"))

    writing(0)
    with transaction.atomic():
        spec.write(good, report, writing)
    # Only a file that changed something counts as written (and starts the recounts).
    report.written = report.unchanged < report.good_rows
    return report


def import_model(kind: str) -> Any:
    """The model whose ``add`` permission an import of ``kind`` needs."""
    from django.apps import apps

    return apps.get_model(IMPORTS[kind].model)


def store_upload(upload: Any, *, json_too: bool = False) -> Path:
    """Keep an uploaded file where a worker can read it; refuse files over the limit and of
    other types than CSV and XLSX (and JSON when ``json_too``)."""
    import uuid

    from django.conf import settings

    limit = settings.CADRE_IMPORT_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ApplicationError(
            _("The file is larger than %(mb)s MB; split it into several files.")
            % {"mb": settings.CADRE_IMPORT_MAX_MB},
            field="file",
            code="too_large",
        )
    suffix = Path(upload.name).suffix.lower()
    if json_too and suffix not in {".json", ".csv", ".txt", ".xlsx"}:
        raise ApplicationError(
            _("The file must be JSON (.json), CSV (.csv) or Excel (.xlsx)."),
            field="file",
            code="file_type",
        )
    if not json_too and suffix not in {".csv", ".txt", ".xlsx"}:
        raise ApplicationError(
            _("The file must be CSV (.csv) or Excel (.xlsx)."), field="file", code="file_type"
        )
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    path.chmod(0o600)
    if suffix == ".xlsx":
        try:
            check_workbook(path)  # refused now, with the reason, not later in the job
        except ApplicationError:
            path.unlink(missing_ok=True)
            raise
    return path


def import_start(*, actor: Any, kind: str, mode: str, upload: Any) -> Any:
    """Check the request, keep the file, and start the import as a job."""

    from cadre.core.permissions import can
    from cadre.core.services import job_create

    if kind not in IMPORTS:
        raise ApplicationError(_("Unknown import kind."), field="kind", code="unknown_kind")
    if mode not in MODES:
        raise ApplicationError(_("Unknown import mode."), field="mode", code="unknown_mode")
    if not can(actor, import_model(kind)._meta.label_lower, "add"):
        raise ApplicationError(
            _("You may not import this kind of record."), field="kind", code="scope"
        )
    path = store_upload(upload)
    return job_create(
        actor=actor,
        kind="core.import",
        params={
            "kind": kind,
            "mode": mode,
            "path": str(path),
            "name": Path(upload.name).name[:200],
        },
    )


def template_rows(kind: str) -> tuple[list[str], list[str], list[tuple[str, str, str]]]:
    """Header, an example row, and (column, required, help) for the template of ``kind``."""
    spec = IMPORTS[kind]
    header = [c.name for c in spec.columns]
    example = [c.example for c in spec.columns]
    help_rows = [
        (c.name, _("required") if c.required else _("optional"), str(c.help)) for c in spec.columns
    ]
    return header, example, help_rows
