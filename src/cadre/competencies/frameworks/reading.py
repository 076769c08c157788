"""Reading a framework file (JSON, CSV or XLSX) and checking it as a whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from cadre.competencies.frameworks.data import (
    FORMAT,
    KINDS,
    MAX_ITEMS,
    CompetencyData,
    FrameworkData,
    LevelData,
    Problems,
    _code,
    _rank,
)
from cadre.core.errors import ApplicationError
from cadre.core.imports.files import read_table
from cadre.core.translated import clean_texts, languages

# --- reading -------------------------------------------------------------------------------


def parse_file(path: Path, name: str) -> FrameworkData:
    """Read a JSON, CSV or XLSX framework file and check it (``check``)."""
    if name.lower().endswith(".json"):
        try:
            raw = json.loads(path.read_bytes().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ApplicationError(
                _("The file is not valid JSON: %(reason)s.") % {"reason": exc},
                field="file",
                code="malformed",
            ) from None
        return parse_json(raw)
    return parse_rows(list(read_table(path, name)))


def parse_json(raw: Any) -> FrameworkData:
    problems = Problems()
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ApplicationError(
            _('The file must be an object with "format": "%(format)s".') % {"format": FORMAT},
            field="format",
            code="invalid_file",
        )
    code = _code(raw.get("code"), "code", problems)
    names = problems.guard("name", clean_texts, raw.get("name"), field="name") or {}
    descriptions = (
        problems.guard(
            "description",
            clean_texts,
            raw.get("description"),
            field="description",
            required=False,
            max_length=2000,
        )
        or {}
    )
    levels: list[LevelData] = []
    raw_levels = raw.get("levels")
    if not isinstance(raw_levels, list):
        problems.add("levels", _("Give the proficiency scale as a list of levels."))
        raw_levels = []
    for i, item in enumerate(raw_levels[:MAX_ITEMS]):
        where = f"levels[{i}]"
        if not isinstance(item, dict):
            problems.add(where, _("Each level is an object."))
            continue
        level = _level(
            where,
            problems,
            rank=item.get("rank"),
            code=item.get("code"),
            names=item.get("name"),
            descriptors=item.get("descriptor"),
        )
        if level is not None:
            levels.append(level)
    comps: list[CompetencyData] = []
    raw_comps = raw.get("competencies")
    if not isinstance(raw_comps, list):
        problems.add("competencies", _("Give the competencies as a list."))
        raw_comps = []
    if len(raw_comps) > MAX_ITEMS:
        problems.add("competencies", _("At most %(n)d competencies.") % {"n": MAX_ITEMS})
    for i, item in enumerate(raw_comps[:MAX_ITEMS]):
        where = f"competencies[{i}]"
        if not isinstance(item, dict):
            problems.add(where, _("Each competency is an object."))
            continue
        unknown = sorted(
            set(item) - {"code", "parent", "category", "name", "description", "indicators"}
        )
        if unknown:
            problems.add(f"{where}.{unknown[0]}", _("Unknown field."))
        comp = _competency(
            where,
            problems,
            code=item.get("code"),
            parent=item.get("parent"),
            is_category=item.get("category", False),
            names=item.get("name"),
            descriptions=item.get("description"),
        )
        indicators = item.get("indicators") or {}
        if not isinstance(indicators, dict):
            problems.add(f"{where}.indicators", _("Indicators are an object keyed by level rank."))
            indicators = {}
        for rank, texts in indicators.items():
            _indicator(comp, rank, texts, f"{where}.indicators.{rank}", problems)
        if comp is not None:
            comps.append(comp)
    data = FrameworkData(code, names, descriptions, levels, comps)
    check(data, problems)
    return data


def _level(
    where: str, problems: Problems, *, rank: Any, code: Any, names: Any, descriptors: Any
) -> LevelData | None:
    r = _rank(rank, f"{where}.rank", problems)
    c = _code(code, f"{where}.code", problems)
    n = problems.guard(f"{where}.name", clean_texts, names, field="name")
    d = problems.guard(
        f"{where}.descriptor",
        clean_texts,
        descriptors,
        field="descriptor",
        required=False,
        max_length=2000,
    )
    if r is None or n is None or d is None:
        return None
    return LevelData(r, c, n, d)


def _competency(
    where: str,
    problems: Problems,
    *,
    code: Any,
    parent: Any,
    is_category: Any,
    names: Any,
    descriptions: Any,
) -> CompetencyData | None:
    c = _code(code, f"{where}.code", problems)
    p = None
    if parent not in (None, ""):
        p = _code(parent, f"{where}.parent", problems)
    if not isinstance(is_category, bool):
        problems.add(f"{where}.category", _("“category” is true or false."))
    n = problems.guard(f"{where}.name", clean_texts, names, field="name")
    d = problems.guard(
        f"{where}.description",
        clean_texts,
        descriptions,
        field="description",
        required=False,
        max_length=2000,
    )
    if n is None or d is None:
        return None
    return CompetencyData(c, p, bool(is_category), n, d)


def _indicator(
    comp: CompetencyData | None, rank: Any, texts: Any, where: str, problems: Problems
) -> None:
    r = _rank(rank, where, problems)
    t = problems.guard(where, clean_texts, texts, field="indicator", max_length=2000)
    if comp is not None and r is not None and t is not None:
        comp.indicators[str(r)] = t


def parse_rows(rows: list[list[str]]) -> FrameworkData:
    """The flat table (CSV or XLSX): the header names the columns, in any order."""
    problems = Problems()
    if not rows:
        raise ApplicationError(_("The file is empty."), field="file", code="empty")
    header = [h.strip().lower() for h in rows[0]]
    needed = ["kind", "code", "parent", "rank"]
    missing = [h for h in needed if h not in header]
    if missing:
        raise ApplicationError(
            _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)},
            field="file",
            code="header",
        )
    langs = languages()
    known = set(needed) | {f"{p}_{lang}" for p in ("name", "description") for lang in langs}
    unknown = [h for h in header if h and h not in known]
    if unknown:
        raise ApplicationError(
            _("Unknown column(s): %(columns)s.") % {"columns": ", ".join(unknown)},
            field="file",
            code="header",
        )
    col = {h: i for i, h in enumerate(header)}

    def cell(row: list[str], name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    def texts(row: list[str], prefix: str) -> dict[str, str]:
        return {
            lang: cell(row, f"{prefix}_{lang}") for lang in langs if cell(row, f"{prefix}_{lang}")
        }

    code = ""
    names: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    levels: list[LevelData] = []
    comps: dict[str, CompetencyData] = {}
    order: list[CompetencyData] = []
    indicators: list[tuple[str, str, str, dict[str, str]]] = []
    frameworks = 0
    if len(rows) - 1 > MAX_ITEMS:
        raise ApplicationError(
            _("At most %(n)d rows.") % {"n": MAX_ITEMS}, field="file", code="too_large"
        )
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        where = _("row %(n)d") % {"n": number}
        kind = cell(row, "kind").lower()
        if kind not in KINDS:
            problems.add(
                where,
                _("Unknown kind “%(kind)s”; use one of: %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(KINDS)},
            )
            continue
        if kind == "framework":
            frameworks += 1
            code = _code(cell(row, "code"), where, problems)
            names = problems.guard(where, clean_texts, texts(row, "name"), field="name") or {}
            descriptions = texts(row, "description")
        elif kind == "level":
            level = _level(
                where,
                problems,
                rank=cell(row, "rank"),
                code=cell(row, "code"),
                names=texts(row, "name"),
                descriptors=texts(row, "description"),
            )
            if level is not None:
                levels.append(level)
        elif kind in ("category", "competency"):
            comp = _competency(
                where,
                problems,
                code=cell(row, "code"),
                parent=cell(row, "parent") or None,
                is_category=kind == "category",
                names=texts(row, "name"),
                descriptions=texts(row, "description"),
            )
            if comp is not None:
                if comp.code in comps:
                    problems.add(
                        where, _("The code “%(code)s” is used twice.") % {"code": comp.code}
                    )
                comps[comp.code] = comp
                order.append(comp)
        else:
            indicators.append(
                (where, cell(row, "code"), cell(row, "rank"), texts(row, "description"))
            )
    if frameworks != 1:
        problems.add("file", _("The file needs exactly one row of kind “framework”."))
    for where, comp_code, rank, text in indicators:
        target = comps.get(comp_code)
        if target is None:
            problems.add(where, _("Unknown competency “%(code)s”.") % {"code": comp_code})
            continue
        _indicator(target, rank, text, where, problems)
    data = FrameworkData(code, names, descriptions, levels, order)
    check(data, problems)
    return data


def check(data: FrameworkData, problems: Problems | None = None) -> None:
    """Refuse what cannot be a framework: duplicate or missing ranks, duplicate codes, unknown
    parents, parents that are not categories, cycles, indicators for unknown levels."""
    problems = problems or Problems()
    ranks = sorted(level.rank for level in data.levels)
    if len(ranks) < 2:
        problems.add("levels", _("A proficiency scale has at least two levels."))
    elif ranks != list(range(1, len(ranks) + 1)):
        problems.add(
            "levels",
            _("Level ranks must run 1, 2, 3, … without gaps or repeats; got %(ranks)s.")
            % {"ranks": ", ".join(map(str, ranks))},
        )
    by_code: dict[str, CompetencyData] = {}
    for comp in data.competencies:
        if comp.code in by_code:
            problems.add(comp.code, _("The code “%(code)s” is used twice.") % {"code": comp.code})
        by_code[comp.code] = comp
    if not any(not c.is_category for c in data.competencies):
        problems.add("competencies", _("The framework has no competencies."))
    known_ranks = {str(r) for r in ranks}
    for comp in data.competencies:
        if comp.parent is not None:
            parent = by_code.get(comp.parent)
            if parent is None:
                problems.add(comp.code, _("Unknown parent “%(parent)s”.") % {"parent": comp.parent})
            elif not parent.is_category:
                problems.add(
                    comp.code,
                    _("The parent “%(parent)s” is a competency, not a category.")
                    % {"parent": comp.parent},
                )
        for rank in comp.indicators:
            if rank not in known_ranks:
                problems.add(
                    comp.code,
                    _("Indicator for level %(rank)s, which the scale does not have.")
                    % {"rank": rank},
                )
    for comp in data.competencies:  # a cycle: following parents comes back to the start
        seen = {comp.code}
        up = comp.parent
        while up is not None and up in by_code:
            if up in seen:
                problems.add(
                    comp.code,
                    _("The parents form a cycle: %(path)s.")
                    % {"path": " → ".join([*_chain(comp, by_code), up])},
                )
                break
            seen.add(up)
            up = by_code[up].parent
    problems.raise_if_any()


def _chain(comp: CompetencyData, by_code: dict[str, CompetencyData]) -> list[str]:
    out = [comp.code]
    parent = comp.parent
    while parent is not None and parent in by_code and parent not in out:
        out.append(parent)
        parent = by_code[parent].parent
    return out


def ordered(data: FrameworkData) -> list[CompetencyData]:
    """Parents before children, keeping the file's order otherwise."""
    by_code = {c.code: c for c in data.competencies}
    done: set[str] = set()
    out: list[CompetencyData] = []

    def visit(c: CompetencyData) -> None:
        if c.code in done:
            return
        if c.parent is not None and c.parent in by_code:
            visit(by_code[c.parent])
        done.add(c.code)
        out.append(c)

    for comp in data.competencies:
        visit(comp)
    return out
