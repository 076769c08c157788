"""Framework files: read, check, write. The format is documented in ``docs/competencies.md``.

JSON (``cadre.framework/1``) holds a whole framework as one object. CSV and XLSX hold the same
content as one flat table, a row per item, distinguished by ``kind``::

    kind        code   parent  rank  name_ru … name_en        description_ru … description_en
    framework   DG                   Digital government …     …
    level       awareness      1     Awareness …              (the level's descriptor)
    category    SA                   Systems analysis …       …
    competency  SA.1   SA            Requirements …           …
    indicator   SA.1           2     (unused)                 (what SA.1 looks like at level 2)

``parse_file`` turns any of them into a ``FrameworkData``; ``check`` refuses cycles, unknown
parents and unknown levels, naming every bad item, before anything is written.

The parts: ``data`` (what a file holds), ``reading`` (parse and check), ``writing`` (a version
as a file). Views, the API, the demo and tests call ``frameworks.<name>``, so this package
imports the public names.
"""

from cadre.competencies.frameworks.data import (
    FORMAT,
    CompetencyData,
    FrameworkData,
    LevelData,
    Problems,
)
from cadre.competencies.frameworks.reading import (
    check,
    ordered,
    parse_file,
    parse_json,
    parse_rows,
)
from cadre.competencies.frameworks.writing import as_csv, as_json, as_rows, as_xlsx

__all__ = [
    "FORMAT",
    "CompetencyData",
    "FrameworkData",
    "LevelData",
    "Problems",
    "as_csv",
    "as_json",
    "as_rows",
    "as_xlsx",
    "check",
    "ordered",
    "parse_file",
    "parse_json",
    "parse_rows",
]
