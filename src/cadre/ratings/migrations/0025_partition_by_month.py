"""On PostgreSQL, the rating table becomes partitioned by month (decision 0041).

``ratings_rating`` is rebuilt as ``PARTITION BY RANGE (submitted_at)``: one partition per
UTC month from the oldest rating's to ``CADRE_RATING_PARTITIONS_AHEAD`` months after the
current one, and a default partition. The rows are copied, the indexes the plain table had
are built again on the partitioned one (each partition gets its own), the foreign key to
the interaction and the CHECK constraints are kept, the id sequence goes on where it was,
and the compatibility view ``ratings_rating_employees`` (migration 0019) is made again.

Two constraints change, because a unique index of a partitioned table must include the
partition key: the primary key becomes ``(id, submitted_at)`` (ids still come from one
sequence), and the unique index on ``interaction_id`` is dropped. One rating per
interaction is kept by the interaction row itself: ``cadre_rating_submit`` (and the ORM
path) sets its ``used_at`` with ``UPDATE … WHERE used_at IS NULL`` and inserts the rating
in the same transaction, so of two submissions of one token exactly one inserts. The index
was never what refused the second (the update's row lock is), only a second guard.

The submission function keeps generic plans (``plan_cache_mode``, see ``GENERIC``).

The copy takes the table's lock for as long as it runs: about a minute per few million
ratings on the benchmark machine. Backward rebuilds the plain table (from the model) and
copies the rows back; detached archive tables are left alone. SQLite: nothing to do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import migrations
from django.utils import timezone

TABLE = "ratings_rating"
# The submission function's statements keep their generic plans, pruned to the months they
# read as they run. Left to choose, PL/pgSQL saw a generic plan over every partition cost
# more than a custom plan over the few pruned at planning, and planned each statement on
# every call: 0.21-0.23 x pgbench against 0.33-0.37 for the plain table; forced, 0.41.
GENERIC = "force_generic_plan"
VIEW = "ratings_rating_employees"


def _rows(cursor: Any, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    cursor.execute(sql, params or [])
    return list(cursor.fetchall())


def _view(cursor: Any) -> str | None:
    """The definition of the compatibility view, if it is there; it is dropped (a view
    follows its table through a rename, so it is made again on the new table)."""
    found = _rows(cursor, "SELECT pg_get_viewdef(to_regclass(%s), true)", [VIEW])
    if not found or found[0][0] is None:
        return None
    cursor.execute(f"DROP VIEW {VIEW}")
    return f"CREATE VIEW {VIEW} AS {found[0][0]}"


INTERACTION_INDEX = "ratings_rating_interaction_idx"


def _indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    """The indexes of ``table`` that back no constraint: name and definition."""
    return [
        (name, definition)
        for name, definition in _rows(
            cursor,
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
            "ORDER BY c.relname",
            [table],
        )
    ]


def _foreign_keys(cursor: Any, table: str) -> list[tuple[str, str]]:
    return [
        (name, definition)
        for name, definition in _rows(
            cursor,
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
    ]


def _columns(cursor: Any, table: str) -> str:
    names = _rows(
        cursor,
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum",
        [table],
    )
    return ", ".join(f'"{name}"' for (name,) in names)


def _month(moment: dt.datetime) -> tuple[int, int]:
    utc = moment.astimezone(dt.UTC)
    return utc.year, utc.month


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    from cadre.ratings.partitions import DEFAULT, Month

    with schema_editor.connection.cursor() as cursor:
        kind = _rows(cursor, "SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        if kind and kind[0][0] == "p":
            return  # already partitioned
        view = _view(cursor)
        indexes = _indexes(cursor, TABLE)
        foreign = _foreign_keys(cursor, TABLE)
        (last, called), *_ = _rows(
            cursor, "SELECT last_value, is_called FROM ratings_rating_id_seq"
        )
        (oldest,), *_ = _rows(cursor, f"SELECT min(submitted_at) FROM {TABLE}")  # noqa: S608

        plain = f"{TABLE}_plain"
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {plain}")
        # Their names go to the partitioned table's own.
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for (name,) in _rows(
            cursor,
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype IN ('p', 'u', 'f')",
            [plain],
        ):
            cursor.execute(f'ALTER TABLE {plain} DROP CONSTRAINT "{name}"')
        # Partitioned tables cannot have an identity column before PostgreSQL 17: a
        # sequence owned by the column, the same one's next value.
        cursor.execute(f"ALTER TABLE {plain} ALTER COLUMN id DROP IDENTITY")
        cursor.execute(
            f"CREATE TABLE {TABLE} (LIKE {plain} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
            "INCLUDING STORAGE) PARTITION BY RANGE (submitted_at)"
        )
        cursor.execute(f"CREATE SEQUENCE {TABLE}_id_seq OWNED BY {TABLE}.id")
        cursor.execute("SELECT setval(%s, %s, %s)", [f"{TABLE}_id_seq", last, called])
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq')")

        now = Month.of(timezone.now())
        month = Month.of(oldest) if oldest is not None else now
        last_month = now.plus(settings.CADRE_RATING_PARTITIONS_AHEAD)
        while (month.year, month.month) <= (last_month.year, last_month.month):
            cursor.execute(
                f"CREATE TABLE {month.name} PARTITION OF {TABLE} FOR VALUES FROM (%s) TO (%s)",
                [month.start, month.plus(1).start],
            )
            month = month.plus(1)
        cursor.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {TABLE} DEFAULT")

        columns = _columns(cursor, TABLE)
        cursor.execute(
            f"INSERT INTO {TABLE} ({columns}) SELECT {columns} FROM {plain}"  # noqa: S608
        )
        cursor.execute(f"ALTER TABLE {TABLE} ADD PRIMARY KEY (id, submitted_at)")
        for _name, definition in indexes:
            cursor.execute(definition.replace(f" ON public.{plain} ", f" ON public.{TABLE} "))
        for name, definition in foreign:
            cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
        # The unique index on the interaction was also the join's index (rating → link, the
        # streak and burst checks): without it, a nested loop reads every rating per link.
        cursor.execute(f"CREATE INDEX {INTERACTION_INDEX} ON {TABLE} (interaction_id)")
        cursor.execute(f"DROP TABLE {plain}")
        if view:
            cursor.execute(view)
        cursor.execute(f"ANALYZE {TABLE}")
        cursor.execute(f"ALTER FUNCTION cadre_rating_submit SET plan_cache_mode = {GENERIC}")


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    rating = apps.get_model("ratings", "Rating")
    declared = {index.name for index in rating._meta.indexes}
    with schema_editor.connection.cursor() as cursor:
        kind = _rows(cursor, "SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        if not kind or kind[0][0] != "p":
            return
        view = _view(cursor)
        # Those the model does not declare (the BRIN of migration 0010) are made again here.
        extra = [
            (n, d)
            for n, d in _indexes(cursor, TABLE)
            if n not in declared and n != INTERACTION_INDEX  # the unique one is back
        ]
        (last, called), *_ = _rows(
            cursor,
            f"SELECT last_value, is_called FROM {TABLE}_id_seq",  # noqa: S608
        )
        parted = f"{TABLE}_parted"
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {parted}")
        cursor.execute(f"ALTER TABLE {parted} ALTER COLUMN id DROP DEFAULT")
        cursor.execute(f"DROP SEQUENCE {TABLE}_id_seq")
        for name, _definition in _indexes(cursor, parted):
            cursor.execute(f'DROP INDEX "{name}"')
        for (name,) in _rows(
            cursor,
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype IN ('p', 'u', 'f')",
            [parted],
        ):
            cursor.execute(f'ALTER TABLE {parted} DROP CONSTRAINT "{name}"')
    # The plain table as the model makes it (identity id, unique interaction, the foreign
    # key, the declared indexes: the last two once this migration's schema editor closes).
    schema_editor.create_model(rating)
    with schema_editor.connection.cursor() as cursor:
        columns = _columns(cursor, TABLE)
        cursor.execute(
            f"INSERT INTO {TABLE} ({columns}) SELECT {columns} FROM {parted}"  # noqa: S608
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, %s)", [TABLE, last, called]
        )
        cursor.execute(f"DROP TABLE {parted}")  # and its partitions
        for _name, definition in extra:
            cursor.execute(definition.replace(f" ON public.{parted} ", f" ON public.{TABLE} "))
        if view:
            cursor.execute(view)
        cursor.execute("ALTER FUNCTION cadre_rating_submit RESET plan_cache_mode")


class Migration(migrations.Migration):
    dependencies = [("ratings", "0024_service_point_names")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
