"""The audit log is append-only and tamper-evident."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from cadre.core.audit import audit_record, audit_verify
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.orgs.services import organisation_update


@contextmanager
def trigger_bypassed() -> Iterator[None]:
    """What an attacker with database superuser rights could do: switch the guard off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only"
            )
        else:
            cursor.execute("DROP TRIGGER core_auditevent_append_only")
    yield


def test_every_change_in_the_world_is_chained_and_verifies(world: World) -> None:
    report = audit_verify()
    assert report.ok
    assert report.checked == AuditEvent.objects.count()
    # 5 organisations, 9 users, 7 role grants, 1 bootstrap grant of the national admin
    assert report.checked == 5 + 9 + 7 + 1
    events = list(AuditEvent.objects.order_by("id"))
    assert events[0].prev_hash == "0" * 64
    assert all(e.prev_hash == p.hash for p, e in itertools.pairwise(events))


def test_an_update_records_old_and_new_values_with_the_actor(world: World) -> None:
    org = organisation_update(
        actor=world.users["hr_a"],
        organisation=world.orgs["unit_a1"],
        name="IT unit",
        reason="restructuring order 12",
    )
    event = AuditEvent.objects.filter(object_id=str(org.pk), action="update").get()
    assert event.changes == {"name": ["Unit A1", "IT unit"]}
    assert event.actor_repr == "hr_a"
    assert event.reason == "restructuring order 12"
    assert event.organisation_path == org.path


def test_the_database_refuses_to_edit_an_event(world: World) -> None:
    event = AuditEvent.objects.order_by("id").first()
    assert event is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="nothing happened")
    event.refresh_from_db()
    assert event.reason != "nothing happened"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_an_edited_event_is_found_by_verification(world: World) -> None:
    events = list(AuditEvent.objects.order_by("id"))
    target = events[7]
    with trigger_bypassed():
        AuditEvent.objects.filter(pk=target.pk).update(actor_repr="someone-else")
    report = audit_verify()
    assert not report.ok
    assert report.first_broken_id == target.pk
    assert report.reason == "content"
    assert report.checked == 7


def test_a_deleted_event_is_found_by_verification(world: World) -> None:
    events = list(AuditEvent.objects.order_by("id"))
    with trigger_bypassed():
        AuditEvent.objects.filter(pk=events[3].pk).delete()
    report = audit_verify()
    assert report.first_broken_id == events[4].pk
    assert report.reason == "link"


def test_a_deleted_last_event_is_found_by_the_head(world: World) -> None:
    last = AuditEvent.objects.order_by("-id").first()
    assert last is not None
    with trigger_bypassed():
        AuditEvent.objects.filter(pk=last.pk).delete()
    report = audit_verify()
    assert report.first_broken_id == last.pk
    assert report.reason == "head"


def test_the_command_names_the_first_broken_event_and_exits_1(world: World, capsys) -> None:
    target = AuditEvent.objects.order_by("id")[2]
    with trigger_bypassed():
        AuditEvent.objects.filter(pk=target.pk).update(changes={"name": ["x", "y"]})
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 1
    assert f"chain main: BROKEN at event {target.pk} (content)" in capsys.readouterr().out


def test_the_command_reports_an_intact_chain(world: World, capsys) -> None:
    call_command("audit_verify")
    assert capsys.readouterr().out.strip() == f"chain main: OK, {AuditEvent.objects.count()} events"


@pytest.mark.django_db(transaction=True)
def test_an_event_cannot_be_written_outside_a_transaction() -> None:
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_record(actor=None, action="x", object_type="t", object_id="1")


def test_a_failed_change_leaves_no_audit_event(world: World) -> None:
    from cadre.core.errors import ApplicationError

    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError):
        organisation_update(
            actor=world.users["admin"],
            organisation=world.orgs["body_a"],
            parent=world.orgs["unit_a1"],  # under its own child: refused
        )
    assert AuditEvent.objects.count() == before
    world.orgs["body_a"].refresh_from_db()
    assert world.orgs["body_a"].parent_id == world.orgs["country"].pk


