"""CSV and XLSX export of any list page, streamed so that a large list fits in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import capfirst

from cadre.core.tables import Column


class _Echo:
    def write(self, value: str) -> str:
        return value


def _filename(stem: str, ext: str) -> str:
    return f"{stem}-{timezone.now():%Y%m%d-%H%M}.{ext}"


def export_csv(stem: str, columns: Sequence[Column], rows: Iterable[Any]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # so that spreadsheet programs read UTF-8
        yield writer.writerow([capfirst(str(c.label)) for c in columns])
        for obj in rows:
            yield writer.writerow([_safe(c.text(obj)) for c in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def _safe(text: str) -> str:
    """Neutralise spreadsheet formula injection (=, +, -, @ at the start of a cell)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ".").replace("\xa0", ""))
    except ValueError:
        return False
    return True


def export_xlsx(stem: str, columns: Sequence[Column], rows: Iterable[Any]) -> HttpResponse:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(stem[:31])
    ws.append([capfirst(str(c.label)) for c in columns])
    for obj in rows:
        ws.append([_cell(c.raw(obj)) for c in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "xlsx")}"'
    return response


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, int | float | bool):
        return value
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    text = str(value)
    return _safe(text)
