"""The generated CRUD × scope cases of the pay pages (salaries, rule versions, funds): who may
list, add, edit and delete them, in scope and out, audited with the reason (core/testing/crud.py;
the API's cases are in test_pay)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.pay import services
from cadre.pay.models import Fund, Rule, Salary
from cadre.pay.tests.test_pay import PayCases, _fund, _period, _person, _rule


class TestFundPageCases(PayCases, crud.UIAdd, crud.UIDelete):
    model = Fund
    url_prefix = "pay:fund"

    def make(self, world: World, where: str) -> Fund:
        return _fund(world, where)

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "name": f"Page fund {where}",
            "organisation": world.orgs[f"body_{where}"].pk,
            "period": _period().pk,
            "rule": _rule(world, where).pk,
            "amount": "50000.00",
            "currency": "KZT",
        }


class TestSalaryPageCases(PayCases, crud.UIList, crud.UIAdd, crud.UIDelete):
    model = Salary
    url_prefix = "pay:salary"

    def make(self, world: World, where: str) -> Salary:
        return services.salary_set(
            actor=world.users["admin"],
            employee=_person(world, where),
            amount=10_000_000,
            currency="KZT",
            valid_from=dt.date(2026, 1, 1),
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "employee": _person(world, where).pk,
            "amount": "150000.50",
            "currency": "KZT",
            "valid_from": "2026-02-01",
        }

    def export_key(self, obj: Any) -> str:
        return str(obj.employee)


class TestRulePageCases(PayCases, crud.UIList, crud.UIAdd, crud.UIEdit, crud.UIDelete):
    model = Rule
    url_prefix = "pay:rule"

    def make(self, world: World, where: str) -> Rule:
        return _rule(world, where)

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "organisation": world.orgs[f"body_{where}"].pk,
            "code": f"PAGE-{where}",
            "min_achievement": "60",
            "min_months": "3",
            "period_months": "12",
            "target_share": "1",
            "max_factor": "150",
            "cap_salaries": "2",
            "rounding_unit": "1",
        }

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        data = self.form_data(world, "a")
        return {**data, "organisation": obj.organisation_id, "code": obj.code, "cap_salaries": "3"}

    def changed(self, obj: Any) -> bool:
        return str(obj.cap_salaries) == "3.0000"

    def export_key(self, obj: Any) -> str:
        return obj.code
