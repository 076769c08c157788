"""The citizen's index leads with the month of the rating (``UtcMonth``), and
``cadre_rating_submit`` reads the citizen's ratings month by month through it.

The index was on the citizen's key alone: a keyed hash, so each rating went into a random
page of an index of every rating ever taken (753 MB at 10,000,000 ratings), and after each
checkpoint the first change to each of those pages wrote the whole page to the WAL. It was
5.0 of the 6.2 kB of WAL a rating wrote (``bench/rating_wal.py``), and a rating's commit
waits for its WAL to reach the disk. Led by the month, a rating goes into this month's part
of the index; the caps look up the citizen in each of four months from the quarter's start
in UTC (a local quarter spans at most four UTC months: its start can fall in the month
before). Always four, not an array of the quarter's months: PL/pgSQL costs its cached plan
for an array of unknown length above a custom plan for two or three months, and planned
the statement again on every call (+0.2 ms a call at 10,000,000 ratings).

On PostgreSQL the new index is built and the old one dropped ``CONCURRENTLY``: ratings keep
arriving while the index of a large table is built. The function is replaced between the
two, so it always has an index to read.
"""

from importlib import import_module
from typing import Any

from django.db import migrations, models

import cadre.ratings.models

PREVIOUS = import_module("cadre.ratings.migrations.0020_submit_caps_cached_plan").FUNCTION

BY_CITIZEN = """\
        WITH mine AS MATERIALIZED (
            SELECT r.interaction_id, r.submitted_at, r.status FROM ratings_rating r
            WHERE r.citizen_key = i.citizen_key)
"""
BY_MONTH_AND_CITIZEN = """\
        -- The quarter's months in UTC: it starts in v_month and, whatever the local time
        -- zone, ends by v_month + 3. Always four, so that the cached plan's cost is a custom
        -- plan's, and PL/pgSQL keeps it instead of planning each call.
        v_month := (date_part('year', p_quarter AT TIME ZONE 'UTC') * 12
                    + date_part('month', p_quarter AT TIME ZONE 'UTC') - 1)::integer;
        WITH mine AS MATERIALIZED (
            SELECT r.interaction_id, r.submitted_at, r.status FROM ratings_rating r
            WHERE (date_part('year', r.submitted_at AT TIME ZONE 'UTC') * 12
                   + date_part('month', r.submitted_at AT TIME ZONE 'UTC') - 1)::integer
                  IN (v_month, v_month + 1, v_month + 2, v_month + 3)
              AND r.citizen_key = i.citizen_key)
"""
COMMENT_BEFORE = """\
        -- One statement over the citizen's ratings (a few; read by the citizen's index
        -- alone, see migration 0020): whether one is of today, and whether an employee
        -- served now already has the quarter's cap of them.
"""
COMMENT_AFTER = """\
        -- One statement over the citizen's ratings of the quarter's months (a few; read by
        -- the citizen's index alone, see migrations 0020 and 0022, with the expression it
        -- was built on): whether one is of today, and whether an employee served now
        -- already has the quarter's cap of them.
"""
DECLARE_BEFORE = "    v_full boolean;\n"
DECLARE_AFTER = "    v_full boolean;\n    v_month integer;\n"
for before in (BY_CITIZEN, COMMENT_BEFORE, DECLARE_BEFORE):
    assert PREVIOUS.count(before) == 1, before
FUNCTION = (
    PREVIOUS.replace(BY_CITIZEN, BY_MONTH_AND_CITIZEN)
    .replace(COMMENT_BEFORE, COMMENT_AFTER)
    .replace(DECLARE_BEFORE, DECLARE_AFTER)
)

BY_MONTH = models.Index(
    cadre.ratings.models.UtcMonth("submitted_at"),
    models.F("citizen_key"),
    name="rating_citizen_month_idx",
)
CITIZEN_ONLY = models.Index(fields=["citizen_key"], name="rating_citizen_idx")


def _options(schema_editor: Any) -> dict[str, bool]:
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


def _function(schema_editor: Any, sql: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)


def forward(apps: Any, schema_editor: Any) -> None:
    rating = apps.get_model("ratings", "Rating")
    schema_editor.add_index(rating, BY_MONTH, **_options(schema_editor))
    _function(schema_editor, FUNCTION)
    schema_editor.remove_index(rating, CITIZEN_ONLY, **_options(schema_editor))


def backward(apps: Any, schema_editor: Any) -> None:
    rating = apps.get_model("ratings", "Rating")
    schema_editor.add_index(rating, CITIZEN_ONLY, **_options(schema_editor))
    _function(schema_editor, PREVIOUS)
    schema_editor.remove_index(rating, BY_MONTH, **_options(schema_editor))


class Migration(migrations.Migration):
    atomic = False  # CREATE and DROP INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("ratings", "0021_interaction_pages_half_empty")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunPython(forward, backward, atomic=False, elidable=False)
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="rating", name="rating_citizen_idx"),
                migrations.AddIndex(model_name="rating", index=BY_MONTH),
            ],
        )
    ]
