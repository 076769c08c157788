"""A competition from announcement to appointment and the reserve, through the services:
the exact refusals of issue 20 (late application, a recused member scoring, a decision
without quorum) change nothing; every step is audited and mailed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from cadre.competitions import services
from cadre.competitions.choices import ApplicationState, Stage
from cadre.competitions.models import Application, Recusal, Score
from cadre.competitions.tests.conftest import announce, sit
from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.people.models import Assignment
from cadre.talent.models import ReserveEntry, Vacancy


def _states(competition: Any) -> dict[str, str]:
    return {a.applicant_name(): a.state for a in competition.applications.all()}


@pytest.fixture
def interview(world: World, cast: dict[str, Any], exam: Any) -> dict[str, Any]:
    """Aliya and Dana pass the test, Erlan fails the Law section's pass mark; a commission
    of four (manager_a1 and Bolat are recused from Aliya); the interview open."""
    u = world.users
    hr = u["hr_a"]
    competition = announce(world, cast["vacancy"], exam)
    apps = {
        name: services.application_submit(actor=u[user], competition=competition)
        for name, user in (("aliya", "employee_a1"), ("erlan", "erlan"), ("dana", "cand"))
    }
    close = competition.applications_close
    services.competition_advance(actor=hr, competition=competition, today=close + dt.timedelta(1))
    for application in apps.values():
        services.application_check(actor=hr, application=application, admitted=True)
    services.competition_advance(actor=hr, competition=competition)
    sit(u["employee_a1"], exam, {"Law": 2, "Ethics": 2})
    sit(u["erlan"], exam, {"Law": 1, "Ethics": 2})  # 3 overall, but Law below its mark
    sections = {s.title: s.pk for s in exam.sections.all()}
    services.application_test_record(
        actor=hr, application=apps["dana"], correct={sections["Law"]: 2, sections["Ethics"]: 1}
    )
    services.commission_name(
        actor=hr,
        competition=competition,
        users=[u["manager_a1"], u["hr_b"], u["bolat"], u["auditor"]],
        chair=u["hr_b"],
    )
    services.competition_advance(actor=hr, competition=competition)
    competition.refresh_from_db()
    members = {m.user.username: m for m in competition.members.select_related("user")}
    return {"competition": competition, "apps": apps, "members": members, **cast}


def test_the_test_sorts_candidates_by_section_pass_marks(interview: dict[str, Any]) -> None:
    competition = interview["competition"]
    assert competition.stage == Stage.INTERVIEW
    assert _states(competition) == {
        "Aliya Test": ApplicationState.INTERVIEW,
        "Erlan Test": ApplicationState.FAILED_TEST,
        "Serik Dana": ApplicationState.INTERVIEW,
    }
    erlan = Application.objects.get(pk=interview["apps"]["erlan"].pk)
    assert erlan.test_correct == 3
    assert [
        (s["title"], s["correct"], s["pass_mark"], s["passed"]) for s in erlan.test_sections
    ] == [
        ("Law", 1, 2, False),
        ("Ethics", 2, 1, True),
    ]
    # Conflicts found: manager_a1 manages unit A1, Bolat works in Aliya's body.
    recusals = sorted(
        (r.member.user.username, r.application.applicant_name(), r.reason)
        for r in Recusal.objects.select_related("member__user", "application__employee")
    )
    assert recusals == [
        ("bolat", "Aliya Test", "works in the candidate's body"),
        ("manager_a1", "Aliya Test", "is the candidate's line manager"),
    ]


def test_a_late_application_is_refused_and_nothing_saved(
    world: World, cast: dict[str, Any]
) -> None:
    competition = announce(world, cast["vacancy"])
    late = competition.applications_close + dt.timedelta(days=1)
    with pytest.raises(ApplicationError) as exc:
        services.application_submit(actor=world.users["cand"], competition=competition, today=late)
    assert str(exc.value) == (
        f"Applications to this competition closed on {competition.applications_close.isoformat()}."
    )
    assert exc.value.errors == {"competition": [str(exc.value)]}
    assert not Application.objects.exists()
    with pytest.raises(ApplicationError, match=r"Only employees and registered external"):
        services.application_submit(actor=world.users["hr_b"], competition=competition)


def test_a_refusal_at_the_document_check_needs_its_reason(
    world: World, cast: dict[str, Any]
) -> None:
    competition = announce(world, cast["vacancy"])
    application = services.application_submit(actor=world.users["cand"], competition=competition)
    mail.outbox.clear()
    with pytest.raises(ApplicationError, match=r"^Give the reason for refusing the application.$"):
        services.application_check(
            actor=world.users["hr_a"], application=application, admitted=False
        )
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    with pytest.raises(ApplicationError, match=r"You may not run competitions of “Unit A1”."):
        services.application_check(
            actor=world.users["hr_b"], application=application, admitted=True
        )
    services.application_check(
        actor=world.users["hr_a"],
        application=application,
        admitted=False,
        reason="No diploma of higher education",
    )
    application.refresh_from_db()
    assert (application.state, application.check_reason) == (
        ApplicationState.REFUSED,
        "No diploma of higher education",
    )
    assert AuditEvent.objects.filter(
        action="check", object_id=str(application.pk), reason="No diploma of higher education"
    ).exists()


def test_a_recused_member_may_not_score_and_nothing_is_saved(
    world: World, interview: dict[str, Any]
) -> None:
    u, competition, apps, members = (
        world.users,
        interview["competition"],
        interview["apps"],
        interview["members"],
    )
    services.attendance_record(
        actor=u["hr_b"],  # the chair
        competition=competition,
        present=[members[n].pk for n in ("manager_a1", "hr_b", "auditor")],
    )
    with pytest.raises(ApplicationError) as exc:
        services.score_record(actor=u["manager_a1"], application=apps["aliya"], score=9)
    assert str(exc.value) == (
        "You are recused from scoring Aliya Test: is the candidate's line manager."
    )
    assert exc.value.code == "recused"
    with pytest.raises(ApplicationError, match=r"^Only members recorded as present"):
        services.score_record(actor=u["bolat"], application=apps["dana"], score=5)
    with pytest.raises(ApplicationError, match=r"^Only a candidate invited to the interview"):
        services.score_record(actor=u["hr_b"], application=apps["erlan"], score=5)
    with pytest.raises(ApplicationError, match=r"^Give a score from 0 to 10.$"):
        services.score_record(actor=u["hr_b"], application=apps["dana"], score=11)
    assert not Score.objects.exists()
    services.score_record(actor=u["hr_b"], application=apps["dana"], score=6)
    with pytest.raises(ApplicationError, match=r"^You have already scored this candidate.$"):
        services.score_record(actor=u["hr_b"], application=apps["dana"], score=7)
    assert list(Score.objects.values_list("score", flat=True)) == [6]


def test_a_decision_without_quorum_is_refused_then_taken_appointed_and_reserved(
    world: World, interview: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    u, competition, apps, members = (
        world.users,
        interview["competition"],
        interview["apps"],
        interview["members"],
    )
    chair = u["hr_b"]
    services.attendance_record(
        actor=chair, competition=competition, present=[members["hr_b"].pk, members["auditor"].pk]
    )
    with pytest.raises(ApplicationError) as exc:
        services.competition_decide(
            actor=chair, competition=competition, winner=apps["aliya"], reason="Best answers"
        )
    assert str(exc.value) == (
        "The commission has no quorum: 2 of 4 members present, 3 needed (two thirds)."
    )
    competition.refresh_from_db()
    assert competition.stage == Stage.INTERVIEW
    assert _states(competition)["Aliya Test"] == ApplicationState.INTERVIEW

    services.attendance_record(
        actor=chair,
        competition=competition,
        present=[members[n].pk for n in ("hr_b", "auditor", "manager_a1")],
    )
    for user, aliya, dana in (("hr_b", 8, 6), ("auditor", 9, 7)):
        services.score_record(actor=u[user], application=apps["aliya"], score=aliya)
        services.score_record(actor=u[user], application=apps["dana"], score=dana)
    with pytest.raises(ApplicationError) as exc:
        services.competition_decide(
            actor=chair, competition=competition, winner=apps["aliya"], reason="Best answers"
        )
    assert str(exc.value) == "Serik Dana is not scored yet by manager_a1."
    services.score_record(actor=u["manager_a1"], application=apps["dana"], score=5)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.competition_decide(
            actor=chair, competition=competition, winner=apps["aliya"], reason="Best answers"
        )
    competition.refresh_from_db()
    assert competition.stage == Stage.DECIDED
    scores = {a.applicant_name(): (a.state, a.score) for a in competition.applications.all()}
    assert scores == {
        "Aliya Test": (ApplicationState.WON, Decimal("8.50")),
        "Erlan Test": (ApplicationState.FAILED_TEST, None),
        "Serik Dana": (ApplicationState.NOT_SELECTED, Decimal("6.00")),
    }
    # Aliya's account has no address; Dana hears she passed and was not selected.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["dana@example.org"], "Competition “Analyst AN-1”")
    ]
    assert "Your application to “Analyst AN-1”: passed, not selected." in mail.outbox[0].body

    # Appointment: the talent services fill the vacancy with Aliya's assignment.
    assignment = services.competition_appoint(
        actor=u["hr_a"],
        competition=competition,
        start_date=dt.date(2026, 3, 1),
        reason="Order 12: appointed by competition",
    )
    assert (assignment.employee, assignment.post, assignment.start_date) == (
        interview["aliya"],
        interview["post"],
        dt.date(2026, 3, 1),
    )
    assert Vacancy.objects.get(pk=interview["vacancy"].pk).status == "filled"
    competition.refresh_from_db()
    assert competition.stage == Stage.APPOINTED

    # Dana passed but was not chosen: she enters body A's reserve for the post's group.
    services.application_reserve(actor=u["hr_a"], application=apps["dana"], reason="Runner-up")
    entry = ReserveEntry.objects.get()
    assert (entry.candidate, entry.source, entry.source_ref, entry.post_group) == (
        u["cand"],
        "competition",
        f"competition-application:{apps['dana'].pk}",
        "C-4",
    )
    with pytest.raises(ApplicationError, match=r"^Only a candidate who passed and was not"):
        services.application_reserve(actor=u["hr_a"], application=apps["erlan"])
    actions = list(
        AuditEvent.objects.filter(object_type="competitions.competition")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "create", "advance", "advance", "commission", "advance",
        "attendance", "attendance", "decide", "appoint",
    ]  # fmt: skip


def test_appointing_to_a_post_no_longer_vacant_shows_why_and_changes_nothing(
    world: World, interview: dict[str, Any]
) -> None:
    from cadre.people.services import assignment_create

    u, competition, apps, members = (
        world.users,
        interview["competition"],
        interview["apps"],
        interview["members"],
    )
    services.attendance_record(
        actor=u["hr_a"], competition=competition, present=[m.pk for m in members.values()]
    )
    for user in ("hr_b", "auditor", "manager_a1", "bolat"):
        services.score_record(actor=u[user], application=apps["dana"], score=7)
    for user in ("hr_b", "auditor"):
        services.score_record(actor=u[user], application=apps["aliya"], score=6)
    services.competition_decide(
        actor=u["hr_a"], competition=competition, winner=apps["dana"], reason="Highest score"
    )
    # Meanwhile the last vacant position is filled outside the competition.
    assignment_create(
        actor=u["admin"], employee=interview["erlan"], post=interview["post"],
        start_date=dt.date(2026, 2, 1),
    )  # fmt: skip
    held = Assignment.objects.count()
    with pytest.raises(ApplicationError) as exc:
        services.competition_appoint(
            actor=u["hr_a"],
            competition=competition,
            start_date=dt.date(2026, 3, 1),
            reason="Order 13",
            employee_fields={"birth_date": dt.date(1995, 5, 5), "gender": "F"},
        )
    assert str(exc.value) == (
        "The post “Analyst AN-1” has no vacant position: 2 positions, 2 held."
    )
    competition.refresh_from_db()
    assert competition.stage == Stage.DECIDED
    assert Assignment.objects.count() == held
    assert not Application.objects.get(pk=apps["dana"].pk).employee_id


def test_advance_refusals(world: World, cast: dict[str, Any]) -> None:
    hr = world.users["hr_a"]
    competition = announce(world, cast["vacancy"])
    with pytest.raises(ApplicationError) as exc:
        services.competition_advance(actor=hr, competition=competition)
    assert str(exc.value) == (
        f"Applications are open until {competition.applications_close.isoformat()}; "
        "the document check starts after."
    )
    services.application_submit(actor=world.users["cand"], competition=competition)
    after = competition.applications_close + dt.timedelta(days=1)
    services.competition_advance(actor=hr, competition=competition, today=after)
    with pytest.raises(ApplicationError, match=r"^1 applications are not checked yet.$"):
        services.competition_advance(actor=hr, competition=competition)
    services.application_check(actor=hr, application=competition.applications.get(), admitted=True)
    with pytest.raises(ApplicationError, match=r"^Name the commission \(at least 3 members\)"):
        services.competition_advance(actor=hr, competition=competition)
    with pytest.raises(ApplicationError, match=r"^A commission has at least 3 members.$"):
        services.commission_name(
            actor=hr, competition=competition, users=[world.users["hr_b"]], chair=hr
        )
    with pytest.raises(ApplicationError, match=r"^This vacancy already has a competition under"):
        announce(world, cast["vacancy"])
