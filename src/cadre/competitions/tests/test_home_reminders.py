"""Home items (HR: applications to check, decisions due; a member: candidates to score; a
candidate: their applications) and the daily reminder of missing scores."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail

from cadre.competitions import services
from cadre.competitions.reminders import scores_due_reminders
from cadre.competitions.tests.conftest import announce
from cadre.competitions.tests.test_flow import interview  # noqa: F401  (fixture)
from cadre.core.registry import home_for
from cadre.core.testing.world import World


def _items(user: Any) -> list[tuple[str, str]]:
    found = home_for(user)
    return [(i.label, i.url) for kind in found.values() for i in kind if "Analyst" in str(i.label)]


def test_hr_sees_applications_to_check(world: World, cast: dict[str, Any]) -> None:
    competition = announce(world, cast["vacancy"])
    services.application_submit(actor=world.users["cand"], competition=competition)
    services.application_submit(actor=world.users["erlan"], competition=competition)
    assert _items(world.users["hr_a"]) == [
        ("Check 2 applications to “Analyst AN-1”", competition.get_absolute_url())
    ]
    assert _items(world.users["hr_b"]) == []


def test_members_see_what_to_score_and_are_reminded_once(
    world: World,
    interview: dict[str, Any],  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    u, competition, apps, members = (
        world.users,
        interview["competition"],
        interview["apps"],
        interview["members"],
    )
    services.attendance_record(
        actor=u["hr_a"],
        competition=competition,
        present=[members[n].pk for n in ("hr_b", "auditor", "manager_a1")],
    )
    services.score_record(actor=u["hr_b"], application=apps["dana"], score=6)
    url = competition.get_absolute_url()
    assert _items(u["auditor"]) == [("Score 2 candidates of “Analyst AN-1”", url)]
    assert _items(u["hr_b"]) == [("Score 1 candidate of “Analyst AN-1”", url)]
    assert _items(u["manager_a1"]) == [("Score 1 candidate of “Analyst AN-1”", url)]  # recused
    assert _items(u["bolat"]) == []  # absent
    assert _items(u["hr_a"]) == [("Record the commission's decision on “Analyst AN-1”", url)]
    for user in ("auditor", "manager_a1", "hr_b"):
        user_obj = u[user]
        user_obj.email = f"{user}@example.org"
        user_obj.language = "en"
        user_obj.save(update_fields=["email", "language"])
    mail.outbox.clear()
    after = competition.interview_on + dt.timedelta(days=1)
    assert scores_due_reminders(today=competition.interview_on) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert scores_due_reminders(today=after) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "auditor@example.org",
        "hr_b@example.org",
        "manager_a1@example.org",
    ]
    assert mail.outbox[0].subject == "Scores due: “Analyst AN-1”"
    assert scores_due_reminders(today=after) == 0  # once
