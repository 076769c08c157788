"""Step 3 of the set-based import: ``INSERT … SELECT`` / ``UPDATE … FROM``, audited."""

from __future__ import annotations

import time
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cadre.core.audit import AuditEntry, audit_record_many
from cadre.core.choices import AuditSource
from cadre.core.encryption import blind_index, encrypt
from cadre.core.jobmessages import job_message
from cadre.people.bulk.base import _Base, log


class _Writing(_Base):
    # --- 3. writing -------------------------------------------------------------------------

    def write(self, name: str) -> None:
        report = self.report
        actor_id = self.actor.pk
        self.tell(0, report.good_rows, job_message(gettext_noop("Writing")))
        entries: list[AuditEntry] = []
        # The identifier is not among them: people on file are found by it (its blind
        # index), so it does not change; new people get its token and index (decision 0038).
        new_values = (
            "c.last_name, c.first_name, coalesce(c.middle_name, ''), "
            "c.birth_date_v::date, c.gender_v, coalesce(c.email, ''), coalesce(c.phone, ''), "
            "c.org_id"
        )
        columns = (
            "last_name, first_name, middle_name, birth_date, gender, email, phone, organisation_id"
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
        self._new_tokens()
        self.sql(
            "WITH ins AS (INSERT INTO people_employee (created_at, updated_at, created_by_id, "
            f"updated_by_id, is_active, personal_id, personal_id_index, {columns}) "
            f"SELECT now(), now(), %s, %s, true, t.token, t.idx, {new_values} "
            "FROM cadre_checked c JOIN cadre_pid_new t ON t.personal_id = c.personal_id "
            "WHERE c.emp_id IS NULL ORDER BY c.row "
            "RETURNING id, personal_id_index) "
            "INSERT INTO cadre_new SELECT ins.id, c.row FROM ins "
            "JOIN cadre_pid_new t ON t.idx = ins.personal_id_index "
            "JOIN cadre_checked c ON c.personal_id = t.personal_id",
            [actor_id, actor_id],
        )
        report.created = self.sql("SELECT count(*) FROM cadre_new").fetchone()[0]
        self.tell(
            report.created + report.updated, report.good_rows, job_message(gettext_noop("Writing"))
        )

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
        self.tell(report.good_rows, report.good_rows, job_message(gettext_noop("Writing")))

    def _new_tokens(self) -> None:
        """``cadre_pid_new``: the Fernet token and blind index of each new person's
        identifier, computed here (the keys never reach the database)."""
        self.sql("DROP TABLE IF EXISTS cadre_pid_new")
        self.sql(
            "CREATE TEMP TABLE cadre_pid_new (personal_id text PRIMARY KEY, token text, "
            "idx text) ON COMMIT DROP"
        )
        found = self.sql("SELECT personal_id FROM cadre_checked WHERE emp_id IS NULL").fetchall()
        with self.cursor.copy("COPY cadre_pid_new FROM STDIN") as copy:
            for (pid,) in found:
                copy.write_row((pid, encrypt(pid), blind_index(pid)))
        self.sql("ANALYZE cadre_pid_new")

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
