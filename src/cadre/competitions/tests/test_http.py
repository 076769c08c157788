"""Competitions through HTTP: the public announcement without sign-in in four languages,
applying from it, a candidate's own applications only, the commission's steps and their
refusals on the pages and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cadre.competitions import services
from cadre.competitions.choices import ApplicationState
from cadre.competitions.models import Application, Score
from cadre.competitions.tests.conftest import TEXTS, announce
from cadre.competitions.tests.test_flow import interview  # noqa: F401  (fixture)
from cadre.core.testing.world import World


@pytest.mark.parametrize("language", ["en", "ru", "kk", "vi"])
def test_the_announcement_is_public_in_each_language(
    world: World, cast: dict[str, Any], language: str
) -> None:
    competition = announce(world, cast["vacancy"])
    client = Client()
    listing = client.get("/c/", HTTP_ACCEPT_LANGUAGE=language)
    assert listing.status_code == 200
    assert f'href="/c/{competition.pk}/"' in listing.content.decode()
    page = client.get(f"/c/{competition.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    html = page.content.decode()
    assert TEXTS[language] in html
    assert f'<html lang="{language}">' in html
    assert client.get("/c/999999/").status_code == 404


def test_apply_from_the_public_page_and_see_only_ones_own(
    world: World, cast: dict[str, Any], as_user: Any
) -> None:
    competition = announce(world, cast["vacancy"])
    anonymous = Client().get(f"/competitions/{competition.pk}/apply/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client = as_user("cand")
    response = client.post(f"/competitions/{competition.pk}/apply/", {"motivation": "Data"})
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/competitions/applications/{application.pk}/"
    assert (application.user.username, application.kind, application.motivation) == (
        "cand",
        "external",
        "Data",
    )
    again = client.post(f"/competitions/{competition.pk}/apply/", {"motivation": "Again"})
    assert again.status_code == 400
    assert "You have already applied to this competition." in again.content.decode()
    assert Application.objects.count() == 1
    assert client.get(f"/competitions/applications/{application.pk}/").status_code == 200
    # Another candidate neither lists nor opens it; the competition itself is HR's.
    other = as_user("employee_a1")
    assert other.get(f"/competitions/applications/{application.pk}/").status_code == 404
    assert (
        application.get_absolute_url()
        not in other.get("/competitions/applications/").content.decode()
    )
    assert client.get(competition.get_absolute_url()).status_code == 404


def test_api_refusals_of_the_commission(
    world: World,
    interview: dict[str, Any],  # noqa: F811
    api_as: Any,
) -> None:
    competition, apps, members = (
        interview["competition"],
        interview["apps"],
        interview["members"],
    )
    chair = api_as("hr_b")
    response = chair.post(
        f"/api/v1/competitions/{competition.pk}/attendance/",
        {"present": [members["manager_a1"].pk, members["hr_b"].pk]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert sorted((m["name"], m["present"]) for m in response.json()["members"]) == [
        ("auditor", False),
        ("bolat", False),
        ("hr_b", True),
        ("manager_a1", True),
    ]
    recused = api_as("manager_a1").post(
        f"/api/v1/competition-applications/{apps['aliya'].pk}/score/",
        {"score": 9},
        format="json",
    )
    assert recused.status_code == 400
    assert recused.json()["errors"][0]["message"] == (
        "You are recused from scoring Aliya Test: is the candidate's line manager."
    )
    assert not Score.objects.exists()
    no_quorum = chair.post(
        f"/api/v1/competitions/{competition.pk}/decide/",
        {"winner": apps["dana"].pk, "reason": "Only one candidate scored"},
        format="json",
    )
    assert no_quorum.status_code == 400
    assert no_quorum.json()["errors"][0]["message"] == (
        "The commission has no quorum: 2 of 4 members present, 3 needed (two thirds)."
    )
    assert Application.objects.get(pk=apps["dana"].pk).state == ApplicationState.INTERVIEW
    # A member reads the competition and its candidates; an outsider does not.
    outsider = api_as("employee_a1")  # a candidate, not on the commission
    assert outsider.get(f"/api/v1/competitions/{competition.pk}/").status_code == 404
    assert outsider.get("/api/v1/competition-applications/").json()["count"] == 1
    listed = api_as("bolat").get(f"/api/v1/competition-applications/?competition={competition.pk}")
    assert listed.json()["count"] == 3


def test_the_page_steps_show_the_refusal(
    world: World,
    interview: dict[str, Any],  # noqa: F811
    as_user: Any,
) -> None:
    competition, apps = interview["competition"], interview["apps"]
    client = as_user("hr_b")
    page = client.get(competition.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Present at the interview" in html and "Record the decision" in html
    response = client.post(
        f"/competitions/{competition.pk}/decide/",
        {"winner": apps["aliya"].pk, "reason": "Best"},
        follow=True,
    )
    assert (
        "The commission has no quorum: 0 of 4 members present, 3 needed (two thirds)."
        in response.content.decode()
    )
    services.attendance_record(
        actor=world.users["hr_b"],
        competition=competition,
        present=[m.pk for m in interview["members"].values()],
    )
    scored = as_user("auditor").post(
        f"/competitions/applications/{apps['dana'].pk}/score/", {"score": 7}, follow=True
    )
    assert "Done: the step is recorded." in scored.content.decode()
    assert Score.objects.get().score == 7
    late = as_user("cand").post(f"/competitions/{competition.pk}/apply/", {"motivation": "x"})
    assert late.status_code == 400
    text = f"Applications to this competition closed on {competition.applications_close}."
    assert text in late.content.decode()
