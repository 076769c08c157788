"""A learning plan shows its progress and lets its person enrol in the next session of each
course; the catalogue shows the sessions to come and their free places (issue 18, item 8)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from cadre.core.testing.world import World
from cadre.learning import plans
from cadre.learning.models import Enrolment

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [_text(r) for r in body.split("</tr>") if r.strip()]


def test_the_person_enrols_from_their_plan(
    world: World, staff: Any, centre: Any, as_user: Any
) -> None:
    aliya = staff["aliya"]
    plan = plans.plan_generate(
        actor=world.users["manager_a1"],
        employee=aliya,
        due_on=timezone.localdate() + dt.timedelta(days=100),
    )
    with override("en"):
        soon = date_format(centre["basic_session"].starts_on)
    client = as_user("employee_a1")
    html = client.get(plan.get_absolute_url(), **EN).content.decode()
    assert "0 of 3 done (0 %)" in _text(html)
    assert '<progress class="plan-progress" max="3" value="0"' in html
    rows = _rows(html)
    assert rows[0].endswith(f"— Session of {soon}, 10 places free Enrol")
    assert rows[1].endswith(f"— Session of {soon}, 2 places free Enrol")
    assert rows[2].endswith("— —")
    # A session of a course outside the plan is refused, nothing written.
    other = client.post(
        plan.get_absolute_url(), {"action": "enrol", "session": 999999}, follow=True, **EN
    )
    assert "Choose a session of a course of this plan." in other.content.decode()
    assert Enrolment.objects.count() == 0
    done = client.post(
        plan.get_absolute_url(),
        {"action": "enrol", "session": centre["basic_session"].pk},
        follow=True,
        **EN,
    )
    page = done.content.decode()
    assert "Requested; your manager will approve it." in page
    assert _rows(page)[0].endswith(f"— Requested, awaiting approval · {soon}")
    assert list(Enrolment.objects.values_list("employee", "status")) == [(aliya.pk, "requested")]
    # The catalogue: sessions to come, the next one's date and its free places.
    catalogue = _rows(client.get("/learning/", **EN).content.decode())
    assert catalogue[0].startswith("BASIC Digital basics")
    assert catalogue[0].endswith(f"1 {soon} 9")
    assert catalogue[1].endswith(f"1 {soon} 2")


def test_a_manager_enrols_the_person_at_once(
    world: World, staff: Any, centre: Any, as_user: Any
) -> None:
    plan = plans.plan_generate(
        actor=world.users["manager_a1"],
        employee=staff["aliya"],
        due_on=timezone.localdate() + dt.timedelta(days=100),
    )
    response = as_user("manager_a1").post(
        plan.get_absolute_url(),
        {"action": "enrol", "session": centre["basic_session"].pk},
        follow=True,
        **EN,
    )
    assert "Enrolled." in response.content.decode()
    assert Enrolment.objects.get().status == "enrolled"
    # hr_b sees no plan of body A's people.
    assert (
        as_user("hr_b")
        .post(plan.get_absolute_url(), {"action": "enrol", "session": centre["basic_session"].pk})
        .status_code
        == 404
    )
