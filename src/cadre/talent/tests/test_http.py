"""The reserve through its pages and API as its users meet it: an HR officer fills a
vacancy and withdraws an entry, approves a manager's nomination, accepts a match; an
external candidate sees only their own entries; the daily round expires and reminds;
the matching of many vacancies runs as a job."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import TestCase, override_settings

from cadre.core.choices import JobStatus
from cadre.core.models import AuditEvent, Job
from cadre.core.services import job_execute
from cadre.core.testing.world import World
from cadre.people.models import Assignment
from cadre.talent import services
from cadre.talent.models import Match, ReserveEntry, Vacancy
from cadre.talent.services.expiry import reserve_expire_and_remind

pytestmark = pytest.mark.django_db


def entry(world: World, actor: str = "admin", **kw: Any) -> ReserveEntry:
    data: dict[str, Any] = {
        "organisation": world.orgs["body_a"],
        "post_group": "C-4",
        "source": "contest",
        "source_ref": "contest-entry:12",
    }
    data.update(kw)
    return services.reserve_entry_create(actor=world.users[actor], **data)


def test_fill_through_the_page(
    world: World, people: dict[str, Any], analyst: Any, as_user: Any
) -> None:
    mine = entry(world, employee=people["aliya"])
    vacancy = services.vacancy_open(actor=world.users["hr_a"], post=analyst)
    client = as_user("hr_a")
    page = client.get(vacancy.get_absolute_url())
    assert page.status_code == 200 and "Fill the vacancy" in page.content.decode()
    response = client.post(
        f"/talent/vacancies/{vacancy.pk}/fill/",
        {"employee": people["aliya"].pk, "start_date": "2026-04-01", "reason": "Order 5"},
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    mine.refresh_from_db()
    assert (vacancy.status, vacancy.filled_by, mine.status) == (
        "filled",
        people["aliya"],
        "appointed",
    )
    assert Assignment.objects.filter(employee=people["aliya"], post=analyst).exists()
    # filling again is refused with the reason, nothing changes
    held = Assignment.objects.count()
    response = client.post(
        f"/talent/vacancies/{vacancy.pk}/fill/",
        {"employee": people["bolat"].pk, "start_date": "2026-04-02", "reason": "Order 6"},
        follow=True,
    )
    assert "The vacancy is filled, not open." in response.content.decode()
    assert Assignment.objects.count() == held


def test_open_on_a_full_post_is_refused_on_the_api(
    world: World, people: dict[str, Any], analyst: Any, api_as: Any
) -> None:
    services.vacancy_open(actor=world.users["hr_a"], post=analyst)
    response = api_as("hr_a").post("/api/v1/vacancies/", {"post": analyst.pk}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"] == [
        {
            "field": "post",
            "code": "state",
            "message": "Every vacant position of the post “Analyst AN-1” has an open vacancy "
            "already.",
        }
    ]
    assert Vacancy.objects.count() == 1


def test_nomination_approved_and_withdrawn(
    world: World, people: dict[str, Any], as_user: Any, api_as: Any
) -> None:
    nominated = entry(
        world, "manager_a1", employee=people["aliya"], organisation=None, source="nomination"
    )
    # the manager who nominated may not approve: managers read, HR officers keep
    assert as_user("manager_a1").post(f"/talent/{nominated.pk}/approve/").status_code == 403
    answer = api_as("hr_a").post(
        f"/api/v1/reserve-entries/{nominated.pk}/approve/", {}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["status"] == "active"
    assert answer.json()["approved_by"] == world.users["hr_a"].pk
    refused = api_as("hr_a").post(
        f"/api/v1/reserve-entries/{nominated.pk}/withdraw/", {"reason": ""}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "reason"
    response = as_user("hr_a").post(f"/talent/{nominated.pk}/withdraw/", {"reason": "Moved abroad"})
    assert response.status_code == 302
    nominated.refresh_from_db()
    assert (nominated.status, nominated.status_reason) == ("withdrawn", "Moved abroad")


def test_a_candidate_sees_only_their_own_entries(
    world: World, people: dict[str, Any], as_user: Any, api_as: Any
) -> None:
    hers = entry(world, candidate=people["cand"], organisation=None)
    other = entry(world, employee=people["aliya"])
    rows = api_as("cand").get("/api/v1/reserve-entries/").json()["results"]
    assert [r["id"] for r in rows] == [hers.pk]
    assert api_as("cand").get(f"/api/v1/reserve-entries/{other.pk}/").status_code == 404
    page = as_user("cand").get("/talent/")
    assert page.status_code == 200
    assert hers.get_absolute_url() in page.content.decode()
    assert other.get_absolute_url() not in page.content.decode()
    assert as_user("cand").get("/talent/vacancies/").status_code == 403
    # nor may she change it
    assert (
        api_as("cand")
        .patch(f"/api/v1/reserve-entries/{hers.pk}/", {"relocation": True}, format="json")
        .status_code
        == 403
    )


@override_settings(CADRE_TALENT_REMIND_DAYS=30)
def test_daily_round_expires_and_reminds_once(world: World, people: dict[str, Any]) -> None:
    world.orgs["country"].country = "KZ"
    world.orgs["country"].save()
    old = entry(world, employee=people["aliya"], today=dt.date(2023, 1, 10))  # KZ: 2 years
    soon = entry(world, candidate=people["cand"], organisation=None, today=dt.date(2023, 12, 20))
    day = dt.date(2025, 11, 25)
    assert (old.expires_on, soon.expires_on) == (dt.date(2025, 1, 10), dt.date(2025, 12, 20))
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert reserve_expire_and_remind(today=day) == {"expired": 1, "reminded": 1}
    assert reserve_expire_and_remind(today=day) == {"expired": 0, "reminded": 0}
    old.refresh_from_db()
    assert (old.status, old.status_reason) == (
        "expired",
        "The term of the reserve ended on 2025-01-10.",
    )
    assert [m.to for m in mail.outbox] == [["dana@example.org"]]
    # in her language (the site's default, Russian, as she chose none)
    assert mail.outbox[0].subject == "Запись резерва истекает 2025-12-20: Serik Dana"
    assert AuditEvent.objects.filter(action="reserve.expire", object_id=str(old.pk)).count() == 1


def test_matching_many_runs_as_a_job_from_the_page(
    world: World, people: dict[str, Any], analyst: Any, as_user: Any
) -> None:
    entry(world, employee=people["aliya"])
    services.vacancy_open(actor=world.users["hr_a"], post=analyst)
    client = as_user("hr_a")
    assert client.get("/talent/matches/run/").status_code == 200
    refused = client.post("/talent/matches/run/", {"within": "", "per_vacancy": 20})
    assert refused.status_code == 400
    assert "Only a national role matches the whole country" in refused.content.decode()
    response = client.post(
        "/talent/matches/run/", {"within": world.orgs["body_a"].pk, "per_vacancy": 20}
    )
    assert response.status_code == 302
    job = Job.objects.get(kind="talent.match_many")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job_execute(job_id=str(job.pk)) == JobStatus.SUCCEEDED
    job.refresh_from_db()
    assert (job.result["vacancies"], job.result["placed"], job.result["stored"]) == (1, 1, 1)
    match = Match.objects.get()
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Review the proposed matches of the reserve" in home
    response = client.post(f"/talent/matches/{match.pk}/accept/", {"reason": ""})
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == "accepted"


def test_fill_on_the_api_refuses_bad_personal_fields(
    world: World, people: dict[str, Any], analyst: Any, api_as: Any
) -> None:
    vacancy = services.vacancy_open(actor=world.users["hr_a"], post=analyst)
    client = api_as("admin")
    before = (Assignment.objects.count(), AuditEvent.objects.count())
    response = client.post(
        f"/api/v1/vacancies/{vacancy.pk}/fill/",
        {
            "candidate": people["cand"].pk,
            "start_date": "2026-04-01",
            "reason": "Competition 3",
            "employee_fields": {"personal_id": "C0003", "birth_date": {"y": 1995}},
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "employee_fields.birth_date",
            "code": "invalid",
            "message": "Give this as text (a date as YYYY-MM-DD).",
        }
    ]
    assert (Assignment.objects.count(), AuditEvent.objects.count()) == before
    vacancy.refresh_from_db()
    assert vacancy.status == "open"
    # the same with good fields appoints her and answers the assignment
    response = client.post(
        f"/api/v1/vacancies/{vacancy.pk}/fill/",
        {
            "candidate": people["cand"].pk,
            "start_date": "2026-04-01",
            "reason": "Competition 3",
            "employee_fields": {"personal_id": "C0003", "birth_date": "1995-05-05", "gender": "F"},
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["vacancy"]["status"] == "filled"
    assert Assignment.objects.get(pk=body["assignment"]).employee.user == people["cand"]
