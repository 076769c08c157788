"""The generated CRUD × scope cases of contests and their entries (cadre.core.testing.crud)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from cadre.contests import services
from cadre.contests.models import Application, Contest
from cadre.contests.tests.conftest import contest_data
from cadre.core.testing import crud
from cadre.core.testing.world import World

SEQ = itertools.count(1)


def _dates() -> dict[str, str]:
    today = timezone.localdate()
    return {
        name: (today + dt.timedelta(days=days)).isoformat()
        for name, days in (
            ("applications_open", -1),
            ("applications_close", 5),
            ("screening_close", 10),
            ("scoring_close", 20),
            ("final_on", 25),
            ("results_on", 30),
        )
    }


def _form(world: World, where: str) -> dict[str, Any]:
    return {
        "organisation": world.orgs[f"body_{where}"].pk,
        "title": f"Contest {next(SEQ)}",
        "description": "",
        **_dates(),
        "open_to": "all",
        "max_age": "",
        "eligibility": "",
        "scale_max": "5",
        "min_scores": "3",
        "disagreement": "1.5",
        "winners": "2",
        "finalists": "3",
        "post_group": "B",
    }


def make_contest(world: World, where: str) -> Contest:
    return services.contest_create(
        actor=world.users["admin"], **contest_data(world, where, title=f"Contest {next(SEQ)}")
    )


class TestContestCrud(
    crud.UIList, crud.UIAdd, crud.UIEdit, crud.UIDelete, crud.APIRead, crud.APIWrite
):
    model = Contest
    url_prefix = "contests:contest"
    api_basename = "contest"

    def make(self, world: World, where: str) -> Contest:
        return make_contest(world, where)

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return _form(world, where)

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        data = _form(world, "a")
        del data["organisation"]
        return {**data, "title": "Changed"}

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        data = _form(world, where)
        return {
            **data,
            "max_age": None,
            "scale_max": 5,
            "min_scores": 3,
            "winners": 2,
            "finalists": 3,
        }

    def api_edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"title": "Changed"}

    def changed(self, obj: Any) -> bool:
        return bool(obj.title == "Changed")


class TestApplicationCrud(crud.UIList, crud.APIRead):
    model = Application
    url_prefix = "contests:application"
    api_basename = "contestentry"

    def make(self, world: World, where: str) -> Application:
        contest = make_contest(world, where)
        admin = world.users["admin"]
        category = services.category_add(actor=admin, contest=contest, code="GOV", name="Gov")
        return services.calibration_add(
            actor=admin, category=category, title=f"Entry {next(SEQ)}", summary="A project"
        )
