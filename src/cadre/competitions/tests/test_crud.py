"""The generated CRUD × scope cases of competitions (cadre.core.testing.crud)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cadre.accounts import services as account_services
from cadre.competitions import services
from cadre.competitions.models import Application, Competition
from cadre.competitions.tests.conftest import TEXTS
from cadre.core.choices import Role
from cadre.core.testing import crud
from cadre.core.testing.world import PASSWORD, World
from cadre.orgs import services as org_services
from cadre.talent import services as talent

SEQ = itertools.count(1)


def vacancy(world: World, where: str) -> Any:
    post = org_services.post_create(
        actor=world.users["admin"],
        organisation=world.orgs[f"unit_{where}1"],
        code=f"CP-{next(SEQ)}",
        title="Analyst",
        category="C-4",
        salary_min=Decimal(100),
        salary_max=Decimal(200),
        currency="KZT",
        positions=1,
    )
    return talent.vacancy_open(actor=world.users["admin"], post=post)


def competition(world: World, where: str) -> Competition:
    return services.competition_create(
        actor=world.users["admin"],
        vacancy=vacancy(world, where),
        title=f"Analyst {next(SEQ)}",
        announcement=TEXTS,
        applications_close=timezone.localdate() + dt.timedelta(days=10),
    )


class TestCompetitionCrud(crud.UIList, crud.UIAdd, crud.UIEdit, crud.APIRead, crud.APIWrite):
    model = Competition
    url_prefix = "competitions:competition"
    api_basename = "competition"
    api_can_delete = False

    def make(self, world: World, where: str) -> Competition:
        return competition(world, where)

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        close = timezone.localdate() + dt.timedelta(days=10)
        return {
            "vacancy": vacancy(world, where).pk,
            "title": f"Economist {next(SEQ)}",
            "applications_close": close.isoformat(),
            "interview_on": (close + dt.timedelta(days=5)).isoformat(),
            "announcement_en": "Economist of the budget office.",
            "announcement_ru": "Экономист бюджетного отдела.",
        }

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        data = self.form_data(world, where)
        del data["announcement_en"], data["announcement_ru"]
        return {**data, "announcement": {"en": "Economist.", "kk": "Экономист."}}

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {
            "title": obj.title + " (v2)",
            "applications_close": obj.applications_close.isoformat(),
            "announcement_en": "Changed.",
        }

    def api_edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"title": obj.title + " (v2)"}

    def changed(self, obj: Any) -> bool:
        return str(obj.title).endswith("(v2)")

    def export_key(self, obj: Any) -> str:
        return str(obj.title)


class TestApplicationCrud(crud.UIList, crud.APIRead):
    model = Application
    url_prefix = "competitions:application"
    api_basename = "competitionapplication"

    def make(self, world: World, where: str) -> Application:
        n = next(SEQ)
        user = account_services.user_create(
            actor=world.users["admin"], username=f"applicant{n}", password=PASSWORD
        )
        account_services.role_assignment_create(
            actor=world.users["admin"], user=user, role=Role.EXTERNAL_CANDIDATE, organisation=None
        )
        return services.application_submit(actor=user, competition=competition(world, where))

    def export_key(self, obj: Any) -> str:
        return str(obj.competition)
