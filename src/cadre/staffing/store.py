"""Bulk writes of a scenario's copy, set-based so that a country's tables are copied and
its cut recorded in seconds: the copy is one ``INSERT … SELECT`` of the lines in force,
the cut an ``UPDATE … FROM`` a ``VALUES`` list of the lines it touches (PostgreSQL and SQLite
3.33+ alike). Called by the services only, inside their transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection

from cadre.core.fields import subtree_upper_bound
from cadre.orgs.models import Organisation, Post
from cadre.staffing.choices import TableStatus
from cadre.staffing.models import ScenarioLine, StaffingLine, StaffingTable

BATCH = 5000


def copy_lines(scenario_id: int, root: Organisation, on: dt.date) -> int:
    """Copy the lines of the versions in force on ``on`` of every body under ``root`` into
    the scenario; the number of lines copied."""
    sl, line, table = (
        ScenarioLine._meta.db_table,
        StaffingLine._meta.db_table,
        StaffingTable._meta.db_table,
    )
    org, post = Organisation._meta.db_table, Post._meta.db_table
    sql = (
        f"INSERT INTO {sl} (scenario_id, source_id, body_id, post_id, units, pay_minor, "  # noqa: S608
        "currency, is_critical, is_digital_lead, functions, cut_units, people_cut) "
        f"SELECT %s, l.id, t.organisation_id, l.post_id, l.units, "
        "CAST(ROUND((l.salary + l.supplements) * 100) AS BIGINT), l.currency, l.is_critical, "
        f"p.is_digital_lead, l.functions, 0, 0 FROM {line} l "
        f"JOIN {table} t ON t.id = l.table_id JOIN {org} o ON o.id = t.organisation_id "
        f"JOIN {post} p ON p.id = l.post_id "
        "WHERE t.status = %s AND t.effective_from <= %s "
        "AND (t.effective_to IS NULL OR t.effective_to >= %s) AND o.path >= %s AND o.path < %s "
        "ORDER BY o.path, l.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [scenario_id, TableStatus.APPROVED, on, on, root.path, subtree_upper_bound(root.path)],
        )
        return cursor.rowcount


def record_cut(scenario_id: int, cuts: Iterable[tuple[int, int, int]]) -> None:
    """Set each line's cut: ``(line id, quarters cut, people affected)``; the others 0."""
    sl = ScenarioLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {sl} SET cut_units = 0, people_cut = 0 WHERE scenario_id = %s "  # noqa: S608
            "AND (cut_units <> 0 OR people_cut <> 0)",
            [scenario_id],
        )
        batch: list[tuple[int, int, int]] = []
        for row in cuts:
            batch.append(row)
            if len(batch) == BATCH:
                _update(cursor, sl, batch)
                batch = []
        if batch:
            _update(cursor, sl, batch)


def _update(cursor: object, table: str, rows: list[tuple[int, int, int]]) -> None:
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    params = [v for row in rows for v in row]
    cursor.execute(  # type: ignore[attr-defined]
        f"WITH v(id, q, p) AS (VALUES {values}) "  # noqa: S608
        f"UPDATE {table} SET cut_units = v.q / 4.0, people_cut = v.p "
        f"FROM v WHERE {table}.id = v.id",
        params,
    )
