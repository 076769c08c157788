"""The PostgreSQL path of the people import, for large files (decision 0008).

The file is COPYed into a temporary table as text, then checked set-based: free-text
columns by SQL rules that mirror the parsers (length, the identifier and e-mail patterns);
every other column by running the import's own Python parser once per *distinct* value
and joining the verdicts back; references (organisations, posts, specialties, people
already on file) the same way. The errors are the ones the row-by-row path gives, in the
same order, in the user's language. Writing is ``INSERT … SELECT`` / ``UPDATE … FROM``:

- people already on file that change get one audit event each, with the diff, as in the
  row-by-row path (one lock of the chain head for all of them);
- new people are inserted in one statement and described by one audit event that names
  the file (its SHA-256), the counts, and the id ranges of the records created.

The row-by-row path stays the reference; tests run every import case through both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from cadre.core.errors import ApplicationError
from cadre.core.imports.files import count_rows, csv_delimiter, read_table
from cadre.core.imports.spec import ImportReport, check_header
from cadre.people.bulk.base import Progress
from cadre.people.bulk.checks import _Checks
from cadre.people.bulk.writing import _Writing


class _Rollback(Exception):
    pass


def applies(name: str, path: Path) -> bool:
    """Large CSV files on PostgreSQL take this path; everything else goes row by row."""
    return (
        connection.vendor == "postgresql"
        and name.lower().endswith((".csv", ".txt"))
        and count_rows(path, name) >= settings.CADRE_IMPORT_BULK_ROWS
    )


def run(
    spec: Any, path: Path, name: str, mode: str, report: ImportReport, progress: Progress
) -> bool:
    """Import ``path`` set-based; ``False`` if the file must go row by row after all (COPY
    refused it: ragged rows, broken quoting — the row-by-row reader names the problem)."""
    table = read_table(path, name)  # checks the type and the encoding of the file
    try:
        header = next(table)
    except StopIteration:
        raise ApplicationError(_("The file is empty."), field="file", code="empty") from None
    finally:
        table.close()  # type: ignore[attr-defined]
    index = check_header(spec, header)
    with path.open("rb") as fh:
        delimiter = csv_delimiter(fh.read(64 * 1024))
    size = path.stat().st_size
    try:
        with transaction.atomic():
            job = _BulkPeople(spec, report, progress)
            try:
                with transaction.atomic():
                    job.stage(path, len(header), delimiter, size)
            except (DatabaseError, psycopg.Error):
                return False
            job.check(index)
            if mode == "check" or (mode == "all" and report.error_count) or not report.good_rows:
                raise _Rollback
            job.write(name)
            report.written = True
    except _Rollback:
        pass
    return True


class _BulkPeople(_Checks, _Writing):
    """One set-based import: staged (``base``), checked (``checks``), written (``writing``)."""
