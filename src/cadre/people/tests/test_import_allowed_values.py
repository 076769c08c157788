"""The import page lists the allowed values of every coded column, with their meanings and
the other spellings the import takes (issue 18, item 8)."""

from __future__ import annotations

import re

import pytest

from cadre.core.imports.cells import CellError, choice, yes_no
from cadre.people.choices import Gender
from cadre.people.imports import gender

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _row(html: str, kind: str, column: str) -> str:
    section = html.split(f'id="tpl-{kind}"', 1)[1].split("</section>", 1)[0]
    row = section.split(f"<td><code>{column}</code></td>", 1)[1].split("</tr>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()


def test_the_import_page_lists_the_codes_of_each_coded_column(as_user) -> None:
    html = as_user("admin").get("/imports/", **EN).content.decode()
    assert _row(html, "people", "gender") == (
        "✓ F or M. F F — Female (also: nữ, ж) M — Male (also: nam, м)"
    )
    assert _row(html, "people", "education_level").endswith(
        "1 — Secondary (also: secondary) 2 — College (also: college) "
        "3 — Bachelor / university (also: bachelor) 4 — Master (also: master) "
        "5 — Doctorate (also: doctorate)"
    )
    kinds = _row(html, "organisations", "kind")
    assert "country — Country" in kinds and "unit — Unit" in kinds
    assert kinds.count(" — ") == 12
    assert _row(html, "organisations", "is_it_unit").endswith(
        "yes — yes (also: 1, có, true, x, y, да, иә, ✓) "
        "no — no (also: 0, false, không, n, жоқ, нет)"
    )
    assert _row(html, "organisations", "name").endswith("—")  # free text: no list


def test_coded_cells_read_codes_aliases_and_any_case() -> None:
    assert [gender(v) for v in ("F", "f", "Ж", "nam")] == ["F", "F", "F", "M"]
    assert [yes_no(v) for v in ("Yes", "иә", "", "NO")] == [True, True, False, False]
    with pytest.raises(CellError) as caught:
        choice(Gender)("X")
    assert str(caught.value) == "Unknown value “X”; allowed: F, M."
    with pytest.raises(CellError) as caught:
        yes_no("maybe")
    assert str(caught.value) == "Write yes or no."
