"""The rating table partitioned by month on PostgreSQL (decision 0041).

``ratings_rating`` is ``PARTITION BY RANGE (submitted_at)``, one partition a UTC month
(``ratings_rating_p2026_12``) plus ``ratings_rating_default``, so that no insert ever
fails for want of a partition. ``partitions_ensure`` (the periodic job
``ensure-rating-partitions`` and ``cadre manage ratings_partitions --ensure``) keeps the
current month and ``CADRE_RATING_PARTITIONS_AHEAD`` months after it, and moves any rows
the default partition caught into partitions of their own months; ``partitions_detach``
takes the months before a given one out of the live table for archiving (each becomes a
plain table ``ratings_archive_p…``). Both are audited on the chain ``ratings``.

SQLite keeps a plain table: every function here does nothing there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

PARENT = "ratings_rating"
DEFAULT = "ratings_rating_default"
PREFIX = "ratings_rating_p"
ARCHIVE = "ratings_archive_p"
_NAME = re.compile(r"^ratings_rating_p(\d{4})_(\d{2})$")


@dataclass(frozen=True)
class Month:
    """A UTC month: the bounds of one partition."""

    year: int
    month: int

    @classmethod
    def of(cls, moment: dt.datetime) -> Month:
        utc = moment.astimezone(dt.UTC)
        return cls(utc.year, utc.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """``YYYY-MM``; ``ValueError`` otherwise."""
        found = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
        if not found or not 1 <= int(found.group(2)) <= 12:
            raise ValueError(text)
        return cls(int(found.group(1)), int(found.group(2)))

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime(self.year, self.month, 1, tzinfo=dt.UTC)

    @property
    def name(self) -> str:
        return f"{PREFIX}{self.year:04d}_{self.month:02d}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def available() -> bool:
    """Whether the rating table is partitioned here (PostgreSQL after ``ratings/0025``)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [PARENT])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def attached(cursor: Any) -> dict[str, Month | None]:
    """The partitions of the rating table: name → month (``None`` for the default)."""
    cursor.execute(
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass "
        "ORDER BY c.relname",
        [PARENT],
    )
    found: dict[str, Month | None] = {}
    for name, bound in cursor.fetchall():
        match = _NAME.match(name)
        if bound == "DEFAULT":
            found[name] = None
        elif match:
            found[name] = Month(int(match.group(1)), int(match.group(2)))
    return found


def _literal(moment: dt.datetime) -> str:
    return f"'{moment:%Y-%m-%d %H:%M:%S}+00'"


def create_sql(month: Month) -> list[str]:
    """A month's partition, made beside the table and then attached: attaching takes a lock
    that lets ratings go on being inserted (``CREATE TABLE … PARTITION OF`` would block
    them), and the bounds' CHECK spares the attachment a scan of the new table."""
    low, high = _literal(month.start), _literal(month.plus(1).start)
    name = month.name
    return [
        f"CREATE TABLE {name} (LIKE {PARENT} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
        f"ALTER TABLE {name} ADD CONSTRAINT {name}_bounds "
        f"CHECK (submitted_at >= {low} AND submitted_at < {high})",
        # Rows the default partition caught for this month move into it first: attaching
        # checks that the default holds none of the new partition's range.
        f"WITH moved AS (DELETE FROM {DEFAULT} WHERE submitted_at >= {low} "  # noqa: S608
        f"AND submitted_at < {high} RETURNING *) INSERT INTO {name} SELECT * FROM moved",
        f"ALTER TABLE {PARENT} ATTACH PARTITION {name} FOR VALUES FROM ({low}) TO ({high})",
        f"ALTER TABLE {name} DROP CONSTRAINT {name}_bounds",
    ]


def _audit(action: str, month: Month, changes: dict[str, Any], actor: Any, source: str) -> None:
    from cadre.core.audit import audit_record

    audit_record(
        actor=actor,
        action=action,
        object_type="ratings.partition",
        object_id=str(month),
        object_repr=f"{PARENT} {month}",
        changes=changes,
        source=source,
        chain="ratings",
    )


def partitions_ensure(
    *,
    ahead: int | None = None,
    now: dt.datetime | None = None,
    actor: Any = None,
    source: str = "task",
) -> list[str]:
    """The partitions of this month and ``ahead`` months after it, and of every month the
    default partition holds rows of (the rows move into them). Idempotent: what exists is
    left alone. Returns the partitions made; each is audited."""
    if not available():
        return []
    ahead = settings.CADRE_RATING_PARTITIONS_AHEAD if ahead is None else ahead
    first = Month.of(now or timezone.now())
    made: list[str] = []
    with transaction.atomic(), connection.cursor() as cursor:
        # One maker at a time (the job and the command).
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [PARENT])
        have = set(attached(cursor).values())
        cursor.execute(
            f"SELECT DISTINCT date_part('year', submitted_at AT TIME ZONE 'UTC')::int, "  # noqa: S608
            f"date_part('month', submitted_at AT TIME ZONE 'UTC')::int FROM {DEFAULT}"
        )
        caught = {Month(year, month) for year, month in cursor.fetchall()}
        wanted = {first.plus(i) for i in range(ahead + 1)} | caught
        for month in sorted(wanted - have, key=lambda m: (m.year, m.month)):
            cursor.execute(
                f"SELECT count(*) FROM {DEFAULT} WHERE submitted_at >= %s "  # noqa: S608
                "AND submitted_at < %s",
                [month.start, month.plus(1).start],
            )
            (moved,) = cursor.fetchone()
            for sql in create_sql(month):
                cursor.execute(sql)
            _audit(
                "ratings.partition_create",
                month,
                {"partition": month.name, "rows_moved_from_default": moved},
                actor,
                source,
            )
            made.append(month.name)
    return made


def partitions_detach(*, before: Month, actor: Any = None, source: str = "cli") -> list[str]:
    """Detach every month's partition before ``before`` for archiving: each becomes the
    plain table ``ratings_archive_pYYYY_MM``, out of every live query (scores, pages, caps).
    Audited with its row count. Returns the archive tables."""
    if not available():
        return []
    done: list[str] = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [PARENT])
        old = sorted(
            (month for month in attached(cursor).values() if month is not None),
            key=lambda m: (m.year, m.month),
        )
        for month in old:
            if (month.year, month.month) >= (before.year, before.month):
                break
            name = month.name
            archive = f"{ARCHIVE}{month.year:04d}_{month.month:02d}"
            cursor.execute(f"SELECT count(*) FROM {name}")  # noqa: S608
            (rows,) = cursor.fetchone()
            cursor.execute(f"ALTER TABLE {PARENT} DETACH PARTITION {name}")
            cursor.execute(f"ALTER TABLE {name} RENAME TO {archive}")
            _audit(
                "ratings.partition_detach",
                month,
                {"partition": name, "archive_table": archive, "rows": rows},
                actor,
                source,
            )
            done.append(archive)
    return done


def partitions_list() -> list[tuple[str, str, int]]:
    """Each partition with its month (``default``) and its estimated rows."""
    if not available():
        return []
    with connection.cursor() as cursor:
        found = attached(cursor)
        cursor.execute(
            "SELECT relname, greatest(reltuples, 0)::bigint FROM pg_class WHERE relname = ANY(%s)",
            [list(found)],
        )
        sizes = dict(cursor.fetchall())
    return [
        (name, "default" if month is None else str(month), int(sizes.get(name, 0)))
        for name, month in found.items()
    ]
