"""Writing a framework version as a file (JSON, CSV, XLSX) that reads back the same."""

from __future__ import annotations

import csv
import io
from typing import Any

from cadre.competencies.frameworks.data import FORMAT
from cadre.core.exports import neutralise, xlsx_row
from cadre.core.translated import languages

# --- writing -------------------------------------------------------------------------------


def as_json(version: Any) -> dict[str, Any]:
    framework = version.framework
    comps = list(version.competencies.select_related("parent").order_by("position"))
    return {
        "format": FORMAT,
        "code": framework.code,
        "version": version.number,
        "name": framework.names,
        "description": framework.descriptions,
        "levels": [
            {"rank": lv.rank, "code": lv.code, "name": lv.names, "descriptor": lv.descriptors}
            for lv in version.levels.order_by("rank")
        ],
        "competencies": [
            {
                "code": c.code,
                "parent": c.parent.code if c.parent else None,
                "category": c.is_category,
                "name": c.names,
                "description": c.descriptions,
                **({"indicators": c.indicators} if c.indicators else {}),
            }
            for c in comps
        ],
    }


def as_rows(version: Any) -> list[list[str]]:
    langs = languages()
    header = ["kind", "code", "parent", "rank"]
    header += [f"name_{lang}" for lang in langs] + [f"description_{lang}" for lang in langs]

    def row(kind: str, code: str, parent: str, rank: str, names: Any, desc: Any) -> list[str]:
        return (
            [kind, code, parent, rank]
            + [names.get(lg, "") for lg in langs]
            + [desc.get(lg, "") for lg in langs]
        )

    data = as_json(version)
    rows = [header, row("framework", data["code"], "", "", data["name"], data["description"])]
    rows += [
        row("level", lv["code"], "", str(lv["rank"]), lv["name"], lv["descriptor"])
        for lv in data["levels"]
    ]
    rows += [
        row(
            "category" if c["category"] else "competency",
            c["code"],
            c["parent"] or "",
            "",
            c["name"],
            c["description"],
        )
        for c in data["competencies"]
    ]
    for c in data["competencies"]:
        for rank, texts in sorted(c.get("indicators", {}).items(), key=lambda kv: int(kv[0])):
            rows.append(row("indicator", c["code"], "", rank, {}, texts))
    return rows


def as_csv(version: Any) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for r in as_rows(version):
        writer.writerow([neutralise(cell) for cell in r])  # read back by the import
    return "\ufeff" + buffer.getvalue()


def as_xlsx(version: Any) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("framework")
    for r in as_rows(version):
        ws.append(xlsx_row(ws, r))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
