"""CSV and XLSX export of any list page, streamed so that a large list fits in memory.

A list whose columns are data columns (``Column.data``: the registry's organisations,
posts and people) exports the file its import takes: the import's column names as the
header, codes for references, ISO dates, plain numbers, ``yes``/``no``. Such a file
imports back unchanged.

Formula injection: a CSV cell that a spreadsheet would read as a formula (it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, and is not a number) is written
with an apostrophe before it. The import reads that apostrophe as this escape and drops it
(``core.imports.unescape_cell``); so that the escape can be told from data, a value that
itself starts with apostrophes before such a character gets one more. An XLSX cell needs
no apostrophe: strings are written as typed strings (never formulas), marked as text
(``quotePrefix``) so that editing one in a spreadsheet does not make it a formula either.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import capfirst

from cadre.core.tables import Column

# What a spreadsheet reads as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _filename(stem: str, ext: str) -> str:
    return f"{stem}-{timezone.now():%Y%m%d-%H%M}.{ext}"


def _header(columns: Sequence[Column]) -> list[str]:
    return [c.name if c.data else capfirst(str(c.label)) for c in columns]


def export_csv(stem: str, columns: Sequence[Column], rows: Iterable[Any]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # so that spreadsheet programs read UTF-8
        yield writer.writerow(_header(columns))
        for obj in rows:
            yield writer.writerow(
                [neutralise(_as_text(c.value_of(obj)) if c.data else c.text(obj)) for c in columns]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def neutralise(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs as a formula (see the module)."""
    body = text.lstrip("'")
    if body[:1] in FORMULA_START and (len(body) < len(text) or not _is_number(text)):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ".").replace("\xa0", ""))
    except ValueError:
        return False
    return True


def _as_text(value: Any) -> str:
    """A data cell as text its import parses: ISO dates, plain numbers, yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def export_xlsx(stem: str, columns: Sequence[Column], rows: Iterable[Any]) -> HttpResponse:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(stem[:31])
    ws.append(xlsx_row(ws, _header(columns)))
    for obj in rows:
        ws.append(xlsx_row(ws, [c.value_of(obj) if c.data else c.raw(obj) for c in columns]))
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "xlsx")}"'
    return response


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """Cells of a write-only ``sheet``: numbers, booleans and dates typed as such, anything
    else a typed string (a string that starts like a formula is still a string)."""
    return [_cell(sheet, v) for v in values]


def _cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None or isinstance(value, int | float | bool | dt.date):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, Decimal):
        return value
    text = str(value)
    if not text.startswith(FORMULA_START):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
