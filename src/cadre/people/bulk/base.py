"""The set-based import's shared ground: the SQL rules' constants, the job's helpers and
step 1, the file COPYed into a temporary table."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils.translation import gettext_noop

from cadre.core.imports.spec import ImportReport
from cadre.core.jobmessages import job_message

log = logging.getLogger("cadre.people.bulk")  # one logger for the whole path

Progress = Callable[[int, int, str], None] | None

SEP = "\x1f"  # between the column and the message of an error inside SQL arrays
# What Python's str.strip() removes that a spreadsheet is likely to leave in a cell.
SPACE = " \t\r\n\x0b\x0c\xa0\u2007\u202f\u3000"

PERSONAL_ID_RE = r"^[A-Za-z0-9\-]{4,32}$"
# The apostrophe an export put before a formula character (core.imports.unescape_cell).
ESCAPED_RE = "^'(?='*[=+\\-@\t\r])"
EMAIL_RE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

# Free-text columns are checked in SQL (one distinct value per row would make the
# per-value parsing pointless); the rule must say what the column's parser says.
TEXT_LIMITS = {"last_name": 100, "first_name": 100, "middle_name": 100, "phone": 32}
TEXT_LIMITS_INSTITUTION = 255


class _Base:
    """One import's connection, report and progress; the helpers every step uses."""

    def __init__(self, spec: Any, report: ImportReport, progress: Progress) -> None:
        self.spec = spec
        self.actor = spec.actor
        self.report = report
        self.progress = progress
        self.cursor = connection.cursor()
        self.digest = hashlib.sha256()

    # --- helpers ----------------------------------------------------------------------------

    def sql(self, query: str, params: list[Any] | None = None) -> Any:
        started = time.perf_counter()
        self.cursor.execute(query, params)
        took = time.perf_counter() - started
        if took > 0.2:
            log.info("bulk import: %.2f s for %s", took, " ".join(query.split())[:120])
        return self.cursor

    def lit(self, value: Any) -> str:
        """A literal for statements that take no parameters (CREATE TABLE … AS)."""
        from psycopg import sql

        return sql.Literal(value).as_string(connection.connection)

    def err(self, column: str, message: str) -> str:
        return self.lit(f"{column}{SEP}{message}")

    def err_with(self, column: str, template: str, value_sql: str) -> str:
        """An error whose message has a value from the row in it."""
        before, _mark, after = template.partition("\x00")
        return f"{self.lit(column + SEP + before)} || ({value_sql})::text || {self.lit(after)}"

    def tell(self, done: int, total: int, what: str) -> None:
        if self.progress is not None:
            self.progress(done, total, what)

    # --- 1. the file into a temporary table -------------------------------------------------

    def stage(self, path: Path, width: int, delimiter: str, size: int) -> None:
        cols = [f"c{i}" for i in range(width)]
        self.width = width
        self.sql("DROP TABLE IF EXISTS cadre_stage")
        self.sql(
            "CREATE TEMP TABLE cadre_stage (row_no bigint GENERATED ALWAYS AS IDENTITY, "
            + ", ".join(f"{c} text" for c in cols)
            + ") ON COMMIT DROP"
        )
        copy_sql = (
            f"COPY cadre_stage ({', '.join(cols)}) FROM STDIN "
            f"WITH (FORMAT csv, HEADER true, DELIMITER {self.lit(delimiter)})"
        )
        done = 0
        started = time.perf_counter()
        with path.open("rb") as fh, self.cursor.copy(copy_sql) as copy:
            while chunk := fh.read(1 << 20):
                self.digest.update(chunk)
                copy.write(chunk)
                done += len(chunk)
                self.tell(done, size, job_message(gettext_noop("Reading the file")))
        log.info("bulk import: %.2f s to COPY %s bytes", time.perf_counter() - started, done)


class _PlaceholderDate:
    def isoformat(self) -> str:
        return "\x00"


def _canonical(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
