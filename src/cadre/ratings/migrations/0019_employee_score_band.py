"""Worst-first employees by a coarse band of ``p_worse`` (decision 0010).

The index on ``p_worse`` made every fold's update of an employee's row a new row version
with new entries in both of the table's indexes: ``p_worse`` changes with every rating. The
band (how many of the thresholds 0.5, 0.75, 0.9, 0.95 and 0.99 ``p_worse`` reaches) rarely
does, so with room on the page (``fillfactor`` 50, PostgreSQL) the update is a HOT update.
Pages list ``-worse_band, -p_worse, employee`` — the same order as before — and the database
sorts within the first bands. The bands of the rows already there are filled in here; the
nightly recompute rewrites them anyway.
"""

from typing import Any

from django.db import migrations, models

# models.WORSE_BANDS as of this migration, highest first.
BAND = (
    "CASE WHEN p_worse >= 0.99 THEN 5 WHEN p_worse >= 0.95 THEN 4 WHEN p_worse >= 0.9 THEN 3 "
    "WHEN p_worse >= 0.75 THEN 2 WHEN p_worse >= 0.5 THEN 1 ELSE 0 END"
)


def forward(apps: Any, schema_editor: Any) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"UPDATE ratings_employeescore SET worse_band = {BAND}")  # noqa: S608
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE ratings_employeescore SET (fillfactor = 50)")


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ALTER TABLE ratings_employeescore RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_name_prefix_indexes"),
        ("ratings", "0018_drop_service_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="employeescore",
            name="worse_band",
            field=models.PositiveSmallIntegerField(
                db_default=0, help_text="how many of WORSE_BANDS p_worse reaches"
            ),
        ),
        migrations.RunPython(forward, backward, elidable=False),
        migrations.AddIndex(
            model_name="employeescore",
            index=models.Index(fields=["-worse_band"], name="employee_score_band_idx"),
        ),
        migrations.RemoveIndex(model_name="employeescore", name="employee_score_worse_idx"),
    ]
