"""A person's data export as a workbook: a sheet per section (values as text where a
spreadsheet would read them as formulas: ``core.exports``' rule)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from openpyxl import Workbook


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return str(value) if not isinstance(value, str) else value


def write_xlsx(path: Path, data: dict[str, Any]) -> None:
    book = Workbook(write_only=True)
    for label, rows in data["sections"].items():
        sheet = book.create_sheet(label[:31])
        names = list(rows[0]) if rows else ["id"]
        sheet.append(names)
        for row in rows:
            values = [_cell(row.get(n)) for n in names]
            sheet.append(
                [
                    "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v
                    for v in values
                ]
            )
    book.save(path)
