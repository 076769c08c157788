"""The personal identifier is kept encrypted; found and kept unique through its blind index;
the key rotation re-encrypts and refuses a key list that cannot open the data (decision
0038). On SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from cadre.core import keyrotation
from cadre.core.audit import AuditEvent
from cadre.core.errors import ApplicationError
from cadre.core.imports.runs import import_run
from cadre.core.testing.world import World
from cadre.people import services
from cadre.people.models import Assignment, Employee

OLD = settings.CADRE_FIELD_KEYS[0]
NEW = Fernet.generate_key().decode()
OTHER = Fernet.generate_key().decode()
IDS = ("KZ-0001", "KZ-0002", "VN-0003")


def _raw() -> dict[int, tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, personal_id, personal_id_index FROM people_employee")
        return {pk: (token, index) for pk, token, index in cursor.fetchall()}


def _hmac(value: str) -> str:
    key = settings.CADRE_FIELD_INDEX_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


@pytest.fixture
def people(world: World) -> dict[str, Employee]:
    return {
        pid: services.employee_create(
            actor=world.users["admin"],
            personal_id=pid,
            last_name=f"Person{n}",
            first_name="A",
            birth_date=dt.date(1980, 1, n + 1),
            gender="F",
            organisation=world.orgs["unit_a1"],
        )
        for n, pid in enumerate(IDS)
    }


def test_the_database_holds_ciphertext_and_the_index_of_the_identifier(people: Any) -> None:
    raw = _raw()
    assert len(raw) == 3
    for pid, employee in people.items():
        token, index = raw[employee.pk]
        assert token.startswith("gAAAAA") and pid not in token
        assert Fernet(OLD).decrypt(token.encode()).decode() == pid
        assert index == _hmac(pid)
    # Two people, two tokens of different IVs: equal values do not show as equal.
    assert len({t for t, _i in raw.values()}) == 3
    assert Employee.objects.get(pk=people["KZ-0002"].pk).personal_id == "KZ-0002"


def test_lookup_by_the_exact_identifier_goes_through_the_index(people: Any) -> None:
    assert list(Employee.objects.filter(personal_id="KZ-0002")) == [people["KZ-0002"]]
    assert list(Employee.objects.filter(personal_id=" KZ-0002 ")) == [people["KZ-0002"]]
    assert Employee.objects.filter(personal_id="kz-0002").count() == 0  # as written
    found = Employee.objects.filter(personal_id__in=["KZ-0001", "VN-0003", "XX-9999"])
    assert sorted(e.personal_id for e in found) == ["KZ-0001", "VN-0003"]
    assert Employee.objects.exclude(personal_id="KZ-0001").count() == 2
    assert list(Employee.objects.filter(personal_id__isnull=True)) == []
    related = Assignment.objects.filter(employee__personal_id="KZ-0001")
    assert '"people_employee"."personal_id_index" =' in str(related.query)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_employee WHERE personal_id = %s", ["KZ-0001"])
        assert cursor.fetchone()[0] == 0  # the clear value is nowhere in the table


@pytest.mark.parametrize("lookup", ["icontains", "startswith", "iexact", "gt"])
def test_a_lookup_that_would_read_ciphertext_is_refused(people: Any, lookup: str) -> None:
    with pytest.raises(FieldError, match=f"Unsupported lookup '{lookup}' for EncryptedTextField"):
        Employee.objects.filter(**{f"personal_id__{lookup}": "KZ"}).count()


def test_uniqueness_holds_through_the_index(world: World, people: Any) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.employee_create(
            actor=world.users["admin"],
            personal_id="KZ-0001",
            last_name="Twin",
            first_name="B",
            birth_date=dt.date(1990, 1, 1),
            gender="M",
            organisation=world.orgs["unit_a1"],
        )
    assert caught.value.errors == {"personal_id": ["A person with this identifier already exists."]}
    twin = Employee(
        personal_id="KZ-0001",
        last_name="Twin",
        first_name="B",
        birth_date=dt.date(1990, 1, 1),
        gender="M",
        organisation=world.orgs["unit_a1"],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    assert Employee.objects.count() == 3


def test_a_changed_identifier_changes_its_index_even_with_update_fields(people: Any) -> None:
    employee = people["KZ-0001"]
    employee.personal_id = "KZ-0009"
    employee.save(update_fields=["personal_id"])
    assert _raw()[employee.pk][1] == _hmac("KZ-0009")
    assert Employee.objects.get(personal_id="KZ-0009") == employee
    assert not Employee.objects.filter(personal_id="KZ-0001").exists()


def test_http_form_api_and_export_show_the_identifier_in_clear(
    people: Any, as_user: Any, api_as: Any
) -> None:
    pk = people["KZ-0002"].pk
    assert "KZ-0002" in as_user("hr_a").get(f"/people/{pk}/").content.decode()
    api = api_as("hr_a")
    assert api.get(f"/api/v1/employees/{pk}/").json()["personal_id"] == "KZ-0002"
    found = api.get("/api/v1/employees/", {"q": "VN-0003"}).json()["results"]
    assert [r["personal_id"] for r in found] == ["VN-0003"]
    exported = b"".join(as_user("hr_a").get("/people/?export=csv").streaming_content).decode()
    assert all(pid in exported for pid in IDS)


def test_an_import_writes_ciphertext_and_a_second_import_changes_nothing(
    world: World, people: Any, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "personal_id,last_name,first_name,birth_date,gender,organisation_code\n"
        "KZ-0001,Person0,A,1980-01-01,F,UNIT_A1\n"
        "KZ-0100,New,C,1985-05-05,M,UNIT_A1\n"
    )
    first = import_run(
        actor=world.users["admin"], kind="people", path=path, name=path.name, mode="all"
    )
    assert first.errors == []
    assert (first.created, first.updated, first.unchanged) == (1, 0, 1)
    new = Employee.objects.get(personal_id="KZ-0100")
    token, index = _raw()[new.pk]
    assert Fernet(OLD).decrypt(token.encode()).decode() == "KZ-0100"
    assert index == _hmac("KZ-0100")
    again = import_run(
        actor=world.users["admin"], kind="people", path=path, name=path.name, mode="all"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Employee.objects.count() == 4


def _rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("cadre_rotate_keys", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_rotation_re_encrypts_under_the_new_key_and_the_old_one_can_then_go(
    people: Any,
) -> None:
    before = _raw()
    with override_settings(CADRE_FIELD_KEYS=[NEW, OLD]):
        assert '"already_current": 0' in _rotate("--check")
        assert _raw() == before  # --check writes nothing
        out = _rotate("--batch", "2")
        assert '"rotated": 3' in out and '"already_current": 0' in out
        after = _raw()
        for pk, (token, index) in after.items():
            assert token != before[pk][0] and index == before[pk][1]
            Fernet(NEW).decrypt(token.encode())
            with pytest.raises(InvalidToken):
                Fernet(OLD).decrypt(token.encode())
        again = _rotate()
        assert '"rotated": 0' in again and '"already_current": 3' in again
    with override_settings(CADRE_FIELD_KEYS=[NEW]):
        assert sorted(Employee.objects.values_list("personal_id", flat=True)) == list(IDS)
        assert Employee.objects.get(personal_id="VN-0003") == people["VN-0003"]
    event = AuditEvent.objects.filter(action="keys.rotate").order_by("pk").first()
    assert event is not None and event.source == "cli"
    assert event.changes["people.employee.personal_id"]["rotated"] == 3


def test_a_key_list_that_cannot_open_the_data_is_refused_with_nothing_written(
    people: Any,
) -> None:
    before = _raw()
    pks = sorted(before)
    with override_settings(CADRE_FIELD_KEYS=[OTHER]), pytest.raises(CommandError) as caught:
        _rotate()
    assert str(caught.value) == (
        f"CADRE_FIELD_KEYS opens none of 3 of the 3 values of people.employee.personal_id "
        f"(rows {', '.join(map(str, pks))}). The key they were written with is not in the "
        "list: put the new key first and keep the old ones after it until the rotation has "
        "run. Nothing was written."
    )
    assert _raw() == before
    assert not AuditEvent.objects.filter(action="keys.rotate").exists()


def test_a_value_the_site_changed_during_the_rotation_is_left_as_written(
    people: Any,
) -> None:
    pk = people["KZ-0001"].pk
    token = _raw()[pk][0]
    with override_settings(CADRE_FIELD_KEYS=[NEW, OLD]):
        people["KZ-0001"].save()  # the site writes it again (new key) after the batch read
        assert keyrotation._write("people_employee", "personal_id", [(pk, token, "x")]) == 0
    assert _raw()[pk][0] != "x"


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_rows_kept_in_clear_and_its_reverse_decrypts(
    people: Any,
) -> None:
    from django.db.migrations.executor import MigrationExecutor

    def migrate(target: str) -> None:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([("people", target)])

    expected = {e.pk: pid for pid, e in people.items()}
    migrate("0007_birth_date_can_be_true")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, personal_id FROM people_employee")
        assert dict(cursor.fetchall()) == expected  # in clear, as before the migration
    migrate("0008_encrypted_personal_id")
    raw = _raw()
    assert {pk: Fernet(OLD).decrypt(t.encode()).decode() for pk, (t, _i) in raw.items()} == (
        expected
    )
    assert {pk: i for pk, (_t, i) in raw.items()} == {pk: _hmac(p) for pk, p in expected.items()}


def test_the_persons_data_export_shows_the_identifier_not_its_index() -> None:
    from cadre.core.registry import personal_records
    from cadre.privacy.erasure import export_fields

    spec = next(s for s in personal_records() if s.model == "people.employee")
    fields = export_fields(spec)
    assert "personal_id" in fields
    assert "personal_id_index" not in fields


def test_the_audit_log_keeps_the_index_of_the_identifier_never_the_identifier(
    world: World, people: Any
) -> None:
    employee = people["KZ-0001"]
    services.employee_update(
        actor=world.users["admin"], employee=employee, personal_id="KZ-0009", reason="Typo"
    )
    created = AuditEvent.objects.get(
        action="create", object_type="people.employee", object_id=str(employee.pk)
    )
    assert created.changes["personal_id"] == [None, f"index:{_hmac('KZ-0001')}"]
    changed = AuditEvent.objects.filter(
        action="update", object_type="people.employee", object_id=str(employee.pk)
    ).get()
    assert changed.changes["personal_id"] == [
        f"index:{_hmac('KZ-0001')}",
        f"index:{_hmac('KZ-0009')}",
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT changes FROM core_auditevent")
        dump = " ".join(str(row[0]) for row in cursor.fetchall())
    assert not any(pid in dump for pid in (*IDS, "KZ-0009"))
