"""A rating's employees are its interaction's: the copy of them (``ratings_rating_employees``,
one row and four index entries for every rating) is no longer written (decision 0010).

The employees who served are fixed when the link is issued; the rating only repeated them.
``cadre_rating_submit`` stops copying them, and its quarter cap reads them from the
interactions of the citizen's ratings. On PostgreSQL the table gives way to a view of the
same name and columns, so that the previous release, running beside this one during an
upgrade, still reads every rating's employees; a later migration drops the view. (SQLite is
one machine, upgraded at once, and gets no view: a view there would stand in the way of
Django's table rebuilds.)
"""

from importlib import import_module
from typing import Any

from django.db import migrations

PREVIOUS = import_module("cadre.ratings.migrations.0013_submit_fewer_writes").FUNCTION

COPY = """\
    INSERT INTO ratings_rating_employees (rating_id, employee_id)
    SELECT v_rating, ie.employee_id FROM ratings_interaction_employees ie
    WHERE ie.interaction_id = i.id;
"""
MINE_BEFORE = "SELECT r.id, r.submitted_at FROM ratings_rating r"
MINE_AFTER = "SELECT r.id, r.interaction_id, r.submitted_at FROM ratings_rating r"
SERVED_BEFORE = """\
                           JOIN ratings_rating_employees re ON re.rating_id = mine.id
"""
SERVED_AFTER = """\
                           JOIN ratings_interaction_employees re
                             ON re.interaction_id = mine.interaction_id
"""
for before in (COPY, MINE_BEFORE, SERVED_BEFORE):
    assert PREVIOUS.count(before) == 1, before
FUNCTION = (
    PREVIOUS.replace(COPY, "")
    .replace(MINE_BEFORE, MINE_AFTER)
    .replace(SERVED_BEFORE, SERVED_AFTER)
)

VIEW = """
CREATE VIEW ratings_rating_employees AS
SELECT ie.id, r.id AS rating_id, ie.employee_id
FROM ratings_rating r JOIN ratings_interaction_employees ie ON ie.interaction_id = r.interaction_id
"""


def forward(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    with schema_editor.connection.cursor() as cursor:
        if postgres:
            cursor.execute(FUNCTION)
        cursor.execute("DROP TABLE ratings_rating_employees")
        if postgres:
            cursor.execute(VIEW)


def backward(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP VIEW ratings_rating_employees")
    through = apps.get_model("ratings", "Rating")._meta.get_field("employees").remote_field.through
    schema_editor.create_model(through)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ratings_rating_employees (rating_id, employee_id) "
            "SELECT r.id, ie.employee_id FROM ratings_rating r "
            "JOIN ratings_interaction_employees ie ON ie.interaction_id = r.interaction_id"
        )
        if postgres:
            cursor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0018_drop_service_type_name")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="rating", name="employees")],
            database_operations=[migrations.RunPython(forward, backward, elidable=False)],
        )
    ]
