"""An external candidate with an application to a competition under way cannot close their
account; once the application is refused at the document check, they can (decision 0033)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cadre.candidates import services as candidate_services
from cadre.competitions import services
from cadre.competitions.tests.conftest import announce, cast  # noqa: F401
from cadre.core.errors import ApplicationError
from cadre.core.testing.world import PASSWORD, World

pytestmark = pytest.mark.django_db


def test_an_application_under_way_keeps_the_account(world: World, cast: Any) -> None:  # noqa: F811
    dana = world.users["cand"]
    candidate_services.candidate_profile_open(actor=world.users["admin"], user=dana)
    competition = announce(world, cast["vacancy"])
    application = services.application_submit(actor=dana, competition=competition)
    with pytest.raises(ApplicationError) as exc:
        candidate_services.candidate_account_close(actor=dana, password=PASSWORD)
    assert "the competition “Analyst AN-1” (under way)" in str(exc.value)
    dana.refresh_from_db()
    assert dana.is_active

    hr = world.users["hr_a"]
    after = competition.applications_close + dt.timedelta(days=1)
    services.competition_advance(actor=hr, competition=competition, today=after)
    services.application_check(
        actor=hr, application=application, admitted=False, reason="No diploma."
    )
    candidate_services.candidate_account_close(actor=dana, password=PASSWORD)
    dana.refresh_from_db()
    assert not dana.is_active
