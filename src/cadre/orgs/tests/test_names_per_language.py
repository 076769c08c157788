"""An organisation named per language (decision 0044): edited through the form and the API,
audited, shown and found in the reader's language, the main name elsewhere."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.orgs.models import Organisation


@pytest.mark.django_db
def test_the_form_saves_a_name_per_language_and_the_change_is_audited(
    world: World, as_user: Any
) -> None:
    body = world.orgs["body_a"]
    page = as_user("admin").get(f"/orgs/{body.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    for code in ("ru", "kk", "vi", "en"):
        assert f'name="name_{code}"' in html
    answer = as_user("admin").post(
        f"/orgs/{body.pk}/edit/",
        {
            "name": "Body A",
            "name_kk": "  А органы ",
            "name_vi": "Cơ quan A",
            "code": body.code,
            "kind": body.kind,
            "parent": body.parent_id,
            "reason": "Names in Kazakh and Vietnamese",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    body.refresh_from_db()
    assert body.names == {"kk": "А органы", "vi": "Cơ quan A"}
    event = AuditEvent.objects.filter(object_type="orgs.organisation", action="update").first()
    assert event is not None and event.object_id == str(body.pk)
    assert event.changes["names"] == [{}, {"kk": "А органы", "vi": "Cơ quan A"}]
    # Shown in the reader's language; Russian was not given: the main name.
    kk = as_user("admin").get(f"/orgs/{body.pk}/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "</span> А органы</h1>" in kk
    ru = as_user("admin").get(f"/orgs/{body.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "</span> Body A</h1>" in ru
    # The children list of the country and the picker say it in Vietnamese, and find it by it.
    country = as_user("admin").get(f"/orgs/{world.orgs['country'].pk}/", HTTP_ACCEPT_LANGUAGE="vi")
    assert "Cơ quan A" in country.content.decode()
    found = as_user("admin").get("/orgs/pick/?q=c%C6%A1%20quan", HTTP_ACCEPT_LANGUAGE="vi")
    assert [r["name"] for r in found.json()["results"]] == ["Cơ quan A"]
    unit = as_user("admin").get("/orgs/pick/?q=Unit%20A1", HTTP_ACCEPT_LANGUAGE="vi").json()
    assert unit["results"][0]["path"] == "Country › Cơ quan A"


@pytest.mark.django_db
def test_a_name_too_long_is_a_field_error_and_nothing_is_saved(world: World, as_user: Any) -> None:
    body = world.orgs["body_a"]
    answer = as_user("admin").post(
        f"/orgs/{body.pk}/edit/",
        {
            "name": "Body A",
            "name_vi": "x" * 256,
            "code": body.code,
            "kind": body.kind,
            "parent": body.parent_id,
            "reason": "Too long",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400
    assert answer.context["form"].errors["name_vi"] == [
        "Ensure this value has at most 255 characters (it has 256)."
    ]
    assert Organisation.objects.get(pk=body.pk).names == {}


@pytest.mark.django_db
def test_the_api_takes_names_and_answers_the_display_name(world: World, api_as: Any) -> None:
    api = api_as("admin")
    pk = world.orgs["body_b"].pk
    answer = api.patch(
        f"/api/v1/organisations/{pk}/",
        {"names": {"kk": "Б органы", "ru": "Орган Б"}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="kk",
    )
    assert answer.status_code == 200, answer.json()
    assert (answer.json()["name"], answer.json()["display_name"]) == ("Body B", "Б органы")
    ru = api.get(f"/api/v1/organisations/{pk}/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert ru["display_name"] == "Орган Б"
    vi = api.get(f"/api/v1/organisations/{pk}/", HTTP_ACCEPT_LANGUAGE="vi").json()
    assert vi["display_name"] == "Body B"  # no Vietnamese name: the main one
    bad = api.patch(
        f"/api/v1/organisations/{pk}/",
        {"names": {"fr": "Organe B"}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "names"
    assert bad.json()["errors"][0]["message"].startswith("Неизвестный язык")
