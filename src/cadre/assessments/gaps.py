"""The gap matrix: required against current level, per organisation subtree and competency.

``gaps_recompute`` is a batch (nightly, or on demand as a job with progress):

1. for each slice of employee ids, one grouped query joins each person in service to the
   standard in force for their main post, its requirements and their proficiency, and
   counts per (organisation, framework, competency code): people required, people below,
   sum of shortfalls, sum of required levels;
2. those counts are added up the tree to every ancestor (a body's cell holds its units', a
   region's its bodies', the country's everyone's);
3. the cells are replaced in one transaction (``COPY`` on PostgreSQL).

The heat map and the dashboards read these cells only; a drill-down from a cell to the
people is a live query of that subtree (``people_below``).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from cadre.assessments.models import GapCell
from cadre.core.fields import subtree_upper_bound
from cadre.orgs.models import Organisation

SLICE = 50_000

_PER_ORG = """
SELECT e.organisation_id, c.framework_id, c.code,
       COUNT(*),
       SUM(CASE WHEN COALESCE(p.level, 0) < r.level THEN 1 ELSE 0 END),
       SUM(CASE WHEN COALESCE(p.level, 0) < r.level THEN r.level - COALESCE(p.level, 0)
                ELSE 0 END),
       SUM(r.level)
FROM people_employee e
JOIN people_assignment a
  ON a.employee_id = e.id AND a.kind = 'main' AND a.end_date IS NULL
JOIN competencies_profilepost pp ON pp.post_id = a.post_id
JOIN competencies_profileversion pv
  ON pv.profile_id = pp.profile_id AND pv.status = 'in_force'
JOIN competencies_requirement r ON r.profile_version_id = pv.id
JOIN competencies_competency c ON c.id = r.competency_id
LEFT JOIN assessments_proficiency p
  ON p.employee_id = e.id AND p.framework_id = c.framework_id AND p.code = c.code
WHERE e.is_active AND e.id >= %s AND e.id < %s
GROUP BY e.organisation_id, c.framework_id, c.code
"""

Cells = dict[tuple[int, int, str], list[int]]


def _slices() -> Iterator[tuple[int, int]]:
    with connection.cursor() as cur:
        cur.execute("SELECT MIN(id), MAX(id) FROM people_employee")
        low, high = cur.fetchone()
    if low is None:
        return
    start = low
    while start <= high:
        yield start, start + SLICE
        start += SLICE


def _per_organisation(progress: Callable[..., None] | None) -> Cells:
    cells: Cells = {}
    slices = list(_slices())
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":  # hash joins of a slice fit in memory
            cur.execute("SET work_mem = '256MB'")
        for done, (low, high) in enumerate(slices, start=1):
            cur.execute(_PER_ORG, [low, high])
            for org, framework, code, people, below, shortfall, required in cur.fetchall():
                key = (org, framework, code)
                cell = cells.get(key)
                if cell is None:
                    cells[key] = [people, below, shortfall, required]
                else:
                    cell[0] += people
                    cell[1] += below
                    cell[2] += shortfall
                    cell[3] += required
            if progress is not None:
                progress(done, len(slices) + 1)
        if connection.vendor == "postgresql":
            cur.execute("RESET work_mem")
    return cells


def _roll_up(cells: Cells) -> Cells:
    """Add every organisation's counts to each of its ancestors (and itself)."""
    ancestors: dict[int, list[int]] = {}
    for pk, path in Organisation.objects.values_list("pk", "path").iterator(chunk_size=10_000):
        ancestors[pk] = [int(p) for p in path.strip("/").split("/")]
    out: Cells = {}
    for (org, framework, code), values in cells.items():
        for ancestor in ancestors.get(org, [org]):
            key = (ancestor, framework, code)
            cell = out.get(key)
            if cell is None:
                out[key] = list(values)
            else:
                for i in range(4):
                    cell[i] += values[i]
    return out


def _write(cells: Cells) -> None:
    now = timezone.now()
    GapCell.objects.all().delete()
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        stamp = now.isoformat()
        for (org, framework, code), (people, below, shortfall, required) in cells.items():
            buffer.write(
                f"{org}\t{framework}\t{code}\t{people}\t{below}\t{shortfall}\t{required}\t{stamp}\n"
            )
        columns = (
            "organisation_id, framework_id, code, people, below, shortfall, required, computed_at"
        )
        with connection.cursor() as cur:
            raw: Any = cur.cursor
            with raw.copy(f"COPY assessments_gapcell ({columns}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
        return
    GapCell.objects.bulk_create(
        (
            GapCell(
                organisation_id=org,
                framework_id=framework,
                code=code,
                people=v[0],
                below=v[1],
                shortfall=v[2],
                required=v[3],
                computed_at=now,
            )
            for (org, framework, code), v in cells.items()
        ),
        batch_size=5000,
    )


def gaps_recompute(progress: Callable[..., None] | None = None) -> dict[str, int]:
    """Recompute every gap cell; returns how many cells and people-requirements it counted."""
    per_org = _per_organisation(progress)  # reads only; progress is seen as it goes
    cells = _roll_up(per_org)
    with transaction.atomic():  # readers see the old cells until the new ones are all in
        _write(cells)
    if progress is not None:
        progress(1, 1)
    return {
        "cells": len(cells),
        "requirements": sum(v[0] for k, v in per_org.items()),
    }


_BELOW = """
SELECT e.id, r.level, COALESCE(p.level, 0)
FROM people_employee e
JOIN orgs_organisation o ON o.id = e.organisation_id
JOIN people_assignment a
  ON a.employee_id = e.id AND a.kind = 'main' AND a.end_date IS NULL
JOIN competencies_profilepost pp ON pp.post_id = a.post_id
JOIN competencies_profileversion pv
  ON pv.profile_id = pp.profile_id AND pv.status = 'in_force'
JOIN competencies_requirement r ON r.profile_version_id = pv.id
JOIN competencies_competency c ON c.id = r.competency_id
LEFT JOIN assessments_proficiency p
  ON p.employee_id = e.id AND p.framework_id = c.framework_id AND p.code = c.code
WHERE e.is_active AND o.path >= %s AND o.path < %s
  AND c.framework_id = %s AND c.code = %s AND COALESCE(p.level, 0) < r.level
ORDER BY r.level - COALESCE(p.level, 0) DESC, e.id
LIMIT %s
"""


def people_below(
    *, organisation: Organisation, framework_id: int, code: str, limit: int = 5000
) -> list[tuple[int, int, int]]:
    """``(employee id, required, current)`` of the people of the subtree below the required
    level in one competency, largest shortfall first (live, for the drill-down)."""
    with connection.cursor() as cur:
        cur.execute(
            _BELOW,
            [
                organisation.path,
                subtree_upper_bound(organisation.path),
                framework_id,
                code,
                limit,
            ],
        )
        return [(row[0], row[1], row[2]) for row in cur.fetchall()]
