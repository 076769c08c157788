"""A jury names only accounts the organiser sees, never an external candidate's account
nor an applicant of the category."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.contests import services
from cadre.contests.models import Juror
from cadre.contests.tests.conftest import account, apply
from cadre.core.choices import Role
from cadre.core.errors import ApplicationError
from cadre.core.testing.world import World


def test_api_refuses_an_account_the_organiser_does_not_see(
    world: World, setup: dict[str, Any], api_as: Any
) -> None:
    before = Juror.objects.count()
    unseen = world.users["erlan"]  # body B: not HR A's
    response = api_as("hr_a").post(
        f"/api/v1/contests/{setup['contest'].pk}/jurors/",
        {"category": setup["data"].pk, "user": unseen.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        "No active account you may name has this id."
    )
    assert Juror.objects.count() == before


def test_page_offers_and_accepts_only_accounts_the_organiser_sees(
    world: World, setup: dict[str, Any], as_user: Any
) -> None:
    """The juror is chosen with the user picker (a name typed; issue 18), not an id typed:
    the page draws the picker, the picker finds only accounts the organiser sees, the one
    chosen by name is saved and an account out of reach is refused with the field named."""
    before = Juror.objects.count()
    contest = setup["contest"]
    client = as_user("hr_a")
    page = client.get(contest.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    picker = page[page.index('<select name="user"') :]
    picker = picker[: picker.index("</select>")]
    assert 'data-picker="/accounts/users/pick/"' in picker and 'id="id_j_user"' in picker
    assert f'<option value="{world.users["erlan"].pk}"' not in picker
    found = client.get("/accounts/users/pick/", {"q": "manager_a1"}).json()["results"]
    assert [r["path"] for r in found] == ["manager_a1"]
    assert client.get("/accounts/users/pick/", {"q": "erlan"}).json()["results"] == []
    url = f"/contests/{contest.pk}/juror/"
    refused = client.post(
        url,
        {"category": setup["data"].pk, "user": world.users["erlan"].pk},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "juror: Choose an active account among those you may see." in refused
    missing = client.post(
        url, {"category": setup["data"].pk, "user": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "juror: Choose the juror." in missing
    in_russian = client.post(
        url,
        {"category": setup["data"].pk, "user": world.users["erlan"].pk},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="ru",
    ).content.decode()
    assert "Выберите активную учётную запись среди доступных вам." in in_russian
    assert Juror.objects.count() == before
    saved = client.post(
        url,
        {"category": setup["data"].pk, "user": found[0]["id"]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "The juror is added." in saved
    assert list(
        Juror.objects.filter(category=setup["data"])
        .order_by("pk")
        .values_list("user__username", flat=True)
    ) == ["juror_data", "manager_a1"]


def test_an_external_candidate_or_an_applicant_may_not_sit_on_the_jury(
    world: World, setup: dict[str, Any]
) -> None:
    before = Juror.objects.count()
    hr = world.users["hr_a"]
    ext = world.users["ext"]
    ext.first_name, ext.last_name = "Dana", "Serik"
    ext.save(update_fields=["first_name", "last_name"])
    with pytest.raises(ApplicationError) as exc:
        services.juror_add(actor=hr, category=setup["data"], user=ext)
    assert str(exc.value) == (
        "Serik Dana has only an external candidate's account and may not sit on a jury."
    )
    apply(world, setup, "employee_a1", "E-licensing", category="data")
    with pytest.raises(ApplicationError) as exc:
        services.juror_add(actor=hr, category=setup["data"], user=world.users["employee_a1"])
    assert str(exc.value) == (
        "employee_a1 has an entry in this category and may not sit on its jury."
    )
    account(world, "helper", Role.EMPLOYEE, "unit_a1")
    services.juror_add(actor=hr, category=setup["data"], user=world.users["helper"])
    assert Juror.objects.count() == before + 1
