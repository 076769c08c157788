"""Erasure: a request reviewed and carried out; what the law keeps is kept and said; the
audit log still verifies after the values are erased, and a tampered event still fails."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from cadre.core.audit import REDACTED, audit_verify
from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.people.models import Certification, Education, Employee
from cadre.privacy import services
from cadre.privacy.models import ErasureRequest, LegalHold


def _erase(world: World, person: Any, capture: Any) -> ErasureRequest:
    request = services.erasure_request_create(
        actor=world.users["hr_a"], employee=person, grounds="The person asked (letter 17)"
    )
    with capture(execute=True):  # the job runs once the review commits
        request = services.erasure_request_review(
            actor=world.users["admin"], request=request, approve=True
        )
    request.refresh_from_db()
    return request


def test_an_approved_erasure_anonymises_the_person_and_the_log_still_verifies(
    world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    aliya = people["aliya"]
    user = world.users["employee_a1"]
    request = _erase(world, aliya, django_capture_on_commit_callbacks)
    assert request.state == "done"
    aliya.refresh_from_db()
    assert aliya.personal_id == f"erased-{aliya.pk}"
    assert (aliya.last_name, aliya.first_name, aliya.email) == ("—", f"#{aliya.pk}", "")
    assert aliya.birth_date == dt.date(1900, 1, 1)
    assert not Education.objects.filter(employee=aliya).exists()
    assert not Certification.objects.filter(employee=aliya).exists()
    user.refresh_from_db()
    assert (user.username, user.is_active, user.email) == (f"erased-{user.pk}", False, "")
    assert request.outcome["deleted"] == {
        "people.education": 1,
        "people.certification": 1,
        "accounts.roleassignment": 1,
    }
    assert request.outcome["anonymised"] == {"people.employee": 1, "accounts.user": 1}
    assert request.outcome["kept"]["privacy.erasurerequest"] == {
        "count": 1,
        "why": "The request is the record that the erasure was asked for and done.",
    }
    # The events about Aliya keep their place and hash; her values are gone from them.
    events = AuditEvent.objects.filter(object_type="people.employee", object_id=str(aliya.pk))
    created = events.get(action="create")
    assert created.changes["personal_id"] == [None, REDACTED]
    assert created.changes["last_name"] == [None, REDACTED]
    assert created.object_repr == REDACTED
    assert events.get(action="education.add").changes["institution"] == [None, REDACTED]
    assert not AuditEvent.objects.filter(changes__icontains="Aliya").exists()
    assert not AuditEvent.objects.filter(object_repr__icontains="Aliya").exists()
    assert request.outcome["redacted_events"] >= 4
    report = audit_verify()
    assert report.ok, report
    # Erlan is untouched.
    people["erlan"].refresh_from_db()
    assert people["erlan"].last_name == "Erlan"


def test_a_tampered_event_still_fails_after_an_erasure(
    world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from cadre.core.tests.test_audit import trigger_bypassed

    _erase(world, people["aliya"], django_capture_on_commit_callbacks)
    erlan_event = AuditEvent.objects.get(
        object_type="people.employee", object_id=str(people["erlan"].pk), action="create"
    )
    redacted = AuditEvent.objects.get(
        object_type="people.employee", object_id=str(people["aliya"].pk), action="create"
    )
    assert audit_verify().ok
    with trigger_bypassed():
        AuditEvent.objects.filter(pk=erlan_event.pk).update(object_repr="Someone else")
        report = audit_verify()
        assert (report.ok, report.first_broken_id, report.reason) == (
            False,
            erlan_event.pk,
            "content",
        )
        AuditEvent.objects.filter(pk=erlan_event.pk).update(object_repr=erlan_event.object_repr)
        assert audit_verify().ok
        # A redacted event edited after its redaction: caught as well.
        AuditEvent.objects.filter(pk=redacted.pk).update(object_repr="Aliya again")
        report = audit_verify()
        assert (report.ok, report.first_broken_id, report.reason) == (False, redacted.pk, "content")


def test_the_database_still_refuses_an_edit_outside_a_redaction(
    world: World, people: dict[str, Any]
) -> None:
    from django.db import DatabaseError, transaction

    event = AuditEvent.objects.order_by("id").first()
    assert event is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="nothing happened")
    with pytest.raises(DatabaseError), transaction.atomic():  # nor the chain's columns, ever
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('cadre.audit_redaction', 'on', true)")
            else:
                cursor.execute("INSERT INTO cadre_audit_redaction (id) VALUES (1)")
        AuditEvent.objects.filter(pk=event.pk).update(hash="0" * 64)


def test_erasure_of_a_person_under_legal_hold_is_refused_and_changes_nothing(
    world: World, people: dict[str, Any]
) -> None:
    aliya = people["aliya"]
    services.legal_hold_create(
        actor=world.users["hr_a"], employee=aliya, grounds="Court case 2-114/2026"
    )
    events = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as refused:
        services.erasure_request_create(
            actor=world.users["hr_a"], employee=aliya, grounds="The person asked"
        )
    assert refused.value.errors == {
        "employee": ["Aliya Test is under a legal hold (Court case 2-114/2026): erasure refused."]
    }
    assert not ErasureRequest.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_hold_placed_after_approval_stops_the_job(world: World, people: dict[str, Any]) -> None:
    aliya = people["aliya"]
    request = services.erasure_request_create(
        actor=world.users["hr_a"], employee=aliya, grounds="The person asked"
    )
    LegalHold.objects.create(employee=aliya, grounds="Audit of 2025", until=None)
    with pytest.raises(ApplicationError, match="under a legal hold"):
        services.erasure_request_review(actor=world.users["admin"], request=request, approve=True)
    request.refresh_from_db()
    assert request.state == "requested"
    assert Employee.objects.get(pk=aliya.pk).last_name == "Aliya"


def test_refusing_needs_a_note_and_only_national_administrators_review(
    world: World, people: dict[str, Any]
) -> None:
    request = services.erasure_request_create(
        actor=world.users["employee_a1"], employee=people["aliya"], grounds="I left in 2020"
    )
    with pytest.raises(ApplicationError) as no_note:
        services.erasure_request_review(actor=world.users["admin"], request=request, approve=False)
    assert no_note.value.errors == {"note": ["Say why the request is refused."]}
    with pytest.raises(ApplicationError, match="Only national administrators"):
        services.erasure_request_review(
            actor=world.users["hr_a"], request=request, approve=False, note="no"
        )
    request = services.erasure_request_review(
        actor=world.users["admin"], request=request, approve=False, note="Pay records pending"
    )
    assert (request.state, request.review_note) == ("refused", "Pay records pending")


def test_one_cannot_ask_to_erase_someone_out_of_scope(world: World, people: dict[str, Any]) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.erasure_request_create(
            actor=world.users["hr_a"], employee=people["erlan"], grounds="x"
        )
    assert refused.value.errors == {
        "employee": ["You may not ask to erase the data of Erlan Test."]
    }
    assert not ErasureRequest.objects.exists()


def test_pay_records_are_kept_and_the_outcome_says_why(
    world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from cadre.pay.models import Salary
    from cadre.pay.services import salary_set

    aliya = people["aliya"]
    salary = salary_set(
        actor=world.users["admin"],
        employee=aliya,
        amount=450_000_00,
        currency="KZT",
        valid_from=dt.date(2026, 1, 1),
    )
    request = _erase(world, aliya, django_capture_on_commit_callbacks)
    assert request.state == "done"
    assert request.outcome["kept"]["pay.salary"] == {
        "count": 1,
        "why": "Pay records are kept as the law requires.",
    }
    salary.refresh_from_db()
    assert (salary.amount, salary.employee_id) == (450_000_00, aliya.pk)
    # The salary's events keep their amounts; only the text naming Aliya is erased.
    event = AuditEvent.objects.get(object_type="pay.salary", object_id=str(salary.pk))
    assert event.object_repr == REDACTED
    assert event.changes["amount"] == [None, 450_000_00]
    assert Salary.objects.filter(employee=aliya).count() == 1
    assert audit_verify().ok


def test_an_event_tampered_before_the_erasure_is_not_laundered(
    world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from cadre.core.tests.test_audit import trigger_bypassed

    aliya = people["aliya"]
    event = AuditEvent.objects.get(
        object_type="people.employee", object_id=str(aliya.pk), action="create"
    )
    with trigger_bypassed():
        AuditEvent.objects.filter(pk=event.pk).update(reason="forged")
    request = _erase(world, aliya, django_capture_on_commit_callbacks)
    # The job failed; nothing was erased, and verification still names the forged event.
    assert request.state == "approved"
    assert request.job is not None
    request.job.refresh_from_db()
    assert request.job.status == "failed"
    assert f"audit event {event.pk} does not verify" in request.job.message
    aliya.refresh_from_db()
    assert aliya.last_name == "Aliya"
    report = audit_verify()
    assert (report.first_broken_id, report.reason) == (event.pk, "content")
