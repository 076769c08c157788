"""Service points and bodies named per language (decision 0044): the public scores in the
citizen's language, the service's checks, the API's ``display_name``."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.core.errors import ApplicationError
from cadre.orgs.services import organisation_update
from cadre.ratings.models import ServicePoint
from cadre.ratings.scores import scores_recompute
from cadre.ratings.services import service_point_create, service_point_update
from cadre.ratings.tests.test_scores import _rate, _staff


def _named(desk: Any) -> None:
    admin = desk.world.users["admin"]
    organisation_update(
        actor=admin,
        organisation=desk.world.orgs["body_a"],
        names={"kk": "А органы", "vi": "Cơ quan A"},
    )
    service_point_update(
        actor=admin,
        service_point=desk.point,
        names={"kk": "А қабылдау бөлмесі", "vi": "Văn phòng tiếp dân A"},
    )


def test_the_public_scores_read_in_the_citizens_language_else_the_main_name(
    client: Any, desk: Any
) -> None:
    _named(desk)
    (employee,) = _staff(desk, 1)
    for overall in (5, 4):
        _rate(desk, employee, overall)
    scores_recompute()
    kk = client.get("/ratings/public/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "А органы" in kk and "А қабылдау бөлмесі" in kk and "Front office A" not in kk
    vi = client.get("/ratings/public/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Cơ quan A" in vi and "Văn phòng tiếp dân A" in vi and "Body A" not in vi
    # Russian was not given: the main names.
    ru = client.get("/ratings/public/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Body A" in ru and "Front office A" in ru and "А органы" not in ru
    body = client.get(f"/ratings/public/{desk.world.orgs['body_a'].pk}/", HTTP_ACCEPT_LANGUAGE="vi")
    assert "<h1>Cơ quan A</h1>" in body.content.decode()


@pytest.mark.django_db
def test_a_name_in_an_unknown_language_or_too_long_is_refused_by_field(desk: Any) -> None:
    admin = desk.world.users["admin"]
    with pytest.raises(ApplicationError) as unknown:
        service_point_update(actor=admin, service_point=desk.point, names={"de": "Schalter"})
    assert unknown.value.errors == {"names": ["Unknown language “de”; use one of: ru, kk, vi, en."]}
    with pytest.raises(ApplicationError) as long:
        service_point_create(
            actor=admin,
            organisation=desk.world.orgs["body_a"],
            code="SP-LONG",
            name="Long",
            names={"kk": "ә" * 256},
        )
    assert long.value.errors == {"names": ["Text longer than 255 characters."]}
    assert not ServicePoint.objects.filter(code="SP-LONG").exists()


def test_the_api_takes_names_and_answers_the_display_name_in_the_requests_language(
    desk: Any, api_as: Any
) -> None:
    api = api_as("admin")
    made = api.post(
        "/api/v1/service-points/",
        {
            "organisation": desk.world.orgs["body_a"].pk,
            "code": "SP-API",
            "name": "Desk API",
            "names": {"kk": "API үстелі", "vi": "Bàn API"},
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="kk",
    )
    assert made.status_code == 201, made.json()
    assert (made.json()["name"], made.json()["display_name"]) == ("Desk API", "API үстелі")
    pk = made.json()["id"]
    vi = api.get(f"/api/v1/service-points/{pk}/", HTTP_ACCEPT_LANGUAGE="vi").json()
    assert vi["display_name"] == "Bàn API"
    assert vi["names"] == {"kk": "API үстелі", "vi": "Bàn API"}
    en = api.get(f"/api/v1/service-points/{pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert en["display_name"] == "Desk API"
    bad = api.patch(
        f"/api/v1/service-points/{pk}/",
        {"names": {"xx": "?"}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "names"
    assert "Unknown language “xx”" in bad.json()["errors"][0]["message"]
