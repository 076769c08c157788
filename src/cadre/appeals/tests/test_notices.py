"""Notices in each recipient's language (kept on the account by the language switch and
``/me/``), and the one reminder of a decision past its date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from cadre.accounts.models import User
from cadre.appeals.models import Appeal
from cadre.appeals.reminders import appeal_overdue_reminders
from cadre.appeals.services import appeal_admit, appeal_decide, appeal_file
from cadre.appeals.tests.test_appeals import approved, pay_world  # noqa: F401  (fixtures)
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World

pytestmark = pytest.mark.django_db


def _addresses(**languages: str) -> dict[str, User]:
    for name, language in languages.items():
        User.objects.filter(username=name).update(email=f"{name}@example.kz", language=language)
    return {u.username: u for u in User.objects.all()}


def test_each_recipient_reads_the_notice_in_their_language(
    world: World,
    approved: dict[str, Any],  # noqa: F811
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.LANGUAGE_CODE = "vi"  # the site's default, for an account without a language
    users = _addresses(employee_a1="ru", hr_a="en", admin="kk", hr_b="")
    with django_capture_on_commit_callbacks(execute=True):
        appeal = appeal_file(actor=users["employee_a1"], line=approved["line"], grounds="Why.")
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("employee_a1@example.kz", f"Апелляция {appeal.pk} подана"),
        ("hr_a@example.kz", f"Appeal {appeal.pk} filed"),
    ]
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "подана апелляция на строку выплаты" in bodies["employee_a1@example.kz"]
    assert "An appeal against a line of" in bodies["hr_a@example.kz"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appeal_admit(actor=users["hr_a"], appeal=appeal, panel=[users["admin"], users["hr_b"]])
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "employee_a1@example.kz": f"Апелляция {appeal.pk} принята",
        "hr_b@example.kz": f"Bạn là thành viên hội đồng giải quyết khiếu nại {appeal.pk}",
        "admin@example.kz": f"Сіз {appeal.pk} апелляциясы бойынша комиссия мүшесісіз",
    }


def test_the_language_switch_and_me_keep_the_users_language(
    world: World, as_user: Any, api_as: Any
) -> None:
    client = as_user("hr_a")
    response = client.post("/i18n/setlang/", {"language": "kk", "next": "/"})
    assert response.status_code == 302
    assert User.objects.get(username="hr_a").language == "kk"
    event = AuditEvent.objects.filter(action="language").latest("pk")
    assert event.changes == {"language": ["", "kk"]}
    # An anonymous visitor switches the cookie only.
    from django.test import Client

    assert Client().post("/i18n/setlang/", {"language": "vi"}).status_code == 302
    api = api_as("hr_a")
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = api.patch("/api/v1/me/", {"language": "vi"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["language"] == "vi"
    response = api.patch("/api/v1/me/", {"language": "de"}, format="json")
    assert response.status_code == 400
    assert [(e["field"], e["message"]) for e in response.json()["errors"]] == [
        ("language", '"de" is not a valid choice.')
    ]
    assert User.objects.get(username="hr_a").language == "vi"  # refused: unchanged
    response = api.patch("/api/v1/me/", {"language": ""}, format="json")
    assert response.json()["language"] == ""
    assert User.objects.get(username="hr_a").language == ""


def test_a_decision_past_its_date_is_reminded_once(
    world: World,
    approved: dict[str, Any],  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    users = _addresses(employee_a1="en", hr_a="en", admin="en", hr_b="en")
    with django_capture_on_commit_callbacks(execute=True):
        appeal = appeal_file(actor=users["employee_a1"], line=approved["line"], grounds="Why.")
        appeal_admit(actor=users["hr_a"], appeal=appeal, panel=[users["admin"], users["hr_b"]])
    appeal.refresh_from_db()
    due = appeal.decide_by
    assert due is not None
    mail.outbox.clear()
    # On the due date itself nothing is overdue yet.
    with django_capture_on_commit_callbacks(execute=True):
        assert appeal_overdue_reminders(today=due) == 0
    assert mail.outbox == []
    later = due + dt.timedelta(days=1)
    for _run in range(2):  # the job runs every day: one reminder only
        with django_capture_on_commit_callbacks(execute=True):
            appeal_overdue_reminders(today=later)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("admin@example.kz", f"Appeal {appeal.pk}: the decision is overdue"),
        ("hr_a@example.kz", f"Appeal {appeal.pk}: the decision is overdue"),
        ("hr_b@example.kz", f"Appeal {appeal.pk}: the decision is overdue"),
    ]
    assert f"was due by {due.isoformat()}" in mail.outbox[0].body
    appeal.refresh_from_db()
    assert appeal.reminded_at is not None
    event = AuditEvent.objects.get(action="remind_overdue", object_id=str(appeal.pk))
    assert (event.actor_id, event.source) == (None, "system")


def test_decided_appeals_are_not_reminded(
    world: World,
    approved: dict[str, Any],  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    users = _addresses(employee_a1="en", hr_a="en", admin="en", hr_b="en")
    appeal = appeal_file(actor=users["employee_a1"], line=approved["line"], grounds="Why.")
    appeal_admit(actor=users["hr_a"], appeal=appeal, panel=[users["admin"]])
    appeal_decide(actor=users["admin"], appeal=appeal, outcome="rejected", reason="No.")
    appeal.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert appeal_overdue_reminders(today=timezone.localdate() + dt.timedelta(days=90)) == 0
    assert mail.outbox == []
    assert Appeal.objects.get(pk=appeal.pk).reminded_at is None
