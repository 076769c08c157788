"""HR puts in the reserve (or appoints) only the external candidates they have met: those
who applied to a competition or a contest whose applications they see, not every external
candidate in the country (talent's ``candidate_sources``, registered by this app)."""

from __future__ import annotations

from typing import Any

from cadre.competitions import services
from cadre.competitions.tests.conftest import announce
from cadre.core.testing.world import World
from cadre.talent.models import ReserveEntry


def _offered(client: Any, user: Any) -> bool:
    page = client.get("/talent/add/")
    assert page.status_code == 200
    return f'<option value="{user.pk}"' in page.content.decode()


def test_the_reserve_offers_only_candidates_who_applied_to_ones_own_competitions(
    world: World, cast: dict[str, Any], as_user: Any, api_as: Any
) -> None:
    cand = cast["cand"]
    hr_a, hr_b = as_user("hr_a"), as_user("hr_b")
    assert not _offered(hr_a, cand)
    assert not _offered(as_user("manager_a1"), cand)
    services.application_submit(actor=cand, competition=announce(world, cast["vacancy"]))
    assert _offered(hr_a, cand)  # she applied to body A's competition
    assert not _offered(hr_b, cand)  # not to body B's
    response = api_as("hr_b").post(
        "/api/v1/reserve-entries/",
        {
            "candidate": cand.pk,
            "organisation": world.orgs["body_b"].pk,
            "post_group": "C-4",
            "source": "competition",
            "source_ref": "competition:1",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "candidate"
    assert response.json()["errors"][0]["message"] == (
        f'Invalid pk "{cand.pk}" - object does not exist.'
    )
    assert not ReserveEntry.objects.exists()
