"""``cadre_rating_submit`` says which months it reads in the partition key too, so that on a
table partitioned by month (migration 0025) each call reads only those months' partitions.

The caps read the citizen's ratings by the month expression of their index
(``rating_citizen_month_idx``, migration 0022). The partitions are bounded by
``submitted_at``, not by that expression, so the executor could not skip any: every call
sought the citizen in every month's partition (17 on the benchmark's database). The same
rows are now also bounded by ``submitted_at``: from the quarter's start (both caps only
count ratings from then on) to four months later (the four UTC months of the index's
condition end no later). The network-burst check read the last hour with no upper bound,
so it also visited the months ahead and the default partition; it is now bounded by the
next hour too. Neither bound changes which ratings count: no rating is stored with a
later time than its submission's. On a plain table (SQLite has no function) the bounds
cost nothing; the plans keep the indexes they had.

``CREATE OR REPLACE FUNCTION`` drops the function's settings, so the generic plans of
migration 0025 are asked for again where the table is partitioned.
"""

from importlib import import_module
from typing import Any

from django.db import migrations

PREVIOUS = import_module("cadre.ratings.migrations.0022_citizen_index_by_month").FUNCTION
GENERIC = import_module("cadre.ratings.migrations.0025_partition_by_month").GENERIC

CAPS_BEFORE = """\
                  IN (v_month, v_month + 1, v_month + 2, v_month + 3)
              AND r.citizen_key = i.citizen_key)
"""
CAPS_AFTER = """\
                  IN (v_month, v_month + 1, v_month + 2, v_month + 3)
              AND r.citizen_key = i.citizen_key
              -- The same months in the partition key (migration 0026): the executor
              -- reads only their partitions.
              AND r.submitted_at >= p_quarter
              AND r.submitted_at < p_quarter + interval '4 months')
"""
BURST_BEFORE = """\
            AND r.submitted_at >= p_now - interval '1 hour'
"""
BURST_AFTER = """\
            AND r.submitted_at >= p_now - interval '1 hour'
            AND r.submitted_at < p_now + interval '1 hour'
"""
for before in (CAPS_BEFORE, BURST_BEFORE):
    assert PREVIOUS.count(before) == 1, before
FUNCTION = PREVIOUS.replace(CAPS_BEFORE, CAPS_AFTER).replace(BURST_BEFORE, BURST_AFTER)


def _replace(schema_editor: Any, sql: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass('ratings_rating')")
        row = cursor.fetchone()
        if row is not None and row[0] == "p":
            cursor.execute(f"ALTER FUNCTION cadre_rating_submit SET plan_cache_mode = {GENERIC}")


def forward(apps: Any, schema_editor: Any) -> None:
    _replace(schema_editor, FUNCTION)


def backward(apps: Any, schema_editor: Any) -> None:
    _replace(schema_editor, PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0025_partition_by_month")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
