"""Step 2 of the set-based import: every row checked in SQL, with the row-by-row path's
errors in the same order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cadre.core.encryption import blind_index
from cadre.core.imports.cells import CellError
from cadre.core.imports.spec import MAX_ERRORS_KEPT, RowError
from cadre.core.jobmessages import job_message
from cadre.people import identifiers
from cadre.people.bulk.base import (
    EMAIL_RE,
    ESCAPED_RE,
    PERSONAL_ID_RE,
    SEP,
    SPACE,
    TEXT_LIMITS,
    TEXT_LIMITS_INSTITUTION,
    _Base,
    _canonical,
    _PlaceholderDate,
)


class _Checks(_Base):
    # --- 2. checks --------------------------------------------------------------------------

    def check(self, index: dict[str, int]) -> None:
        spec = self.spec
        report = self.report
        # Hash joins and aggregates over the file stay in memory (the default is 4 MB).
        self.sql("SET LOCAL work_mem = '64MB'")
        # Steps: one per column parsed by value, the references, the checked rows, the errors.
        steps = len(spec.columns) + 3
        self.tell(0, steps, job_message(gettext_noop("Checking rows")))

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
            self.tell(1 + parsed.index(column), steps, job_message(gettext_noop("Checking rows")))

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
        self._blind_keys()
        outside = self._existing_outside_scope()
        self.tell(steps - 3, steps, job_message(gettext_noop("Checking references")))

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
            "LEFT JOIN cadre_pid_key k ON k.personal_id = x.personal_id "
            "LEFT JOIN people_employee e ON e.personal_id_index = k.idx "
            "LEFT JOIN people_assignment a ON a.employee_id = e.id AND a.kind = 'main' "
            "AND a.end_date IS NULL"
        )
        self.sql("DROP TABLE cadre_rows")
        self.tell(steps - 2, steps, job_message(gettext_noop("Checking references")))
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
        self.tell(steps, steps, job_message(gettext_noop("Checking references")))

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

    def _blind_keys(self) -> None:
        """``cadre_pid_key``: the blind index of each distinct identifier of the file, by
        which people on file are found (their identifiers are encrypted, decision 0038)."""
        self.sql("DROP TABLE IF EXISTS cadre_pid_key")
        self.sql(
            "CREATE TEMP TABLE cadre_pid_key (personal_id text PRIMARY KEY, idx text) "
            "ON COMMIT DROP"
        )
        found = self.sql(
            "SELECT DISTINCT personal_id FROM cadre_rows WHERE personal_id IS NOT NULL"
        ).fetchall()
        with self.cursor.copy("COPY cadre_pid_key FROM STDIN") as copy:
            for (pid,) in found:
                copy.write_row((pid, blind_index(pid)))
        self.sql("ANALYZE cadre_pid_key")

    def _existing_outside_scope(self) -> list[int]:
        """Organisations of people already on file that this user may not keep records of."""
        from cadre.orgs.models import Organisation

        ids = [
            i
            for (i,) in self.sql(
                "SELECT DISTINCT e.organisation_id FROM cadre_rows r "
                "JOIN cadre_pid_key k ON k.personal_id = r.personal_id "
                "JOIN people_employee e ON e.personal_id_index = k.idx"
            ).fetchall()
        ]
        return [o.pk for o in Organisation.objects.filter(pk__in=ids) if not self.spec.may_keep(o)]


def _email_rules(job: _Checks, cell: str) -> list[tuple[str, str]]:
    return [
        (f"(length({cell}) > 254 OR {cell} !~ {job.lit(EMAIL_RE)})", _("Not an e-mail address."))
    ]


def _personal_id_rules(job: _Checks, cell: str) -> list[tuple[str, str]]:
    return [
        (
            f"{cell} !~ {job.lit(PERSONAL_ID_RE)}",
            _("An identifier has 4 to 32 letters, digits or '-'."),
        )
    ]


def _institution_rules(job: _Checks, cell: str) -> list[tuple[str, str]]:
    limit = TEXT_LIMITS_INSTITUTION
    return [(f"length({cell}) > {limit}", _("Longer than %(max)s characters.") % {"max": limit})]


SQL_RULES: dict[str, Callable[[_Checks, str], list[tuple[str, str]]]] = {
    "personal_id": _personal_id_rules,
    "email": _email_rules,
    "institution": _institution_rules,
}
