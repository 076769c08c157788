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

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from cadre.core.audit import AuditEntry, audit_record_many
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.imports import (
    MAX_ERRORS_KEPT,
    CellError,
    ImportReport,
    RowError,
    check_header,
    count_rows,
    csv_delimiter,
    read_table,
)
from cadre.people import identifiers

log = logging.getLogger(__name__)

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


class _BulkPeople:
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
                self.tell(done, size, _("Reading the file"))
        log.info("bulk import: %.2f s to COPY %s bytes", time.perf_counter() - started, done)

    # --- 2. checks --------------------------------------------------------------------------

    def check(self, index: dict[str, int]) -> None:
        spec = self.spec
        report = self.report
        # Hash joins and aggregates over the file stay in memory (the default is 4 MB).
        self.sql("SET LOCAL work_mem = '64MB'")
        # Steps: one per column parsed by value, the references, the checked rows, the errors.
        steps = len(spec.columns) + 3
        self.tell(0, steps, _("Checking rows"))

        def trimmed(name: str) -> str:
            i = index.get(name)
            if i is None:
                return "NULL::text"
            # As the row-by-row reader: trimmed, and the apostrophe an export put before a
            # formula character dropped (core.imports.unescape_cell).
            cell = f"btrim(c{i}, {self.lit(SPACE)})"
            return f"NULLIF(regexp_replace({cell}, {self.lit(ESCAPED_RE)}, ''), '')"

        cells = ", ".join(f"{trimmed(c.name)} AS {c.name}" for c in spec.columns)
        everything = " || ".join(f"coalesce(c{i}, '')" for i in range(self.width)) or "''"
        self.sql("DROP TABLE IF EXISTS cadre_rows")
        self.sql(
            f"CREATE TEMP TABLE cadre_rows ON COMMIT DROP AS SELECT row_no + 1 AS row, {cells} "
            f"FROM cadre_stage WHERE btrim({everything}, {self.lit(SPACE)}) <> ''"
        )
        self.sql("DROP TABLE cadre_stage")

        # Parsed once per distinct value, by the column's own parser.
        parsed = [c for c in spec.columns if c.name not in TEXT_LIMITS and c.name not in SQL_RULES]
        for column in parsed:
            values = [
                v
                for (v,) in self.sql(
                    f"SELECT DISTINCT {column.name} FROM cadre_rows WHERE {column.name} IS NOT NULL"
                ).fetchall()
            ]
            verdicts: list[tuple[str, str | None, str | None]] = []
            for value in values:
                try:
                    verdicts.append((value, _canonical(column.parse(value)), None))
                except CellError as exc:
                    verdicts.append((value, None, str(exc)))
            self._load(f"cadre_v_{column.name}", verdicts)
            self.tell(1 + parsed.index(column), steps, _("Checking rows"))

        required = _("This field is required.")
        phase1 = []
        for column in spec.columns:
            name = column.name
            checks = (
                [f"WHEN r.{name} IS NULL THEN {self.err(name, required)}"]
                if column.required
                else [f"WHEN r.{name} IS NULL THEN NULL"]
            )
            if name in TEXT_LIMITS or name in SQL_RULES:
                for condition, message in self._rules(name):
                    checks.append(f"WHEN {condition} THEN {self.err(name, message)}")
            else:
                checks.append(
                    f"WHEN v_{name}.error IS NOT NULL THEN {self.lit(name + SEP)} || v_{name}.error"
                )
            phase1.append("CASE " + " ".join(checks) + " END")
        # After the row's cells, as the row-by-row path reports it.
        repeats = _("Repeats row %(row)s of this file.") % {"row": "\x00"}
        phase1.append(
            "CASE WHEN d.first_row IS NOT NULL AND d.first_row <> r.row THEN "
            + self.err_with(spec.key, repeats, "d.first_row")
            + " END"
        )
        joins = " ".join(
            f"LEFT JOIN cadre_v_{c.name} v_{c.name} ON v_{c.name}.raw = r.{c.name}" for c in parsed
        )
        typed = ", ".join(f"v_{c.name}.value AS {c.name}_v" for c in parsed)
        flags = ", ".join(f"v_{c.name}.error IS NOT NULL AS {c.name}_bad" for c in parsed)
        # The first row of each identifier that appears more than once (valid ones only,
        # like the row-by-row path, which keys only rows whose identifier parsed).
        self.sql("DROP TABLE IF EXISTS cadre_dupes")
        self.sql(
            "CREATE TEMP TABLE cadre_dupes ON COMMIT DROP AS SELECT personal_id, min(row) AS "
            f"first_row FROM cadre_rows WHERE personal_id ~ {self.lit(PERSONAL_ID_RE)} "
            "GROUP BY personal_id HAVING count(*) > 1"
        )

        # References, resolved per distinct value by the import's own lookups.
        orgs = spec.lookup_organisations(self._distinct("organisation_code"))
        self._load(
            "cadre_r_org",
            [(code, org.pk if org else None, error or None) for code, (org, error) in orgs.items()],
        )
        self._identifiers(orgs)
        posts = spec.lookup_posts(self._distinct("post_code"))
        self._load(
            "cadre_r_post",
            [(code, p.pk if p else None, error or None) for code, (p, error) in posts.items()],
        )
        specs = spec.lookup_specialties(self._distinct("specialty_code"))
        self._load(
            "cadre_r_spec",
            [(code, s.pk if s else None, error or None) for code, (s, error) in specs.items()],
        )
        outside = self._existing_outside_scope()
        self.tell(steps - 3, steps, _("Checking references"))

        overlap = spec.overlap_message(_PlaceholderDate())
        # Checked also on rows with refused cells (every problem of a row is reported), but
        # never on a cell refused already.
        phase2 = [
            "CASE WHEN o.error IS NOT NULL AND NOT x.organisation_code_bad THEN "
            f"{self.lit('organisation_code' + SEP)} || o.error END",
            f"CASE WHEN e.organisation_id = ANY({self.lit(outside)}::bigint[]) "
            "AND (x.dup_first IS NULL OR x.dup_first = x.row) THEN "
            f"{self.err('personal_id', spec.outside_scope_message())} END",
        ]
        phase2_rest = [
            "CASE WHEN x.post_code IS NOT NULL AND p.error IS NOT NULL "
            "AND NOT x.post_code_bad THEN "
            f"{self.lit('post_code' + SEP)} || p.error END",
            f"CASE WHEN x.post_code IS NOT NULL AND x.post_start IS NULL THEN "
            f"{self.err('post_start', spec.post_start_message())} "
            "WHEN x.post_code IS NOT NULL AND x.post_start_v::date < x.birth_date_v::date THEN "
            f"{self.err('post_start', spec.before_birth_message())} END",
            "CASE WHEN x.education_level_bad OR x.specialty_code_bad THEN NULL "
            "WHEN (x.education_level IS NULL) <> (x.specialty_code IS NULL) THEN "
            f"{self.err('specialty_code', spec.both_message())} "
            f"WHEN x.specialty_code IS NOT NULL AND s.error IS NOT NULL THEN "
            f"{self.lit('specialty_code' + SEP)} || s.error END",
            "CASE WHEN a.post_id <> p.id AND a.start_date >= x.post_start_v::date THEN "
            + self.err_with("post_start", overlap, "a.start_date")
            + " END",
        ]
        self.sql("DROP TABLE IF EXISTS cadre_checked")
        self.sql(
            "CREATE TEMP TABLE cadre_checked ON COMMIT DROP AS "
            "SELECT x.*, o.id AS org_id, p.id AS post_id, s.id AS specialty_id, "
            "e.id AS emp_id, a.id AS open_id, a.post_id AS open_post_id, "
            f"array_remove(ARRAY[{', '.join(phase2)}], NULL) "
            # The identifier's problems (``_identifiers``), after the organisation's, as the
            # row-by-row path reports them; not on a row that repeats an earlier one.
            "|| CASE WHEN x.dup_first IS NULL OR x.dup_first = x.row "
            "THEN coalesce(i.errors, '{}'::text[]) ELSE '{}'::text[] END "
            f"|| array_remove(ARRAY[{', '.join(phase2_rest)}], NULL) AS errors2 "
            f"FROM (SELECT r.*, {typed}, {flags}, d.first_row AS dup_first, "
            f"array_remove(ARRAY[{', '.join(phase1)}], NULL) AS errors1 "
            f"FROM cadre_rows r {joins} LEFT JOIN cadre_dupes d ON d.personal_id = r.personal_id"
            ") x "
            "LEFT JOIN cadre_r_org o ON o.raw = x.organisation_code "
            "LEFT JOIN cadre_r_post p ON p.raw = x.post_code "
            "LEFT JOIN cadre_r_spec s ON s.raw = x.specialty_code "
            "LEFT JOIN cadre_r_pid i ON i.personal_id = x.personal_id "
            "AND i.birth_date = coalesce(x.birth_date_v, '') "
            "AND i.gender = coalesce(x.gender_v, '') "
            "AND i.org = x.organisation_code "
            "LEFT JOIN people_employee e ON e.personal_id = x.personal_id "
            "LEFT JOIN people_assignment a ON a.employee_id = e.id AND a.kind = 'main' "
            "AND a.end_date IS NULL"
        )
        self.sql("DROP TABLE cadre_rows")
        self.tell(steps - 2, steps, _("Checking references"))
        rows, good, errors = self.sql(
            "SELECT count(*), count(*) FILTER (WHERE cardinality(errors1) + cardinality(errors2) "
            "= 0), coalesce(sum(cardinality(errors1) + cardinality(errors2)), 0) "
            "FROM cadre_checked"
        ).fetchone()
        report.rows = rows
        report.good_rows = good
        report.error_count = int(errors)
        # The row-by-row order: cell errors by row, then reference errors by row.
        for row, error in self.sql(
            "SELECT row, error FROM ("
            "SELECT 1 AS phase, row, n, error FROM cadre_checked, "
            "unnest(errors1) WITH ORDINALITY AS t(error, n) WHERE cardinality(errors1) > 0 "
            "UNION ALL SELECT 2, row, n, error FROM cadre_checked, "
            "unnest(errors2) WITH ORDINALITY AS t(error, n) WHERE cardinality(errors2) > 0"
            f") e ORDER BY phase, row, n LIMIT {MAX_ERRORS_KEPT}"
        ).fetchall():
            column, _sep, message = error.partition(SEP)
            report.errors.append(RowError(row, column, message))
        self.sql("DELETE FROM cadre_checked WHERE cardinality(errors1) + cardinality(errors2) > 0")
        self.tell(steps, steps, _("Checking references"))

    def _rules(self, name: str) -> list[tuple[str, str]]:
        if name in TEXT_LIMITS:
            limit = TEXT_LIMITS[name]
            return [
                (
                    f"length(r.{name}) > {limit}",
                    _("Longer than %(max)s characters.") % {"max": limit},
                )
            ]
        return SQL_RULES[name](self, f"r.{name}")

    def _distinct(self, name: str) -> set[str]:
        return {
            v
            for (v,) in self.sql(
                f"SELECT DISTINCT {name} FROM cadre_rows WHERE {name} IS NOT NULL"
            ).fetchall()
        }

    def _load(self, table: str, rows: list[tuple[Any, Any, Any]]) -> None:
        """A small table ``(raw, value/id, error)`` of verdicts per distinct value."""
        kind = "bigint" if table.startswith("cadre_r_") else "text"
        column = "id" if kind == "bigint" else "value"
        self.sql(f"DROP TABLE IF EXISTS {table}")
        self.sql(
            f"CREATE TEMP TABLE {table} (raw text PRIMARY KEY, {column} {kind}, error text) "
            "ON COMMIT DROP"
        )
        with self.cursor.copy(f"COPY {table} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        self.sql(f"ANALYZE {table}")

    def _identifiers(self, orgs: dict[str, tuple[Any, str]]) -> None:
        """The problems of each distinct (identifier, birth date, sex, organisation) whose
        organisation names a country, by the checker the row-by-row path runs (decision
        0015), in a small table ``cadre_r_pid`` holding the tuples that have any."""
        countries = identifiers.countries_by_code(orgs)
        self.sql("DROP TABLE IF EXISTS cadre_r_pid")
        self.sql(
            "CREATE TEMP TABLE cadre_r_pid (personal_id text, birth_date text, gender text, "
            "org text, errors text[]) ON COMMIT DROP"
        )
        if not countries:
            return
        found = self.sql(
            "SELECT DISTINCT r.personal_id, b.value, g.value, r.organisation_code "
            "FROM cadre_rows r LEFT JOIN cadre_v_birth_date b ON b.raw = r.birth_date "
            "LEFT JOIN cadre_v_gender g ON g.raw = r.gender "
            f"WHERE r.personal_id ~ {self.lit(PERSONAL_ID_RE)} AND r.organisation_code = ANY(%s)",
            [list(countries)],
        ).fetchall()
        with self.cursor.copy("COPY cadre_r_pid FROM STDIN") as copy:
            for pid, born, sex, org in found:
                values = {
                    "personal_id": pid,
                    "organisation_code": org,
                    "birth_date": dt.date.fromisoformat(born) if born else None,
                    "gender": sex,
                }
                problems = identifiers.import_row_problems(values, frozenset(), countries)
                errors = [f"personal_id{SEP}{m}" for m in problems]
                if errors:
                    copy.write_row((pid, born or "", sex or "", org, errors))
        self.sql("ANALYZE cadre_r_pid")

    def _existing_outside_scope(self) -> list[int]:
        """Organisations of people already on file that this user may not keep records of."""
        from cadre.orgs.models import Organisation

        ids = [
            i
            for (i,) in self.sql(
                "SELECT DISTINCT e.organisation_id FROM cadre_rows r "
                "JOIN people_employee e ON e.personal_id = r.personal_id"
            ).fetchall()
        ]
        return [o.pk for o in Organisation.objects.filter(pk__in=ids) if not self.spec.may_keep(o)]

    # --- 3. writing -------------------------------------------------------------------------

    def write(self, name: str) -> None:
        report = self.report
        actor_id = self.actor.pk
        self.tell(0, report.good_rows, _("Writing"))
        entries: list[AuditEntry] = []
        new_values = (
            "c.personal_id, c.last_name, c.first_name, coalesce(c.middle_name, ''), "
            "c.birth_date_v::date, c.gender_v, coalesce(c.email, ''), coalesce(c.phone, ''), "
            "c.org_id"
        )
        columns = (
            "personal_id, last_name, first_name, middle_name, birth_date, gender, email, "
            "phone, organisation_id"
        )
        # People on file whose record changes: the diff of each, then one UPDATE.
        changed = self.sql(
            f"SELECT e.id, o.path, {', '.join('e.' + c for c in columns.split(', '))}, "
            f"{new_values} FROM cadre_checked c JOIN people_employee e ON e.id = c.emp_id "
            "JOIN orgs_organisation o ON o.id = c.org_id "
            f"WHERE ({', '.join('e.' + c for c in columns.split(', '))}) IS DISTINCT FROM "
            f"({new_values}) ORDER BY c.row"
        ).fetchall()
        names = columns.split(", ")
        width = len(names)
        for pk, path, *values in changed:
            before = dict(zip(names, values[:width], strict=True))
            after = dict(zip(names, values[width:], strict=True))
            changes = {
                ("organisation" if k == "organisation_id" else k): [before[k], after[k]]
                for k in names
                if before[k] != after[k]
            }
            entries.append(
                AuditEntry(
                    action="update",
                    object_type="people.employee",
                    object_id=str(pk),
                    object_repr=_person(after),
                    organisation_path=path,
                    changes=changes,
                )
            )
        if changed:
            self.sql(
                f"UPDATE people_employee e SET ({columns}, updated_at, updated_by_id) = "
                f"({new_values}, now(), %s) FROM cadre_checked c WHERE e.id = c.emp_id AND "
                f"({', '.join('e.' + c for c in names)}) IS DISTINCT FROM ({new_values})",
                [actor_id],
            )
        report.updated = len(changed)

        # New people: one INSERT; their ids kept to attach posts and education.
        self.sql("DROP TABLE IF EXISTS cadre_new")
        self.sql("CREATE TEMP TABLE cadre_new (id bigint, row bigint) ON COMMIT DROP")
        self.sql(
            "WITH ins AS (INSERT INTO people_employee (created_at, updated_at, created_by_id, "
            f"updated_by_id, is_active, {columns}) SELECT now(), now(), %s, %s, true, "
            f"{new_values} FROM cadre_checked c WHERE c.emp_id IS NULL ORDER BY c.row "
            "RETURNING id, personal_id) "
            "INSERT INTO cadre_new SELECT ins.id, c.row FROM ins "
            "JOIN cadre_checked c ON c.personal_id = ins.personal_id",
            [actor_id, actor_id],
        )
        report.created = self.sql("SELECT count(*) FROM cadre_new").fetchone()[0]
        self.tell(report.created + report.updated, report.good_rows, _("Writing"))

        # Main posts: close the previous open main post of people on file, then open the new.
        closing = self.sql(
            f"SELECT {ON_FILE}, op.title, (c.post_start_v::date - 1) {ON_FILE_FROM} "
            "JOIN people_assignment a ON a.id = c.open_id JOIN orgs_post op ON op.id = a.post_id "
            "WHERE c.post_id IS NOT NULL AND c.open_post_id <> c.post_id ORDER BY c.row"
        ).fetchall()
        for *person, title, end in closing:
            entries.append(
                _person_entry(
                    "assignment.end", person, {"post": [title, None], "end_date": [None, end]}
                )
            )
        if closing:
            self.sql(
                "UPDATE people_assignment a SET end_date = c.post_start_v::date - 1 "
                "FROM cadre_checked c WHERE a.id = c.open_id AND c.post_id IS NOT NULL "
                "AND c.open_post_id <> c.post_id"
            )
        starting = self.sql(
            f"SELECT {ON_FILE}, p.title, c.post_start_v {ON_FILE_FROM} "
            "JOIN orgs_post p ON p.id = c.post_id "
            f"WHERE {NEW_POST_FOR_ONE_ON_FILE} ORDER BY c.row"
        ).fetchall()
        for *person, title, start in starting:
            entries.append(
                _person_entry(
                    "assignment.start",
                    person,
                    {
                        "post": [None, title],
                        "kind": [None, "main"],
                        "start_date": [None, start],
                        "end_date": [None, None],
                    },
                )
            )
        if starting:
            self.sql(
                "INSERT INTO people_assignment (employee_id, post_id, kind, start_date) "
                "SELECT c.emp_id, c.post_id, 'main', c.post_start_v::date FROM cadre_checked c "
                f"WHERE {NEW_POST_FOR_ONE_ON_FILE}"
            )
        new_posts = self.sql(
            "INSERT INTO people_assignment (employee_id, post_id, kind, start_date) "
            "SELECT n.id, c.post_id, 'main', c.post_start_v::date FROM cadre_new n "
            "JOIN cadre_checked c ON c.row = n.row WHERE c.post_id IS NOT NULL"
        ).rowcount

        # Education not yet on file.
        adding = self.sql(
            f"SELECT {ON_FILE}, c.education_level_v::int, c.specialty_code, "
            "coalesce(c.institution, ''), c.graduation_year_v::int "
            f"{ON_FILE_FROM} WHERE {NEW_EDUCATION_FOR_ONE_ON_FILE} ORDER BY c.row"
        ).fetchall()
        for *person, level, specialty, institution, year in adding:
            entries.append(
                _person_entry(
                    "education.add",
                    person,
                    {
                        "level": [None, level],
                        "specialty": [None, specialty],
                        "institution": [None, institution],
                        "year": [None, year],
                    },
                )
            )
        education_sql = (
            "INSERT INTO people_education (employee_id, level, specialty_id, institution, year) "
            "SELECT {who}, c.education_level_v::int, c.specialty_id, "
            "coalesce(c.institution, ''), c.graduation_year_v::int FROM {source} WHERE {where}"
        )
        if adding:
            self.sql(
                education_sql.format(
                    who="c.emp_id", source="cadre_checked c", where=NEW_EDUCATION_FOR_ONE_ON_FILE
                )
            )
        new_education = self.sql(
            education_sql.format(
                who="n.id",
                source="cadre_new n JOIN cadre_checked c ON c.row = n.row",
                where="c.specialty_id IS NOT NULL",
            )
        ).rowcount

        touched = {e.object_id for e in entries}
        report.unchanged = report.good_rows - report.created - len(touched)
        if report.created:
            entries.append(self._created_event(name, new_posts, new_education))
        started = time.perf_counter()
        audit_record_many(actor=self.actor, entries=entries, source=AuditSource.WEB)
        log.info(
            "bulk import: %.2f s to audit %s events", time.perf_counter() - started, len(entries)
        )
        self.tell(report.good_rows, report.good_rows, _("Writing"))

    def _created_event(self, name: str, posts: int, education: int) -> AuditEntry:
        ranges = [
            [low, high]
            for low, high in self.sql(
                "SELECT min(id), max(id) FROM (SELECT id, id - row_number() OVER (ORDER BY id) "
                "AS run FROM cadre_new) r GROUP BY run ORDER BY 1"
            ).fetchall()
        ]
        paths = [  # of the organisations the file names (a superset of those of new people)
            p
            for (p,) in self.sql(
                "SELECT o.path FROM cadre_r_org r JOIN orgs_organisation o ON o.id = r.id "
                "WHERE r.error IS NULL"
            ).fetchall()
        ]
        return AuditEntry(
            action="import",
            object_type="people.employee",
            object_id="",
            object_repr=_("%(count)s people imported from %(file)s")
            % {"count": self.report.created, "file": name},
            organisation_path=_common_path(paths),
            changes={
                "file": name,
                "sha256": self.digest.hexdigest(),
                "created": self.report.created,
                "employee_ids": ranges,
                "assignments": posts,
                "education": education,
            },
        )


def _email_rules(job: _BulkPeople, cell: str) -> list[tuple[str, str]]:
    return [
        (f"(length({cell}) > 254 OR {cell} !~ {job.lit(EMAIL_RE)})", _("Not an e-mail address."))
    ]


def _personal_id_rules(job: _BulkPeople, cell: str) -> list[tuple[str, str]]:
    return [
        (
            f"{cell} !~ {job.lit(PERSONAL_ID_RE)}",
            _("An identifier has 4 to 32 letters, digits or '-'."),
        )
    ]


def _institution_rules(job: _BulkPeople, cell: str) -> list[tuple[str, str]]:
    limit = TEXT_LIMITS_INSTITUTION
    return [(f"length({cell}) > {limit}", _("Longer than %(max)s characters.") % {"max": limit})]


SQL_RULES: dict[str, Callable[[_BulkPeople, str], list[tuple[str, str]]]] = {
    "personal_id": _personal_id_rules,
    "email": _email_rules,
    "institution": _institution_rules,
}


# A person on file as ``_person_entry`` takes it, and where it comes from.
ON_FILE = "e.id, e.last_name, e.first_name, e.middle_name, o.path"
ON_FILE_FROM = (
    "FROM cadre_checked c JOIN people_employee e ON e.id = c.emp_id "
    "JOIN orgs_organisation o ON o.id = e.organisation_id"
)

# Rows of people already on file that bring a post or education they do not have yet.
NEW_POST_FOR_ONE_ON_FILE = (
    "c.emp_id IS NOT NULL AND c.post_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
    "people_assignment a WHERE a.employee_id = c.emp_id AND a.post_id = c.post_id "
    "AND a.end_date IS NULL)"
)
NEW_EDUCATION_FOR_ONE_ON_FILE = (
    "c.emp_id IS NOT NULL AND c.specialty_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
    "people_education d WHERE d.employee_id = c.emp_id AND d.level = c.education_level_v::int "
    "AND d.specialty_id = c.specialty_id)"
)


class _PlaceholderDate:
    def isoformat(self) -> str:
        return "\x00"


def _canonical(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _person_entry(action: str, person: list[Any], changes: dict[str, Any]) -> AuditEntry:
    """An audit event on a person on file, from the ``ON_FILE`` columns."""
    pk, last, first, middle, path = person
    return AuditEntry(
        action=action,
        object_type="people.employee",
        object_id=str(pk),
        object_repr=_person({"last_name": last, "first_name": first, "middle_name": middle}),
        organisation_path=path,
        changes=changes,
    )


def _person(values: dict[str, Any]) -> str:
    return " ".join(
        p for p in (values["last_name"], values["first_name"], values["middle_name"]) if p
    )


def _common_path(paths: list[str]) -> str:
    """The deepest organisation path (``/1/42/``) that contains all of ``paths``."""
    common: list[str] = []
    for segments in zip(*(p.strip("/").split("/") for p in paths), strict=False):
        if any(s != segments[0] for s in segments):
            break
        common.append(segments[0])
    return "/" + "/".join(common) + "/" if common else ""
