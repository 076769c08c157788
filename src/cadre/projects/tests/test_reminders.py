"""The daily milestone reminders: the accountable owner hears of each open milestone of an
active project falling due within the reminder window and of each overdue one — once per
milestone and kind, in their language, audited on the project as a system action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail

from cadre.accounts.models import User
from cadre.core.models import AuditEvent
from cadre.core.registry import periodic_jobs
from cadre.core.testing.world import World
from cadre.projects import services
from cadre.projects.reminders import milestone_reminders
from cadre.projects.tests.conftest import START, project

TODAY = dt.date(2026, 6, 1)


def _active(world: World, people: dict[str, Any]) -> Any:
    p = project(world, people)
    hr = world.users["hr_a"]
    services.project_transition(actor=hr, project=p, state="active")
    for name, due in (
        ("Overdue", TODAY - dt.timedelta(days=3)),
        ("Soon", TODAY + dt.timedelta(days=5)),
        ("Later", TODAY + dt.timedelta(days=30)),
        ("Done", TODAY + dt.timedelta(days=2)),
    ):
        services.milestone_add(actor=hr, project=p, name=name, due=due)
    done = p.milestones.get(name="Done")
    services.milestone_close(actor=hr, milestone=done, kind="link", link="https://egov.kz/acts/1")
    return p


def test_the_owner_is_reminded_once_per_milestone_and_kind(
    world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    User.objects.filter(username="employee_a1").update(email="aliya@example.kz", language="en")
    p = _active(world, people)
    mail.outbox.clear()
    for _run in range(2):  # the job runs every day: one reminder of each
        with django_capture_on_commit_callbacks(execute=True):
            done = milestone_reminders(today=TODAY)
        if _run == 0:
            assert done == {"overdue": 1, "soon": 1}
        else:
            assert done == {"overdue": 0, "soon": 0}
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("aliya@example.kz", "Milestone due on 2026-06-06: Soon"),
        ("aliya@example.kz", "Milestone overdue: Overdue"),
    ]
    soon = next(m for m in mail.outbox if "Soon" in m.subject)
    assert "falls due on 2026-06-06 (days left: 5)" in soon.body
    assert p.get_absolute_url() in soon.body
    events = AuditEvent.objects.filter(
        object_type="projects.project", object_id=str(p.pk), action__startswith="milestone.remind"
    )
    assert sorted((e.action, e.changes["milestone"][1], e.source) for e in events) == [
        ("milestone.remind_due", "Soon", "system"),
        ("milestone.remind_overdue", "Overdue", "system"),
    ]
    # the soon one, once it is overdue, is reminded again — of the other kind, once
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert milestone_reminders(today=TODAY + dt.timedelta(days=6)) == {
            "overdue": 1,
            "soon": 0,
        }
    assert [m.subject for m in mail.outbox] == ["Milestone overdue: Soon"]


def test_drafts_and_closed_milestones_are_not_reminded_and_russian_is_spoken(
    world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    User.objects.filter(username="employee_a1").update(email="aliya@example.kz", language="ru")
    draft = project(world, people, name="Draft")
    services.milestone_add(actor=world.users["hr_a"], project=draft, name="Draft step", due=START)
    assert milestone_reminders(today=TODAY) == {"overdue": 0, "soon": 0}
    _active(world, people)
    with django_capture_on_commit_callbacks(execute=True):
        milestone_reminders(today=TODAY)
    assert sorted(m.subject for m in mail.outbox) == [
        "Веха просрочена: Overdue",
        "Срок вехи 2026-06-06: Soon",
    ]


def test_the_reminder_runs_every_day() -> None:
    job = periodic_jobs()["remind-project-milestones"]
    assert job["task"] == "cadre.projects.jobs.milestone_reminders_scheduled"
