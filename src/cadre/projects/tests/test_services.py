"""The project office's rules through its services: each bad input refused with its
field and reason, nothing changed; a new owner needs a reason and is audited; milestones
close only with evidence, a Cadre event only when met."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cadre.core.errors import ApplicationError
from cadre.core.measures import MEASURES, Measure, MeasureResult
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.projects import services
from cadre.projects.models import Milestone, OutcomeKpi, Project
from cadre.projects.tests.conftest import START, project

pytestmark = pytest.mark.django_db


def _refused(call: Any, field: str | None, message: str) -> None:
    with pytest.raises(ApplicationError) as caught:
        call()
    assert field in caught.value.errors, caught.value.errors
    assert message in [str(m) for m in caught.value.errors[field]], caught.value.errors


def test_registration_refuses_bad_input_and_saves_nothing(
    world: World, people: dict[str, Any]
) -> None:
    before = (Project.objects.count(), AuditEvent.objects.count())
    _refused(
        lambda: project(world, people, owner=None), "owner", "A project needs an accountable owner."
    )
    _refused(
        lambda: project(world, people, owner=people["erlan"]),
        "owner",
        "Erlan Test does not work in “Body A” or under it: the owner answers within the body.",
    )
    _refused(
        lambda: project(world, people, budget=0), "budget", "The budget must be more than zero."
    )
    _refused(
        lambda: project(world, people, budget=-5), "budget", "The budget must be more than zero."
    )
    _refused(lambda: project(world, people, currency="XXX"), "currency", "Unknown currency “XXX”.")
    _refused(
        lambda: project(world, people, planned_end=dt.date(2025, 12, 31)),
        "planned_end",
        "The planned end is before the start.",
    )
    # another body's HR office may not register projects of body A
    with pytest.raises(ApplicationError) as caught:
        services.project_create(
            actor=world.users["hr_b"],
            name="X",
            goal="Y",
            organisation=world.orgs["body_a"],
            owner=people["aliya"],
            start=START,
            planned_end=START,
            budget=1,
            currency="KZT",
        )
    assert caught.value.code == "scope"
    assert (Project.objects.count(), AuditEvent.objects.count()) == before


def test_every_problem_is_reported_at_once(world: World, people: dict[str, Any]) -> None:
    with pytest.raises(ApplicationError) as caught:
        project(world, people, owner=None, budget=0, currency="EUR")
    assert sorted(f for f in caught.value.errors if f) == ["budget", "currency", "owner"]


def test_the_owner_and_sponsor_are_on_the_team(world: World, people: dict[str, Any]) -> None:
    p = project(world, people)
    assert sorted((m.employee.last_name, m.role) for m in p.members.all()) == [
        ("Aliya", "owner"),
        ("Bolat", "sponsor"),
    ]
    assert AuditEvent.objects.filter(
        object_type="projects.project", object_id=str(p.pk), action="create"
    ).exists()


def test_changing_the_owner_needs_a_reason_and_is_audited(
    world: World, people: dict[str, Any]
) -> None:
    p = project(world, people)
    hr = world.users["hr_a"]
    _refused(
        lambda: services.project_update(actor=hr, instance=p, owner=people["bolat"]),
        "reason",
        "Say why the accountable owner changes.",
    )
    assert Project.objects.get(pk=p.pk).owner == people["aliya"]
    _refused(
        lambda: services.project_update(
            actor=hr, instance=p, owner=people["erlan"], reason="Reorganisation"
        ),
        "owner",
        "Erlan Test does not work in “Body A” or under it: the owner answers within the body.",
    )
    services.project_update(actor=hr, instance=p, owner=people["bolat"], reason="Aliya moved on")
    p.refresh_from_db()
    assert p.owner == people["bolat"]
    event = AuditEvent.objects.get(
        object_type="projects.project", object_id=str(p.pk), action="update"
    )
    assert event.reason == "Aliya moved on"
    assert event.changes["owner"] == [people["aliya"].pk, people["bolat"].pk]
    assert dict(p.members.values_list("employee__last_name", "role")) == {
        "Aliya": "member",
        "Bolat": "owner",
    }


def test_milestone_due_before_the_start_is_refused(world: World, people: dict[str, Any]) -> None:
    p = project(world, people)
    _refused(
        lambda: services.milestone_add(
            actor=world.users["hr_a"], project=p, name="Too early", due=dt.date(2025, 12, 31)
        ),
        "due",
        "The milestone is due on 2025-12-31, before the project starts on 2026-01-01.",
    )
    assert not Milestone.objects.exists()


def test_a_kpi_that_does_not_exist_for_the_period_is_refused(
    world: World, people: dict[str, Any], kpis: dict[str, Any]
) -> None:
    p = project(world, people)
    _refused(
        lambda: services.kpi_link(
            actor=world.users["hr_a"],
            project=p,
            definition=kpis["unused"],
            period=kpis["year"],
            target=Decimal(10),
        ),
        "definition",
        "The KPI UNUSED does not exist for the period 2026.",
    )
    assert not OutcomeKpi.objects.exists()


@pytest.fixture
def milestone(world: World, people: dict[str, Any]) -> Milestone:
    p = project(world, people)
    return services.milestone_add(
        actor=world.users["hr_a"], project=p, name="Pilot", due=dt.date(2026, 3, 1)
    )


def test_closing_needs_evidence(world: World, milestone: Milestone) -> None:
    owner = world.users["employee_a1"]  # Aliya, the accountable owner
    _refused(
        lambda: services.milestone_close(actor=owner, milestone=milestone),
        "kind",
        "A milestone is closed only with evidence: a file, a link or a Cadre event.",
    )
    _refused(
        lambda: services.milestone_close(actor=owner, milestone=milestone, kind="link", link="x"),
        "link",
        "Give the evidence link as a web address (https://…).",
    )
    _refused(
        lambda: services.milestone_close(actor=owner, milestone=milestone, kind="file"),
        "file",
        "Attach the evidence file.",
    )
    milestone.refresh_from_db()
    assert milestone.closed_on is None
    # someone neither the owner nor the project's office may not close it
    with pytest.raises(ApplicationError) as caught:
        services.milestone_close(
            actor=world.users["hr_b"], milestone=milestone, kind="link", link="https://x.kz"
        )
    assert caught.value.code == "scope"


def test_the_owner_closes_with_a_file_kept_under_the_data_dir(
    world: World, milestone: Milestone, settings: Any
) -> None:
    closed = services.milestone_close(
        actor=world.users["employee_a1"],
        milestone=milestone,
        kind="file",
        file=SimpleUploadedFile("act.pdf", b"%PDF-1.4 acceptance act"),
        today=dt.date(2026, 3, 2),
    )
    assert (closed.closed_on, closed.evidence_kind, closed.closed_late) == (
        dt.date(2026, 3, 2),
        "file",
        True,
    )
    stored = Path(closed.evidence_file.path)
    assert stored.is_relative_to(Path(settings.DATA_DIR) / "project-evidence")
    assert stored.read_bytes() == b"%PDF-1.4 acceptance act"
    with pytest.raises(ApplicationError):
        services.milestone_close(
            actor=world.users["employee_a1"], milestone=closed, kind="link", link="https://x.kz"
        )


def test_a_file_too_large_is_refused(world: World, milestone: Milestone) -> None:
    big = SimpleUploadedFile("big.pdf", b"0" * (services.MAX_EVIDENCE_BYTES + 1))
    _refused(
        lambda: services.milestone_close(
            actor=world.users["hr_a"], milestone=milestone, kind="file", file=big
        ),
        "file",
        "The evidence file is larger than 10 MB.",
    )


def test_a_cadre_event_closes_only_when_met(
    world: World, milestone: Milestone, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = {"value": Decimal(12)}

    def certificates(**kw: Any) -> MeasureResult:
        assert kw["organisation"] == world.orgs["body_a"]
        assert (kw["start"], kw["end"]) == (START, dt.date(2026, 3, 1))
        return MeasureResult(counted["value"], "learning.certificate", ())

    monkeypatch.setitem(
        MEASURES,
        "test.certificates",
        Measure("test.certificates", "Certificates", "count", certificates),
    )
    close = lambda: services.milestone_close(  # noqa: E731
        actor=world.users["hr_a"],
        milestone=milestone,
        kind="event",
        event_measure="test.certificates",
        event_threshold=Decimal(20),
        today=dt.date(2026, 3, 1),
    )
    _refused(
        close,
        "event_threshold",
        "The event has not happened: test.certificates of “Body A” is 12, not yet 20.",
    )
    _refused(
        lambda: services.milestone_close(
            actor=world.users["hr_a"],
            milestone=milestone,
            kind="event",
            event_measure="no.such",
            event_threshold=1,
        ),
        "event_measure",
        "No measure is registered as “no.such”.",
    )
    milestone.refresh_from_db()
    assert milestone.closed_on is None
    counted["value"] = Decimal(23)
    closed = close()
    assert (closed.closed_on, closed.event_value, closed.closed_late) == (
        dt.date(2026, 3, 1),
        Decimal(23),
        False,
    )
    event = AuditEvent.objects.filter(action="milestone_close").get()
    assert event.changes["event"] == [None, "test.certificates = 23 ≥ 20"]


def test_lifecycle(world: World, people: dict[str, Any]) -> None:
    p = project(world, people)
    hr = world.users["hr_a"]
    _refused(
        lambda: services.project_transition(actor=hr, project=p, state="closed"),
        "state",
        "A project that is Draft cannot become Closed.",
    )
    services.project_transition(actor=hr, project=p, state="active")
    services.project_transition(actor=hr, project=p, state="closed")
    with pytest.raises(ApplicationError) as caught:
        services.milestone_add(actor=hr, project=p, name="After", due=dt.date(2026, 9, 1))
    assert str(caught.value) == "The project is Closed: it changes no more."
