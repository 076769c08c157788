"""Indexes for the people search (``istartswith`` on last and first name) on PostgreSQL.

Django writes ``istartswith`` as ``UPPER(col::text) LIKE UPPER('word%')``; a btree on the
same expression with ``text_pattern_ops`` turns that into a range scan whatever the
database collation. SQLite needs none at its sizes.
"""

from typing import Any

from django.db import migrations

INDEXES = {
    "employee_last_name_prefix_idx": "last_name",
    "employee_first_name_prefix_idx": "first_name",
}


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON people_employee "
            f"(upper({column}::text) text_pattern_ops)"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0004_organisation_figures")]
    operations = [migrations.RunPython(create, drop)]
