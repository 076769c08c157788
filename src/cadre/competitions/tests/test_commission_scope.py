"""The commission names only accounts HR sees, never an external candidate's, and the
competition is found (404) before any id is read; automatic recusals are audited."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.competitions import services
from cadre.competitions.models import Member
from cadre.competitions.tests.conftest import announce
from cadre.competitions.tests.test_flow import interview  # noqa: F401  (fixture)
from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World


def test_api_refuses_accounts_hr_does_not_see_and_saves_nothing(
    world: World, cast: dict[str, Any], api_as: Any
) -> None:
    u = world.users
    competition = announce(world, cast["vacancy"])
    hr = api_as("hr_a")
    response = hr.post(
        f"/api/v1/competitions/{competition.pk}/commission/",
        {"members": [u["manager_a1"].pk, u["bolat"].pk, u["erlan"].pk], "chair": u["hr_a"].pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        f"No active account you may name has the id {u['erlan'].pk}."
    )
    assert not Member.objects.exists()


def test_api_unscoped_competition_is_404_before_ids_are_read(
    world: World, cast: dict[str, Any], api_as: Any
) -> None:
    competition = announce(world, cast["vacancy"])
    outsider = api_as("employee_a1")
    for ids in ([999998, 999999], [world.users["hr_a"].pk]):
        response = outsider.post(
            f"/api/v1/competitions/{competition.pk}/commission/",
            {"members": ids, "chair": ids[0]},
            format="json",
        )
        assert response.status_code == 404
    assert not Member.objects.exists()


def test_page_refuses_an_unseen_account(world: World, cast: dict[str, Any], as_user: Any) -> None:
    u = world.users
    competition = announce(world, cast["vacancy"])
    client = as_user("hr_a")
    page = client.get(competition.get_absolute_url()).content.decode()
    assert f'value="{u["erlan"].pk}"' not in page  # not offered either
    response = client.post(
        f"/competitions/{competition.pk}/commission/",
        {
            "members": [u["manager_a1"].pk, u["bolat"].pk, u["erlan"].pk],
            "chair": u["hr_a"].pk,
            "reason": "Named",
        },
        follow=True,
    )
    assert f"No active account you may name has the id {u['erlan'].pk}." in (
        response.content.decode()
    )
    assert not Member.objects.exists()


def test_an_external_candidate_may_not_sit_on_a_commission(
    world: World, cast: dict[str, Any]
) -> None:
    u = world.users
    competition = announce(world, cast["vacancy"])
    with pytest.raises(ApplicationError) as exc:
        services.commission_name(
            actor=u["hr_a"],
            competition=competition,
            users=[u["manager_a1"], u["bolat"], u["cand"]],
            chair=u["manager_a1"],
        )
    assert str(exc.value) == (
        "Serik Dana has only an external candidate's account and may not sit on a commission."
    )
    assert list(exc.value.errors) == ["members"]
    assert not Member.objects.exists()


def test_automatic_recusals_are_in_the_advance_event(
    world: World,
    interview: dict[str, Any],  # noqa: F811
) -> None:
    competition, apps = interview["competition"], interview["apps"]
    event = AuditEvent.objects.filter(
        action="advance", object_id=str(competition.pk), changes__stage=["testing", "interview"]
    ).get()
    recusals = {k: v for k, v in event.changes.items() if k.startswith("recusal ")}
    assert recusals == {
        f"recusal manager_a1 / application {apps['aliya'].pk}": [
            None,
            "is the candidate's line manager",
        ],
        f"recusal bolat / application {apps['aliya'].pk}": [
            None,
            "works in the candidate's body",
        ],
    }
