"""A rule prorates over the months of the fund's KPI period: a fund whose rule counts other
months is refused (on create, on the rule's change, in the what-if), naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cadre.core.errors import ApplicationError
from cadre.core.testing.world import World
from cadre.kpi.models import Period
from cadre.pay import selectors, services
from cadre.pay.models import Fund, Run

pytestmark = pytest.mark.django_db

YEAR_RULE_ON_A_QUARTER = (
    "The rule “DIGITAL v1” counts 12 months in a period; the period 2026-Q3 has 3. "
    "Use a rule made for periods of 3 months."
)


def _quarter() -> Period:
    return Period.objects.create(
        code="2026-Q3", kind="quarter", start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30)
    )


def test_the_months_of_a_quarter_and_a_year() -> None:
    assert str(selectors.months_of(_quarter())) == "3.00"
    year = Period(code="2025", kind="year", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert str(selectors.months_of(year)) == "12.00"


def test_a_fund_whose_rule_counts_other_months_is_refused(world: World, pay: Any) -> None:
    quarter = _quarter()
    with pytest.raises(ApplicationError) as refused:
        services.fund_create(
            actor=world.users["hr_a"],
            name="Quarter fund",
            organisation=world.orgs["body_a"],
            period=quarter,
            rule=pay["rule"],
            amount=1_000_000,
            currency="KZT",
        )
    assert refused.value.errors == {"rule": [YEAR_RULE_ON_A_QUARTER]}
    quarterly = services.rule_create(
        actor=world.users["admin"],
        organisation=world.orgs["country"],
        code="QUARTERLY",
        period_months="3",
    )
    fund = services.fund_create(
        actor=world.users["hr_a"],
        name="Quarter fund",
        organisation=world.orgs["body_a"],
        period=quarter,
        rule=quarterly,
        amount=1_000_000,
        currency="KZT",
    )
    assert Fund.objects.filter(pk=fund.pk, period=quarter).exists()


def test_the_api_refuses_it_naming_the_rule(world: World, pay: Any, api_as: Any) -> None:
    _quarter()
    answer = api_as("hr_a").post(
        "/api/v1/bonus-funds/",
        {
            "name": "Quarter fund",
            "organisation": world.orgs["body_a"].pk,
            "period": "2026-Q3",
            "rule": pay["rule"].pk,
            "amount": 1_000_000,
            "currency": "KZT",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {"field": "rule", "code": "invalid", "message": YEAR_RULE_ON_A_QUARTER}
    ]
    assert Fund.objects.count() == 1


def test_a_rule_a_fund_uses_keeps_the_months_of_its_period(world: World, pay: Any) -> None:
    rule = pay["rule"]
    with pytest.raises(ApplicationError) as refused:
        services.rule_update(actor=world.users["admin"], rule=rule, period_months="6")
    assert refused.value.errors == {
        "period_months": [
            "The rule “DIGITAL v1” counts 6 months in a period; the period 2026 has 12. "
            "Use a rule made for periods of 12 months."
        ]
    }
    rule.refresh_from_db()
    assert str(rule.period_months) == "12.00"
    services.rule_update(actor=world.users["admin"], rule=rule, cap_salaries="2")


def test_the_what_if_refuses_other_months(world: World, pay: Any, api_as: Any) -> None:
    fund = pay["fund"]
    bad = api_as("hr_a").post(
        f"/api/v1/bonus-funds/{fund.pk}/what-if/",
        {"period_months": "3"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {
            "field": "period_months",
            "code": "invalid",
            "message": "The rule “DIGITAL v1” counts 3 months in a period; the period 2026 "
            "has 12. Use a rule made for periods of 12 months.",
        }
    ]
    same = api_as("hr_a").post(
        f"/api/v1/bonus-funds/{fund.pk}/what-if/", {"period_months": "12"}, format="json"
    )
    assert same.status_code == 200 and same.json()["allocated"] == 70_000_000
    assert not Run.objects.exists()
