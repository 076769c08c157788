"""The demo's competition (demo/competitions.py): a vacancy of the Ministry filled by
competition — the employee appointed, the external candidate passed and not chosen."""

from __future__ import annotations

from typing import Any

from django.test import Client

from cadre.accounts.models import User
from cadre.competitions.models import Competition
from cadre.demo.competitions import TITLE
from cadre.demo.data import demo_load
from cadre.talent.models import ReserveEntry


def test_one_vacancy_filled_by_competition(demo: dict[str, Any]) -> None:
    competition = Competition.objects.get(title=TITLE)
    assert competition.stage == "appointed"
    assert competition.vacancy.status == "filled"
    outcome = {
        a.user.username: (a.state, str(a.score))
        for a in competition.applications.select_related("user")
    }
    assert outcome["employee"][0] == "won"
    assert outcome["candidate"] == ("not_selected", "6.00")
    # Ольга is in the reserve from the talent demo's contest, not entered a second time.
    assert list(
        ReserveEntry.objects.filter(candidate__username="candidate").values_list(
            "source", flat=True
        )
    ) == ["contest"]
    assert competition.organisation.code.startswith("KZ-R04-AK")
    # The announcement is public; the candidate reads her own application.
    assert Client().get(f"/c/{competition.pk}/", HTTP_ACCEPT_LANGUAGE="kk").status_code == 200
    client = Client()
    client.force_login(User.objects.get(username="candidate"))
    assert client.get("/competitions/applications/").status_code == 200
    assert demo_load()["competitions"] == 0  # once
