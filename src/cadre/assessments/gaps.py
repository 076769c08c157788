"""The gap matrix: required against current level, per organisation subtree and competency.

``gaps_recompute`` is a batch (nightly, or on demand as a job):

1. per (organisation, framework, competency code): people required, people below the
   required level, sum of shortfalls, sum of required levels. Rather than join every
   requirement of every person to their level (30M probes of a 21M-row table at national
   scale), it counts the people per organisation and standard, and scans the levels once:
   ``below = people − those at or above the requirement``,
   ``shortfall = Σ required − Σ min(level, required)`` (no level counts as 0);
2. those counts are added up the tree to every ancestor (a body's cell holds its units', a
   region's its bodies', the country's everyone's);
3. the cells are replaced in one transaction.

Step 1 is the same statements on both databases, over working tables made and dropped in
the batch's transaction. On PostgreSQL they are UNLOGGED ordinary tables, under an advisory
lock (one batch at a time) — a session's temporary tables would forbid parallel workers, and
the scan of the levels is the longest step — and steps 2 and 3 are set-based too (the
path's ids unnested). On SQLite they are temporary tables and the roll-up is done here.

The heat map and the dashboards read these cells only; a drill-down from a cell to the
people is a live query of that subtree (``people_below``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from cadre.assessments.models import GapCell
from cadre.core.fields import path_ids, subtree_upper_bound
from cadre.orgs.models import Organisation

WORKING = ("gap_staff", "gap_need", "gap_per_org", "gap_parents", "gap_cells")

# Step 1, on both databases; {table} is "UNLOGGED TABLE" or "TEMPORARY TABLE".
_PER_ORG_STEPS = [
    # The people in service and the standard version in force for their main post: a table
    # of its own, analysed, so that the planner knows it holds a row per person (a CTE is
    # estimated far too small). A person counts where their main post is (docs/registry.md,
    # "Where a person counts"), not where their books are kept.
    """CREATE {table} gap_staff AS
       SELECT e.id, ps.organisation_id, pv.id AS version_id
       FROM people_employee e
       JOIN people_assignment a
         ON a.employee_id = e.id AND a.kind = 'main' AND a.end_date IS NULL
       JOIN orgs_post ps ON ps.id = a.post_id
       JOIN competencies_profilepost pp ON pp.post_id = a.post_id
       JOIN competencies_profileversion pv
         ON pv.profile_id = pp.profile_id AND pv.status = 'in_force'
       WHERE e.is_active""",
    "ANALYZE gap_staff",
    """CREATE {table} gap_need AS
       SELECT r.profile_version_id AS version_id, c.framework_id, c.code, r.level
       FROM competencies_requirement r
       JOIN competencies_competency c ON c.id = r.competency_id
       WHERE r.profile_version_id IN (SELECT DISTINCT version_id FROM gap_staff)""",
    "ANALYZE gap_need",
    # Per organisation: people and required levels from head counts (small), and one scan
    # of the levels, each matched to its person's requirement.
    """CREATE {table} gap_per_org AS
       SELECT organisation_id, framework_id, code, SUM(people) AS people,
              SUM(required) AS required, SUM(meeting) AS meeting, SUM(credited) AS credited
       FROM (
         SELECT s.organisation_id, q.framework_id, q.code,
                SUM(s.n) AS people, SUM(s.n * q.level) AS required,
                0 AS meeting, 0 AS credited
         FROM (SELECT organisation_id, version_id, COUNT(*) AS n FROM gap_staff
               GROUP BY organisation_id, version_id) s
         JOIN gap_need q ON q.version_id = s.version_id
         GROUP BY s.organisation_id, q.framework_id, q.code
         UNION ALL
         SELECT s.organisation_id, p.framework_id, p.code, 0, 0,
                SUM(CASE WHEN p.level >= q.level THEN 1 ELSE 0 END),
                SUM(CASE WHEN p.level < q.level THEN p.level ELSE q.level END)
         FROM assessments_proficiency p
         JOIN gap_staff s ON s.id = p.employee_id
         JOIN gap_need q
           ON q.version_id = s.version_id AND q.framework_id = p.framework_id
          AND q.code = p.code
         GROUP BY s.organisation_id, p.framework_id, p.code
       ) AS parts
       GROUP BY organisation_id, framework_id, code""",
]

# Steps 2 and 3 on PostgreSQL.
_PG_ROLL_UP = [
    # A leaf's cell is its own row; an organisation with children gets the sum over the
    # rows whose path holds it (its own and its subtree's): a few hundred thousand groups
    # rather than every cell, so the aggregate stays in memory.
    """CREATE UNLOGGED TABLE gap_parents AS
       SELECT DISTINCT parent_id AS id FROM orgs_organisation WHERE parent_id IS NOT NULL""",
    "ANALYZE gap_parents",
    """CREATE UNLOGGED TABLE gap_cells AS
       SELECT organisation_id, framework_id, code, people, people - meeting AS below,
              required - credited AS shortfall, required
       FROM gap_per_org g
       WHERE NOT EXISTS (SELECT 1 FROM gap_parents x WHERE x.id = g.organisation_id)
       UNION ALL
       SELECT a.id, g.framework_id, g.code, SUM(g.people), SUM(g.people - g.meeting),
              SUM(g.required - g.credited), SUM(g.required)
       FROM gap_per_org g
       JOIN orgs_organisation o ON o.id = g.organisation_id
       CROSS JOIN LATERAL unnest(string_to_array(btrim(o.path, '/'), '/')::bigint[]) AS a (id)
       WHERE EXISTS (SELECT 1 FROM gap_parents x WHERE x.id = a.id)
       GROUP BY a.id, g.framework_id, g.code""",
    # Only now are readers' cells replaced: the delete and the insert take seconds.
    "DELETE FROM assessments_gapcell",
    """INSERT INTO assessments_gapcell
           (organisation_id, framework_id, code, people, below, shortfall, required,
            computed_at)
       SELECT organisation_id, framework_id, code, people, below, shortfall, required,
              %(now)s
       FROM gap_cells ORDER BY organisation_id, framework_id, code""",
]

Cells = dict[tuple[int, int, str], list[int]]


def _drop_working(cur: Any) -> None:
    for name in WORKING:
        cur.execute(f"DROP TABLE IF EXISTS {name}")


def _recompute_in_postgres() -> dict[str, int]:
    cells = 0
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"SET LOCAL work_mem = '{settings.CADRE_GAPS_WORK_MEM_MB}MB'")
        cur.execute("SELECT pg_advisory_xact_lock(hashtext('cadre.gaps_recompute'))")
        _drop_working(cur)
        for step in _PER_ORG_STEPS:
            cur.execute(step.format(table="UNLOGGED TABLE"))
        for step in _PG_ROLL_UP:
            if "%(now)s" in step:
                cur.execute(step, {"now": timezone.now()})
                cells = cur.rowcount
            else:
                cur.execute(step)
        _drop_working(cur)
        cur.execute(
            "SELECT COALESCE(SUM(people), 0) FROM assessments_gapcell g "
            "JOIN orgs_organisation o ON o.id = g.organisation_id WHERE o.parent_id IS NULL"
        )
        (requirements,) = cur.fetchone()
    return {"cells": cells, "requirements": int(requirements)}


def _recompute_here() -> dict[str, int]:
    """Step 1 in the database (temporary tables), the roll-up here, then the cells."""
    with transaction.atomic():  # readers see the old cells until the new ones are all in
        with connection.cursor() as cur:
            _drop_working(cur)
            for step in _PER_ORG_STEPS:
                cur.execute(step.format(table="TEMPORARY TABLE"))
            cur.execute(
                "SELECT organisation_id, framework_id, code, people, people - meeting, "
                "required - credited, required FROM gap_per_org"
            )
            per_org: Cells = {(o, f, c): [n, b, s, r] for o, f, c, n, b, s, r in cur.fetchall()}
            _drop_working(cur)
        cells = _roll_up(per_org)
        _write(cells)
    return {"cells": len(cells), "requirements": sum(v[0] for v in per_org.values())}


def _roll_up(cells: Cells) -> Cells:
    """Add every organisation's counts to each of its ancestors (and itself)."""
    ancestors: dict[int, list[int]] = {}
    for pk, path in Organisation.objects.values_list("pk", "path").iterator(chunk_size=10_000):
        ancestors[pk] = path_ids(path)
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
    if progress is not None:
        progress(0, 1)
    here = connection.vendor != "postgresql"
    result = _recompute_here() if here else _recompute_in_postgres()
    if progress is not None:
        progress(1, 1)
    return result


_BELOW = """
SELECT e.id, r.level, COALESCE(p.level, 0)
FROM people_employee e
JOIN people_assignment a
  ON a.employee_id = e.id AND a.kind = 'main' AND a.end_date IS NULL
JOIN orgs_post ps ON ps.id = a.post_id
JOIN orgs_organisation o ON o.id = ps.organisation_id
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
