"""Campaigns: who takes part, progress per body, 360° feedback and its anonymity, reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cadre.accounts import services as account_services
from cadre.assessments import campaigns, services
from cadre.assessments.models import Campaign, Evidence, FeedbackRequest, Participant, Test
from cadre.competencies.models import Competency
from cadre.core.errors import ApplicationError
from cadre.core.testing import crud
from cadre.core.testing.world import PASSWORD, World
from cadre.people.services import employee_link_user


def _accounts(world: World, staff: dict[str, Any]) -> None:
    """Give Bolat and Dana accounts (with e-mail), so they can be asked about colleagues."""
    admin = world.users["admin"]
    for key in ("bolat", "dana"):
        user = account_services.user_create(
            actor=admin, username=key, password=PASSWORD, email=f"{key}@example.org"
        )
        employee_link_user(actor=admin, employee=staff[key], user=user)
        world.users[key] = user


def _campaign(world: World, exam: Test | None = None, **kw: Any) -> Campaign:
    return campaigns.campaign_create(
        actor=world.users["hr_a"],
        organisation=world.orgs["body_a"],
        title="Spring assessment",
        closes_on=timezone.localdate() + dt.timedelta(days=30),
        test=exam,
        **kw,
    )


def test_creation_refuses_a_past_date_a_foreign_body_and_no_instrument(
    world: World, staff: Any
) -> None:
    past = timezone.localdate() - dt.timedelta(days=1)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"organisation": world.orgs["body_a"], "closes_on": past}, "The due date is in the past."),
        (
            {"organisation": world.orgs["body_b"], "closes_on": timezone.localdate()},
            "You may not run campaigns for “Body B”.",
        ),
        (
            {
                "organisation": world.orgs["body_a"],
                "closes_on": timezone.localdate(),
                "self_assessment": False,
                "manager_assessment": False,
            },
            "Choose at least one instrument: a test, self, manager or 360° assessment.",
        ),
    ]
    for kwargs, message in cases:
        with pytest.raises(ApplicationError) as caught:
            campaigns.campaign_create(actor=world.users["hr_a"], title="X", **kwargs)
        assert str(caught.value) == message
    assert Campaign.objects.count() == 0


def test_launch_takes_the_people_with_a_standard_and_progress_follows_them(
    world: World, staff: Any, exam: Test
) -> None:
    campaign = _campaign(world, exam)
    campaigns.campaign_launch(actor=world.users["hr_a"], campaign=campaign)
    assert sorted(Participant.objects.values_list("employee__last_name", flat=True)) == [
        "Aliya",
        "Bolat",
        "Dana",
    ]  # Erlan is in body B
    with pytest.raises(ApplicationError, match="already been launched"):
        campaigns.campaign_launch(actor=world.users["hr_a"], campaign=campaign)
    attempt = services.attempt_start(actor=world.users["employee_a1"], test=exam)
    services.attempt_submit(actor=world.users["employee_a1"], attempt=attempt, answers={})
    sa = Competency.objects.get(code="SA.1")
    services.appraisal_submit(
        actor=world.users["manager_a1"], employee=staff["bolat"], role="manager", levels={sa.pk: 2}
    )
    [row] = campaigns.campaign_progress(campaign)
    assert (row.organisation, row.people, row.test_done, row.self_done, row.manager_done) == (
        world.orgs["unit_a1"],
        3,
        1,
        0,
        1,
    )


def test_a_campaign_of_nobody_is_refused(world: World, staff: Any) -> None:
    empty = campaigns.campaign_create(
        actor=world.users["admin"],
        organisation=world.orgs["unit_b1"],
        title="B",
        closes_on=timezone.localdate(),
    )
    Participant.objects.all().delete()
    from cadre.people.models import Employee

    Employee.objects.filter(organisation=world.orgs["unit_b1"]).update(is_active=False)
    with pytest.raises(ApplicationError) as caught:
        campaigns.campaign_launch(actor=world.users["admin"], campaign=empty)
    assert str(caught.value) == "Nobody in “Unit B1” holds a post with a standard in force."
    empty.refresh_from_db()
    assert empty.status == "draft"


@override_settings(CADRE_FEEDBACK_MIN_RESPONDENTS=3)
def test_360_feedback_is_anonymous_below_the_threshold_and_counted_at_close(
    world: World, staff: Any, as_user: Any
) -> None:
    _accounts(world, staff)
    campaign = _campaign(world, feedback=True, peers=4)
    campaigns.campaign_launch(actor=world.users["hr_a"], campaign=campaign)
    about_aliya = {
        (r.respondent.username, r.relation)
        for r in FeedbackRequest.objects.filter(employee=staff["aliya"]).select_related(
            "respondent"
        )
    }
    assert about_aliya == {("manager_a1", "manager"), ("bolat", "peer"), ("dana", "peer")}
    sa = Competency.objects.get(code="SA.1")
    answers = {"manager_a1": 2, "bolat": 3}
    for username, level in answers.items():
        request = FeedbackRequest.objects.get(
            employee=staff["aliya"], respondent__username=username
        )
        campaigns.feedback_answer(
            actor=world.users[username], request=request, levels={sa.pk: level}
        )
    assert campaigns.feedback_summary(campaign, staff["aliya"]) == (2, [])
    page = (
        as_user("employee_a1")
        .get(reverse("assessments:mine"), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "2 answered; averages are shown from 3 respondents up" in page
    dana = FeedbackRequest.objects.get(employee=staff["aliya"], respondent__username="dana")
    with pytest.raises(ApplicationError, match="not addressed to you"):
        campaigns.feedback_answer(actor=world.users["bolat"], request=dana, levels={sa.pk: 4})
    with pytest.raises(ApplicationError) as caught:
        campaigns.feedback_answer(actor=world.users["dana"], request=dana, levels={sa.pk: 9})
    assert str(caught.value) == "The level must be a whole number from 1 to 4."
    campaigns.feedback_answer(actor=world.users["dana"], request=dana, levels={sa.pk: 4})
    with pytest.raises(ApplicationError, match="already answered"):
        campaigns.feedback_answer(actor=world.users["dana"], request=dana, levels={sa.pk: 1})
    respondents, lines = campaigns.feedback_summary(campaign, staff["aliya"])
    assert (respondents, [(line.competency.code, line.mean) for line in lines]) == (
        3,
        [("SA.1", 3.0)],
    )
    page = (
        as_user("employee_a1")
        .get(reverse("assessments:mine"), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "3.0" in page and "bolat" not in page and "dana" not in page
    assert campaigns.campaign_close(actor=world.users["hr_a"], campaign=campaign) == 1
    assert list(
        Evidence.objects.filter(instrument="feedback").values_list("employee_id", "code", "level")
    ) == [(staff["aliya"].pk, "SA.1", 3)]
    with pytest.raises(ApplicationError, match="The campaign is not open"):
        request = FeedbackRequest.objects.get(employee=staff["bolat"], respondent__username="dana")
        campaigns.feedback_answer(actor=world.users["dana"], request=request, levels={sa.pk: 2})


def test_reminders_go_once_a_day_to_those_with_something_left(world: World, staff: Any) -> None:
    _accounts(world, staff)
    campaign = _campaign(world)
    campaigns.campaign_launch(actor=world.users["hr_a"], campaign=campaign)
    sent = campaigns.campaign_reminders()
    assert sent == 2  # Bolat and Dana have e-mail; Aliya's account has none
    assert sorted(m.to[0] for m in mail.outbox) == ["bolat@example.org", "dana@example.org"]
    assert "Spring assessment" in mail.outbox[0].subject
    assert campaigns.campaign_reminders() == 0
    later = timezone.now() + dt.timedelta(days=1)
    Participant.objects.filter(employee=staff["dana"]).update(self_done=True)
    assert campaigns.campaign_reminders(now=later) == 1


def test_campaign_pages(world: World, staff: Any, as_user: Any) -> None:
    client = as_user("hr_a")
    created = client.post(
        reverse("assessments:campaign_add"),
        {
            "organisation": world.orgs["body_a"].pk,
            "title": "Autumn",
            "self_assessment": "on",
            "peers": "3",
            "closes_on": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
        },
    )
    campaign = Campaign.objects.get()
    assert created["Location"] == campaign.get_absolute_url()
    client.post(reverse("assessments:campaign_launch", args=[campaign.pk]))
    page = client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Unit A1" in page and "<td>3</td>" in page
    assert as_user("hr_b").get(campaign.get_absolute_url()).status_code == 404
    assert (
        as_user("auditor")
        .post(reverse("assessments:campaign_close", args=[campaign.pk]))
        .status_code
        == 403
    )


class TestCampaignPages(crud.UIList, crud.UIAdd, crud.APIRead):
    model = Campaign
    url_prefix = "assessments:campaign"
    api_basename = "campaign"
    export_column = 0

    def make(self, world: World, where: str) -> Campaign:
        return campaigns.campaign_create(
            actor=world.users["admin"],
            organisation=world.orgs[f"body_{where}"],
            title=f"Campaign {where} {Campaign.objects.count()}",
            closes_on=timezone.localdate(),
        )

    def export_key(self, obj: Campaign) -> str:
        return obj.title

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "organisation": world.orgs[f"body_{where}"].pk,
            "title": f"Spring review {where} {Campaign.objects.count()}",
            "self_assessment": "on",
            "manager_assessment": "on",
            "peers": 4,
            "closes_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        }


def test_the_api_runs_a_campaign(world: World, staff: Any, api_as: Any) -> None:
    _accounts(world, staff)
    client = api_as("hr_a")
    made = client.post(
        reverse("v1:campaign-list"),
        {
            "organisation": world.orgs["body_a"].pk,
            "title": "API",
            "feedback": True,
            "closes_on": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    launched = client.post(reverse("v1:campaign-launch", args=[pk]))
    assert launched.status_code == 200 and launched.json()["status"] == "open"
    assert launched.json()["progress"][0]["people"] == 3
    request = FeedbackRequest.objects.get(employee=staff["aliya"], respondent__username="bolat")
    sa = Competency.objects.get(code="SA.1")
    answer = api_as("bolat").post(
        reverse("v1:feedback-answer", args=[request.pk]), {"levels": {str(sa.pk): 3}}, format="json"
    )
    assert answer.status_code == 200
    foreign = api_as("dana").post(
        reverse("v1:feedback-answer", args=[request.pk]), {"levels": {str(sa.pk): 3}}, format="json"
    )
    assert foreign.status_code == 404
    assert api_as("hr_b").post(reverse("v1:campaign-launch", args=[pk])).status_code == 404


def test_nobody_is_asked_about_more_colleagues_than_the_campaign_asks_of_each(
    world: World, staff: Any
) -> None:
    from collections import Counter

    _accounts(world, staff)
    campaign = _campaign(world, feedback=True, peers=1)
    campaigns.campaign_launch(actor=world.users["hr_a"], campaign=campaign)
    peers = FeedbackRequest.objects.filter(campaign=campaign, relation="peer")
    per_respondent = Counter(peers.values_list("respondent__username", flat=True))
    per_person = Counter(peers.values_list("employee__last_name", flat=True))
    assert max(per_respondent.values()) == 1 and max(per_person.values()) == 1
    assert sum(per_person.values()) == 3  # each of the three asks one colleague
