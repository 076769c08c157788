"""The network-burst check of ``cadre_rating_submit`` walks its index.

Counting "up to the limit" with a bare ``LIMIT`` let the planner pick a sequential scan
when one network had many recent ratings — it expects to find the few rows it needs early,
but a flood's rows are all at the end of the table, so each rating took ~10 ms at 50,000
rows (found by ``bench/rating_submit.py``; every wrk request comes from one network).
Ordering by the index's last column makes the index the only sensible plan.

Also, on PostgreSQL, BRIN indexes on the times the score folds read by (decision 0010):
ratings by ``submitted_at``, interactions by ``issued_at``. Both grow in time order, so a
BRIN index is a few pages and costs the hot path next to nothing.
"""

from importlib import import_module
from typing import Any

from django.db import migrations

BEFORE = "AND r.submitted_at >= p_now - interval '1 hour' LIMIT p_burst"
AFTER = (
    "AND r.submitted_at >= p_now - interval '1 hour'\n"
    "            ORDER BY r.submitted_at DESC LIMIT p_burst"
)
PREVIOUS = import_module("cadre.ratings.migrations.0007_submit_function").FUNCTION
assert PREVIOUS.count(BEFORE) == 1
FUNCTION = PREVIOUS.replace(BEFORE, AFTER)
BRIN = [
    ("rating_submitted_brin", "ratings_rating", "submitted_at"),
    ("interaction_issued_brin", "ratings_interaction", "issued_at"),
]


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FUNCTION)
            for name, table, column in BRIN:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING brin ({column})")


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(PREVIOUS)
            for name, _table, _column in BRIN:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("ratings", "0009_score_tallies")]
    operations = [migrations.RunPython(forward, backward)]
