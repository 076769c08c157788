"""The bodies', points' and months' score rows keep half of each page free (PostgreSQL
``fillfactor`` 50), so that a fold's update of a row is a HOT update — the new version on
the same page, no new entry in the table's two indexes — since no indexed column of these
tables changes in a fold (decision 0010). The pages get the room as they are written: the
nightly recompute rewrites every row. ``EmployeeScore`` cannot profit: its index on
``p_worse`` changes with every fold."""

from typing import Any

from django.db import migrations

TABLES = ("ratings_unitscore", "ratings_monthtally")


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} SET (fillfactor = 50)")


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("ratings", "0015_rating_case_mix_plain")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
