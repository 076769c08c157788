"""An external candidate's account and the talent apps: their menu offers the calls, their
entries, their competition applications and reserve entries; their home counts the calls
open today; an entry whose results are not out keeps the account open (decision 0033)."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.candidates import services as candidate_services
from cadre.contests.tests.conftest import apply
from cadre.core.errors import ApplicationError
from cadre.core.registry import menu_groups_for
from cadre.core.testing.world import PASSWORD, World

pytestmark = pytest.mark.django_db


def test_candidate_menu_home_and_closing(world: World, setup: dict[str, Any], as_user: Any) -> None:
    ext = world.users["ext"]
    candidate_services.candidate_profile_open(actor=world.users["admin"], user=ext)
    links = [link for group in menu_groups_for(ext) for _label, link in group.links]
    assert links == [
        "/",
        "/candidates/me/",
        "/talent/",
        "/contests/entries/",
        "/contests/calls/",
        "/competitions/applications/",
        "/mfa/",
    ]
    home = as_user("ext").get("/").content.decode()
    assert "Contests taking applications" in home
    assert "Competitions taking applications" in home

    apply(world, setup, "ext", "Open data portal")
    with pytest.raises(ApplicationError) as exc:
        candidate_services.candidate_account_close(actor=ext, password=PASSWORD)
    assert str(exc.value) == (
        "Your account cannot be closed while you have applications in progress: "
        "the contest “Strategy of Success” (results not yet published). "
        "Withdraw them or wait for their decision first."
    )
    ext.refresh_from_db()
    assert ext.is_active
