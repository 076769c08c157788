"""Bulk writes of a scenario's copy, set-based so that a country's tables are copied and
its cut recorded in seconds: the copy is one ``INSERT … SELECT`` of the lines in force,
the cut one ``UPDATE`` of the lines it touches. Called by the services only, inside their
transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection

from cadre.core.fields import subtree_upper_bound
from cadre.orgs.models import Organisation, Post
from cadre.staffing.choices import TableStatus
from cadre.staffing.models import ScenarioLine, StaffingLine, StaffingTable


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
    """Set each line's cut: ``(line id, quarters cut, people affected)``; the others 0.

    PostgreSQL takes the rows as three arrays in one statement (a ``VALUES`` list of a
    country's 150,000 lines spent seconds in the driver's quoting of its parameters);
    SQLite one prepared statement run for each row."""
    sl = ScenarioLine._meta.db_table
    rows = list(cuts)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {sl} SET cut_units = 0, people_cut = 0 WHERE scenario_id = %s "  # noqa: S608
            "AND (cut_units <> 0 OR people_cut <> 0)",
            [scenario_id],
        )
        if not rows:
            return
        if connection.vendor == "postgresql":
            ids, quarters, people = (list(column) for column in zip(*rows, strict=True))
            cursor.execute(
                f"UPDATE {sl} SET cut_units = v.q / 4.0, people_cut = v.p "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::integer[], %s::integer[]) AS v(id, q, p) "
                f"WHERE {sl}.id = v.id AND {sl}.scenario_id = %s",
                [ids, quarters, people, scenario_id],
            )
        else:
            cursor.executemany(
                f"UPDATE {sl} SET cut_units = %s / 4.0, people_cut = %s "  # noqa: S608
                "WHERE id = %s AND scenario_id = %s",
                [(q, p, pk, scenario_id) for pk, q, p in rows],
            )
