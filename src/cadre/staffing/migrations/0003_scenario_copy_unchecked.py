"""A scenario's copied lines are written faster (decision 0047).

- The copy's source line, body and post keep no foreign-key constraints: checked row by
  row when the copy of a country's 150,000 lines committed, they took 3 of its 4 seconds.
  The copy joins those rows in the same statement, and Django still refuses to delete a
  row a copy points to (``PROTECT``).
- On PostgreSQL the table leaves 40 % of each page free, so that recording the cut (an
  update of nearly every line) writes each new row version beside the old one without
  touching the indexes (a HOT update): 2.5 s → 1.9 s for the cut of a country.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

TABLE = "staffing_scenarioline"


def _fillfactor(value: int | None) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        if value is None:
            schema_editor.execute(f"ALTER TABLE {TABLE} RESET (fillfactor)")
        else:
            schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = {value})")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0006_names_per_language"),
        ("staffing", "0002_graduate_supply"),
    ]

    operations = [
        migrations.AlterField(
            model_name="scenarioline",
            name="body",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.organisation",
                verbose_name="body",
            ),
        ),
        migrations.AlterField(
            model_name="scenarioline",
            name="post",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.post",
                verbose_name="post",
            ),
        ),
        migrations.AlterField(
            model_name="scenarioline",
            name="source",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="staffing.staffingline",
                verbose_name="staffing line",
            ),
        ),
        migrations.RunPython(_fillfactor(60), _fillfactor(None), elidable=False),
    ]
