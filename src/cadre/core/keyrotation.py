"""Key rotation of the encrypted fields, with the site up (decision 0038).

The procedure: (1) put the new key first in ``CADRE_FIELD_KEYS`` and keep the old ones
after it, restart (the site now writes with the new key and reads both); (2) run
``cadre manage cadre_rotate_keys``: it re-encrypts, in batches, every value not yet under
the new key; (3) drop the old key from the list and restart.

Before writing anything :func:`check` reads every value of every encrypted field and
refuses (:class:`KeysCannotOpen`) if one of them opens with none of the keys: a key list
that lost the key the data was written with. Each batch is then its own transaction and
writes a value only if it is still the one read (``… AND col = old``), so a row the site
changed meanwhile (already under the new key) is left as the site wrote it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.db import connection, transaction

from cadre.core.encryption import encrypted_fields, field_keys, multi

Progress = Callable[[str, int, int], None]


class KeysCannotOpen(Exception):
    """Some stored values open with none of the configured keys."""


@dataclass
class FieldCount:
    label: str  # app_label.model.field
    values: int = 0
    current: int = 0  # already under the newest key
    rotated: int = 0
    skipped: int = 0  # changed by the site between reading and writing: left as written
    unreadable: list[int] = field(default_factory=list)


def _batches(table: str, column: str, size: int) -> Iterator[list[tuple[int, str]]]:
    qn = connection.ops.quote_name
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {qn(column)} FROM {qn(table)} WHERE id > %s "  # noqa: S608
                f"AND {qn(column)} IS NOT NULL ORDER BY id LIMIT %s",
                [last, size],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _targets() -> list[tuple[str, str, str]]:
    return [
        (f"{model._meta.label_lower}.{f.name}", model._meta.db_table, f.column)
        for model, f in encrypted_fields()
    ]


def check(batch: int, keys: tuple[str, ...] | None = None) -> list[FieldCount]:
    """Every stored value opened with ``keys`` (default: the configured ones); raises
    :class:`KeysCannotOpen` naming the field, the count and the first rows if any cannot."""
    keys = keys or field_keys()
    every, newest = multi(keys), Fernet(keys[0])
    counts = []
    for label, table, column in _targets():
        count = FieldCount(label)
        for rows in _batches(table, column, batch):
            for pk, token in rows:
                count.values += 1
                raw = token.encode("ascii")
                try:
                    newest.decrypt(raw)
                    count.current += 1
                    continue
                except InvalidToken:
                    pass
                try:
                    every.decrypt(raw)
                except InvalidToken:
                    count.unreadable.append(pk)
        counts.append(count)
    bad = [c for c in counts if c.unreadable]
    if bad:
        raise KeysCannotOpen(
            "; ".join(
                f"CADRE_FIELD_KEYS opens none of {len(c.unreadable)} of the {c.values} values "
                f"of {c.label} (rows {', '.join(map(str, c.unreadable[:5]))}"
                f"{', …' if len(c.unreadable) > 5 else ''})"
                for c in bad
            )
            + ". The key they were written with is not in the list: put the new key first "
            "and keep the old ones after it until the rotation has run. Nothing was written."
        )
    return counts


def _write(table: str, column: str, changes: list[tuple[int, str, str]]) -> int:
    """``column = new`` where ``id`` and ``column = old`` still match; how many did."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {qn(table)} t SET {qn(column)} = v.new FROM (SELECT "  # noqa: S608
                "unnest(%s::bigint[]) AS id, unnest(%s::text[]) AS old, "
                "unnest(%s::text[]) AS new) v "
                f"WHERE t.id = v.id AND t.{qn(column)} = v.old",
                [[c[0] for c in changes], [c[1] for c in changes], [c[2] for c in changes]],
            )
            return int(cursor.rowcount)
        written = 0
        for pk, old, new in changes:
            cursor.execute(
                f"UPDATE {qn(table)} SET {qn(column)} = %s "  # noqa: S608
                f"WHERE id = %s AND {qn(column)} = %s",
                [new, pk, old],
            )
            written += cursor.rowcount
        return written


def rotate(batch: int, progress: Progress | None = None) -> list[FieldCount]:
    """Check every value opens (nothing written otherwise), then re-encrypt under the newest
    key, a batch per transaction, every value that is not under it yet."""
    counts = check(batch)
    keys = field_keys()
    every, newest = multi(keys), Fernet(keys[0])
    for count, (_label, table, column) in zip(counts, _targets(), strict=True):
        count.current = 0
        done = 0
        for rows in _batches(table, column, batch):
            changes = []
            for pk, token in rows:
                raw = token.encode("ascii")
                try:
                    newest.decrypt(raw)
                    count.current += 1
                except InvalidToken:
                    changes.append((pk, token, every.rotate(raw).decode("ascii")))
            if changes:
                with transaction.atomic():
                    written = _write(table, column, changes)
                count.rotated += written
                count.skipped += len(changes) - written
            done += len(rows)
            if progress:
                progress(count.label, done, count.values)
    return counts


def summary(counts: list[FieldCount]) -> dict[str, Any]:
    return {
        c.label: {
            "values": c.values,
            "rotated": c.rotated,
            "already_current": c.current,
            "changed_meanwhile": c.skipped,
        }
        for c in counts
    }
