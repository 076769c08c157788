"""The home page says what each role has to do today (issue 18, item 1; decision 0028):
every app contributes its tasks, figures and alerts, counted in the user's scope, each
linked to the page where it is done — and the grouped menu shows only what the role may
open. Read through HTTP, as each user of a built world."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cadre.assessments import campaigns
from cadre.assessments.tests.conftest import exam, staff  # noqa: F401  (fixtures)
from cadre.core.choices import JobStatus
from cadre.core.services import job_create, job_execute
from cadre.core.tasks import JOB_HANDLERS
from cadre.core.testing.world import World
from cadre.learning import services as learning
from cadre.learning.models import Enrolment
from cadre.learning.tests.conftest import centre  # noqa: F401  (fixture)

ITEM = re.compile(r"<li[^>]*>\s*<a href=\"([^\"]*)\">(.*?)</li>", re.S)
TAG = re.compile(r"<[^>]+>")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(TAG.sub(" ", html))).strip()


def _section(page: str, heading_id: str) -> str:
    start = page.find(f'aria-labelledby="{heading_id}"')
    if start < 0:
        return ""
    return page[start : page.index("</section>", start)]


def home(as_user: Any, username: str) -> dict[str, Any]:
    client: Client = as_user(username)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    return {
        "tasks": [(href, _text(rest)) for href, rest in ITEM.findall(_section(page, "tasks-h"))],
        "figures": [
            (href, _text(rest)) for href, rest in ITEM.findall(_section(page, "figures-h"))
        ],
        "alerts": [(href, _text(rest)) for href, rest in ITEM.findall(_section(page, "alerts-h"))],
        "groups": re.findall(r"<summary>([^<]*)</summary>", nav),
        "menu": re.findall(r'href="([^"]*)"', nav),
        "client": client,
    }


@pytest.fixture
def busy(world: World, staff: Any, exam: Any, centre: Any, monkeypatch: Any) -> dict[str, Any]:  # noqa: F811
    """A launched campaign of body A (test, self-assessment, 360°), an enrolment request of
    Aliya (employee_a1) to the analysis session, and a job of hr_a that failed."""
    closes = timezone.localdate() + dt.timedelta(days=30)
    campaign = campaigns.campaign_create(
        actor=world.users["hr_a"],
        organisation=world.orgs["body_a"],
        title="Spring assessment",
        closes_on=closes,
        test=exam,
        feedback=True,
    )
    campaigns.campaign_launch(actor=world.users["hr_a"], campaign=campaign)
    learning.enrolment_request(
        actor=world.users["employee_a1"], session=centre["basic_session"], employee=staff["aliya"]
    )

    def boom(job: Any, reporter: Any) -> dict[str, Any]:
        raise RuntimeError("the file could not be read")

    monkeypatch.setitem(JOB_HANDLERS, "test.boom", boom)
    job = job_create(actor=world.users["hr_a"], kind="test.boom")
    assert job_execute(job_id=str(job.pk)) == JobStatus.FAILED
    return {
        "world": world,
        "campaign": campaign,
        "closes": closes,
        "session": centre["basic_session"],
    }


def _day(d: dt.date) -> str:
    return f"{d:%m/%d/%Y}"  # English short dates


def test_what_each_role_sees_at_home(as_user: Any, busy: dict[str, Any]) -> None:
    by = f"by {_day(busy['closes'])} · Spring assessment"
    session = busy["session"]
    approve = (
        f"/learning/sessions/{session.pk}/",
        f"Approve enrolment requests: Digital basics 1 by {_day(session.starts_on)}",
    )
    fb = {(r.respondent.username, str(r.employee)): r.pk for r in busy["campaign"].requests.all()}
    employee = home(as_user, "employee_a1")
    assert employee["tasks"] == [
        ("/assessments/", f"Assess your own competencies {by}"),
        (
            f"/assessments/feedback/{fb['employee_a1', 'Bolat Test']}/",
            f"Give 360° feedback on Bolat Test {by}",
        ),
        (
            f"/assessments/feedback/{fb['employee_a1', 'Dana Test']}/",
            f"Give 360° feedback on Dana Test {by}",
        ),
        (f"/assessments/tests/{busy['campaign'].test_id}/", f"Take the test “Digital basics” {by}"),
    ]
    assert (employee["figures"], employee["alerts"]) == ([], [])
    # An employee is not shown the machinery: no Jobs, no API, no Administration.
    assert employee["groups"] == [
        "Registry",
        "Competencies",
        "Learning",
        "Performance and pay",
        "Projects",
        "Talent",  # the calls for applications of contests
        "Ethics",  # their own declarations of interest and gifts
    ]
    assert "/jobs/" not in employee["menu"] and "/api/docs/" not in employee["menu"]

    manager = home(as_user, "manager_a1")
    assert manager["tasks"] == [
        approve,
        (
            "/people/",
            f"Assess your people as their manager: Spring assessment 3 by {_day(busy['closes'])}",
        ),
        *[
            (
                f"/assessments/feedback/{fb['manager_a1', name + ' Test']}/",
                f"Give 360° feedback on {name} Test {by}",
            )
            for name in ("Aliya", "Bolat", "Dana")
        ],
    ]
    within = busy["world"].orgs
    assert manager["figures"] == [
        (f"/people/?within={within['unit_a1'].pk}&amp;figure=headcount", "Headcount 3 Unit A1"),
        (
            f"/orgs/posts/?within={within['unit_a1'].pk}&amp;vacant=true",
            "Vacant places 2 in 1 post",
        ),
    ]
    assert manager["alerts"] == []  # hr_a's job is not theirs

    hr = home(as_user, "hr_a")
    assert hr["tasks"] == [approve]
    assert hr["figures"] == [
        (f"/people/?within={within['body_a'].pk}&amp;figure=headcount", "Headcount 3 Body A"),
        (f"/orgs/posts/?within={within['body_a'].pk}&amp;vacant=true", "Vacant places 2 in 1 post"),
    ]
    assert hr["alerts"] == [("/jobs/?status=failed", "1 job failed in the last 7 days")]
    assert "/jobs/" in hr["menu"] and "/api/docs/" in hr["menu"]

    other = home(as_user, "hr_b")  # body B: nothing of body A's
    assert (other["tasks"], other["alerts"]) == ([], [])
    assert [text for _href, text in other["figures"]] == [
        "Headcount 1 Body B",
        "Vacant places 0 in 0 posts",
    ]
    provider = home(as_user, "teacher")
    assert (provider["tasks"], provider["figures"], provider["alerts"]) == ([], [], [])
    assert "/jobs/" not in provider["menu"] and "/api/docs/" not in provider["menu"]
    assert (
        "Nothing is waiting for you today."
        in provider["client"].get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_every_link_of_the_home_opens_and_a_done_task_leaves_it(
    as_user: Any, busy: dict[str, Any]
) -> None:
    for username in ("employee_a1", "manager_a1", "hr_a", "hr_b", "auditor", "teacher"):
        seen = home(as_user, username)
        for href, _text in seen["tasks"] + seen["figures"] + seen["alerts"]:
            response = seen["client"].get(unescape(href))
            assert response.status_code == 200, (username, href, response.status_code)
    # The manager approves the request where the home sent them: it is gone from both homes.
    session = busy["session"]
    manager = as_user("manager_a1")
    enrolment = Enrolment.objects.get(session=session)
    response = manager.post(
        f"/learning/sessions/{session.pk}/", {"action": "approve", "enrolment": enrolment.pk}
    )
    assert response.status_code == 302
    left = [text for _href, text in home(as_user, "manager_a1")["tasks"]]
    assert len(left) == 4 and not any(text.startswith("Approve") for text in left)
    assert home(as_user, "hr_a")["tasks"] == []
