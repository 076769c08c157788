"""Reading an uploaded table (CSV or XLSX) as rows of text, safely."""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from cadre.core.errors import ApplicationError

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


def count_rows(path: Path, name: str) -> int:
    """A quick estimate of data rows, for the progress bar."""
    if name.lower().endswith(".xlsx"):
        return 0
    with path.open("rb") as fh:
        return max(0, sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")) - 1)
