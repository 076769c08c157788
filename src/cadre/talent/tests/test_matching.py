"""The matching through its services and pages: one vacancy's ranked list with the reasons
(exact scores of the documented formula), many vacancies at once (optimal beside greedy),
and an HR officer's decision on a proposal — refused for someone already appointed or an
expired entry, nothing changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from cadre.assessments.proficiency import Observation, evidence_record
from cadre.competencies.models import Competency
from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.talent import assignment, ranking, services
from cadre.talent.models import Match, ReserveEntry
from cadre.talent.tests.conftest import post

pytestmark = pytest.mark.django_db


def enter(world: World, who: Any, *, candidate: bool = False, **kw: Any) -> ReserveEntry:
    data: dict[str, Any] = {
        "organisation": world.orgs["body_a"],
        "post_group": "C-4",
        "source": "contest",
        "source_ref": "contest-entry:1",
    }
    data.update(kw)
    person = {"candidate": who} if candidate else {"employee": who}
    return services.reserve_entry_create(actor=world.users["admin"], **person, **data)


@pytest.fixture
def reserve(world: World, people: dict[str, Any], analyst: Any) -> dict[str, Any]:
    """Aliya (employee, proficiency A.1 = 3, S.1 = 1, body A's reserve, 100 days in it);
    Dana (external candidate, measured A.1 = 2, S.1 = 2, national reserve); Erlan (body B's
    reserve, no levels, prefers body B and will not relocate: not ranked for unit A1)."""
    today = timezone.localdate()
    with transaction.atomic():
        evidence_record(
            actor=world.users["admin"],
            employee=people["aliya"],
            observations=[
                Observation(Competency.objects.get(framework__code="T", code=code), level)
                for code, level in (("A.1", 3), ("S.1", 1))
            ],
            instrument="manager",
            source="test",
        )
    aliya = enter(world, people["aliya"], today=today - dt.timedelta(days=100))
    dana = enter(
        world,
        people["cand"],
        candidate=True,
        organisation=None,
        levels={"A.1": 2, "S.1": 2},
        today=today,
    )
    erlan = enter(
        world,
        people["erlan"],
        organisation=world.orgs["body_b"],
        region=world.orgs["body_b"],
        relocation=False,
        today=today,
    )
    vacancy = services.vacancy_open(actor=world.users["hr_a"], post=analyst)
    return {"aliya": aliya, "dana": dana, "erlan": erlan, "vacancy": vacancy, "today": today}


def test_one_vacancy_ranked_with_reasons(world: World, reserve: dict[str, Any]) -> None:
    ranked = ranking.rank(world.users["admin"], reserve["vacancy"], today=reserve["today"])
    assert [r.entry for r in ranked] == [reserve["aliya"], reserve["dana"]]
    aliya, dana = ranked
    # Aliya: competencies (2·3/3 + 1·1/2) / 3 = 0.8333; own body 1; no region 1; 100/730 days
    assert aliya.competency == pytest.approx(5 / 6, abs=1e-6)
    assert aliya.fit == pytest.approx(
        100 * (0.7 * 5 / 6 + 0.15 + 0.10 + 0.05 * 100 / 730), abs=1e-3
    )
    assert aliya.gaps == [{"code": "S.1", "required": 2, "current": 1}]
    # Dana: (2·2/3 + 1·2/2) / 3 = 0.7778; national 0.8; 0 days
    assert dana.fit == pytest.approx(100 * (0.7 * 7 / 9 + 0.15 * 0.8 + 0.10), abs=1e-3)
    assert dana.gaps == [{"code": "A.1", "required": 3, "current": 2}]
    with override("en"):
        assert dana.reasons == [
            "competencies: 78 % of the standard",
            "gaps: A.1 2 of 3",
            "the national reserve",
            "in the preferred region",
            "0 days in reserve",
        ]
    # body A's HR officer sees the national entry of an external candidate? No: national
    # entries of candidates are kept by national roles; Aliya's entry is hers to see.
    mine = ranking.rank(world.users["hr_a"], reserve["vacancy"], today=reserve["today"])
    assert [r.entry for r in mine] == [reserve["aliya"]]


def test_page_and_api_answer_the_ranked_list(
    world: World, reserve: dict[str, Any], as_user: Any, api_as: Any
) -> None:
    vacancy = reserve["vacancy"]
    page = as_user("admin").get(f"/talent/vacancies/{vacancy.pk}/ranking/")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index("Aliya") < body.index("Serik") and "gaps: S.1 1 of 2" in body
    rows = api_as("admin").get(f"/api/v1/vacancies/{vacancy.pk}/ranking/?limit=1").json()
    assert [(r["rank"], r["entry"], r["gaps"]) for r in rows] == [
        (1, reserve["aliya"].pk, [{"code": "S.1", "required": 2, "current": 1}])
    ]
    assert as_user("hr_b").get(f"/talent/vacancies/{vacancy.pk}/ranking/").status_code == 404
    bad = api_as("admin").get(f"/api/v1/vacancies/{vacancy.pk}/ranking/?limit=0")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "limit"


def test_optimal_assignment_beats_greedy() -> None:
    # v0 ← m10 (90) or m11 (80); v1 ← m10 (85) only: greedy 90, optimal 80 + 85 = 165
    c = assignment.Candidates(
        2, np.array([0, 0, 1]), np.array([10, 11, 10]), np.array([90.0, 80.0, 85.0])
    )
    best, quick = assignment.optimal(c), assignment.greedy(c)
    assert (best.total, sorted(best.edges.tolist())) == (165.0, [1, 2])
    assert (quick.total, quick.edges.tolist()) == (90.0, [0])
    # a vacancy is left unfilled only when that serves the total
    lone = assignment.Candidates(1, np.array([0]), np.array([3]), np.array([12.5]))
    assert assignment.optimal(lone).total == 12.5


def test_many_vacancies_proposed_once_each(
    world: World, people: dict[str, Any], reserve: dict[str, Any], analyst: Any
) -> None:
    second = services.vacancy_open(actor=world.users["hr_a"], post=post(world, "AN-2"))
    figures = services.matches_propose(
        actor=world.users["admin"], within=world.orgs["country"], today=reserve["today"]
    )
    assert (figures["vacancies"], figures["placed"], figures["stored"]) == (2, 2, 2)
    assert figures["optimal_total"] >= figures["greedy_total"]
    pairs = set(Match.objects.values_list("vacancy_id", "entry_id"))
    assert {e for _v, e in pairs} == {reserve["aliya"].pk, reserve["dana"].pk}
    assert {v for v, _e in pairs} == {reserve["vacancy"].pk, second.pk}
    with pytest.raises(ApplicationError) as caught:
        services.matches_propose(actor=world.users["hr_a"], within=None)
    assert caught.value.errors == {
        "within": ["Only a national role matches the whole country; choose a region or body."]
    }


def test_accepting_starts_a_nomination_and_refuses_bad_cases(
    world: World, people: dict[str, Any], reserve: dict[str, Any]
) -> None:
    today = reserve["today"]
    admin, hr = world.users["admin"], world.users["hr_a"]
    match = services.match_propose(actor=admin, vacancy=reserve["vacancy"], entry=reserve["aliya"])
    accepted = services.match_accept(actor=hr, match=match, today=today)
    assert (accepted.status, accepted.nominated_until) == (
        "accepted",
        today + dt.timedelta(days=30),
    )
    assert AuditEvent.objects.filter(action="match.accept", object_id=str(match.pk)).exists()

    # Dana is appointed elsewhere: a match for her is refused, nothing changes
    other = services.vacancy_open(actor=hr, post=post(world, "AN-3"))
    dana_match = services.match_propose(actor=admin, vacancy=other, entry=reserve["dana"])
    services.vacancy_fill(
        actor=hr,
        vacancy=reserve["vacancy"],
        candidate=people["cand"],
        start_date=today,
        reason="Competition 9",
        employee_fields={"personal_id": "C0009", "birth_date": dt.date(1995, 1, 1), "gender": "F"},
    )
    events = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        services.match_accept(actor=hr, match=dana_match, today=today)
    assert str(caught.value) == "Serik Dana has already been appointed from the reserve."
    dana_match.refresh_from_db()
    assert (dana_match.status, AuditEvent.objects.count()) == ("proposed", events)


def test_an_expired_entry_is_refused(world: World, reserve: dict[str, Any]) -> None:
    match = services.match_propose(
        actor=world.users["admin"], vacancy=reserve["vacancy"], entry=reserve["aliya"]
    )
    later = reserve["aliya"].expires_on + dt.timedelta(days=1)
    events = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        services.match_accept(actor=world.users["hr_a"], match=match, today=later)
    assert str(caught.value) == (
        f"The reserve entry expired on {reserve['aliya'].expires_on.isoformat()}."
    )
    match.refresh_from_db()
    assert (match.status, AuditEvent.objects.count()) == ("proposed", events)