def test_verification_runs_as_a_job_with_its_result(
    as_user, world: World, django_capture_on_commit_callbacks
) -> None:
    from cadre.core.models import Job

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("auditor").post("/audit/verify/")
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.status == "succeeded"
    assert job.result == {
        "main": {
            "checked": AuditEvent.objects.count(),
            "ok": True,
            "first_broken_id": None,
            "reason": "",
        }
    }
    page = as_user("auditor").get(job.get_absolute_url())
    assert page.status_code == 200
    assert 'value="100"' in page.content.decode()


@pytest.mark.parametrize("username", ["auditor", "auditor_a", "admin"])
def test_whoever_reads_the_log_verifies_it_through_the_api(
    api_as, world: World, django_capture_on_commit_callbacks, username: str
) -> None:
    from cadre.core.models import Job

    client = api_as(username)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/audit-events/verify/")
    assert response.status_code == 202
    job = Job.objects.get()
    assert response.json()["id"] == str(job.pk)
    polled = client.get(f"/api/v1/jobs/{job.pk}/").json()
    assert polled["status"] == "succeeded"
    assert polled["result"]["main"]["ok"] is True


@pytest.mark.parametrize("username", ["hr_a", "employee_a1", "nobody"])
def test_those_who_cannot_read_the_log_cannot_verify_it(api_as, world: World, username) -> None:
    from cadre.core.models import Job

    response = api_as(username).post("/api/v1/audit-events/verify/")
    assert response.status_code == 403
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("rewrite", "field"),
    [
        ({"changes": {"name": ["Unit A1", "Nothing happened"]}}, "changes"),
        ({"changes": {"name": ["[erased]"]}}, "changes"),
        ({"changes": {"name": ["[erased]", "[erased]"], "note": [None, "x"]}}, "changes"),
        ({"changes": {"name": [["[erased]"], "[erased]"]}}, "changes"),
        ({"object_repr": "Some other unit"}, "object_repr"),
        ({"actor_repr": "admin"}, "actor_repr"),
        ({"reason": "no reason at all"}, "reason"),
    ],
)
def test_a_redaction_may_only_erase_values_never_rewrite_them(
    world: World, rewrite: dict, field: str
) -> None:
    from cadre.core.audit import audit_redact

    org = organisation_update(
        actor=world.users["hr_a"],
        organisation=world.orgs["unit_a1"],
        name="IT unit",
        reason="restructuring order 12",
    )
    event = AuditEvent.objects.filter(object_id=str(org.pk), action="update").get()
    count = AuditEvent.objects.count()

    def forge(e: AuditEvent) -> bool:
        for name, value in rewrite.items():
            setattr(e, name, value)
        return True

    with pytest.raises(ValueError) as refused, transaction.atomic():
        audit_redact(actor=None, events=[event], redact=forge, reason="erasure")
    assert "redaction may only erase" in str(refused.value) and field in str(refused.value)
    event.refresh_from_db()
    assert event.changes == {"name": ["Unit A1", "IT unit"]}
    assert (event.object_repr, event.actor_repr, event.reason) == (
        "IT unit",
        "hr_a",
        "restructuring order 12",
    )
    assert AuditEvent.objects.count() == count and audit_verify().ok


def test_a_redaction_erases_values_and_the_chain_still_verifies(world: World) -> None:
    from cadre.core.audit import audit_redact

    org = organisation_update(
        actor=world.users["hr_a"], organisation=world.orgs["unit_a1"], name="IT unit"
    )
    event = AuditEvent.objects.filter(object_id=str(org.pk), action="update").get()

    def erase(e: AuditEvent) -> bool:
        e.changes = {"name": ["[erased]", None]}
        e.object_repr = e.actor_repr = "[erased]"
        return True

    with transaction.atomic():
        assert audit_redact(actor=None, events=[event], redact=erase, reason="erasure") == 1
    event.refresh_from_db()
    assert (event.changes, event.object_repr, event.actor_repr) == (
        {"name": ["[erased]", None]},
        "[erased]",
        "[erased]",
    )
    assert audit_verify().ok
