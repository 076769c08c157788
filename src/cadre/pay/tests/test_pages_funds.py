"""The fund pages, the run page's pages, the new pages' query counts and a head of unit's
refusals, through HTTP (the salary and rule pages: ``test_pages``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cadre.core.testing.world import World
from cadre.pay import services
from cadre.pay.models import Fund, Rule, RunLine, Salary
from cadre.pay.tests.test_pages import _salary, errors

pytestmark = pytest.mark.django_db


# --- funds -----------------------------------------------------------------------------------


def _fund(world: World, pay: Any, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Second fund",
        "organisation": world.orgs["body_a"].pk,
        "period": pay["period"].pk,
        "rule": pay["rule"].pk,
        "amount": "150000.50",
        "currency": "KZT",
        **extra,
    }


def test_a_fund_typed_in_tenge_is_kept_in_tiyn_exactly(world: World, pay: Any, en: Any) -> None:
    response = en("hr_a").post("/pay/funds/add/", _fund(world, pay))
    assert response.status_code == 302
    fund = Fund.objects.get(name="Second fund")
    assert (fund.amount, fund.currency, fund.organisation, fund.rule) == (
        15_000_050,
        "KZT",
        world.orgs["body_a"],
        pay["rule"],
    )
    assert response["Location"] == f"/pay/funds/{fund.pk}/"


def test_a_bad_fund_is_refused_with_every_problem_at_once(world: World, pay: Any, en: Any) -> None:
    client = en("hr_a")
    before = Fund.objects.count()
    both = client.post("/pay/funds/add/", _fund(world, pay, amount="-1", currency="RUB"))
    assert errors(both) == {
        "amount": ["A fund must be more than zero."],
        "currency": ["The salaries of the people this fund covers are in KZT, not in RUB."],
    }
    decimals = client.post("/pay/funds/add/", _fund(world, pay, amount="10.001", name=""))
    assert errors(decimals) == {
        "name": ["This field is required."],
        "amount": ["A KZT amount has at most 2 decimal places."],
    }
    outside = client.post(
        "/pay/funds/add/", _fund(world, pay, organisation=world.orgs["body_b"].pk)
    )
    assert list(errors(outside)) == ["organisation"]
    assert Fund.objects.count() == before
    for username in ("employee_a1", "manager_a1"):
        assert en(username).get("/pay/funds/add/").status_code == 403
        assert en(username).post("/pay/funds/add/", _fund(world, pay)).status_code == 403
    assert Fund.objects.count() == before


def test_a_fund_without_runs_is_deleted_one_with_runs_kept(world: World, pay: Any, en: Any) -> None:
    client = en("hr_a")
    fund = pay["fund"]
    assert (
        f'href="/pay/funds/{fund.pk}/delete/"'
        in client.get(fund.get_absolute_url()).content.decode()
    )
    assert en("hr_b").post(f"/pay/funds/{fund.pk}/delete/", {}).status_code == 404
    services.run_propose(actor=world.users["hr_a"], fund=fund)
    page = client.get(fund.get_absolute_url()).content.decode()
    assert f'href="/pay/funds/{fund.pk}/delete/"' not in page
    refused = client.post(f"/pay/funds/{fund.pk}/delete/", {}, follow=True)
    assert "This fund has runs and cannot be deleted." in refused.content.decode()
    assert Fund.objects.filter(pk=fund.pk).exists()
    spare = services.fund_create(
        actor=world.users["hr_a"],
        name="Spare",
        organisation=world.orgs["body_a"],
        period=pay["period"],
        rule=pay["rule"],
        amount=100,
        currency="KZT",
    )
    assert client.post(f"/pay/funds/{spare.pk}/delete/", {"reason": "Twice"}).status_code == 302
    assert not Fund.objects.filter(pk=spare.pk).exists()


# --- the run page ----------------------------------------------------------------------------


def test_the_run_page_pages_its_lines_with_the_total(
    world: World, pay: Any, en: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cadre.pay import views

    monkeypatch.setattr(views, "LINES_PER_PAGE", 4)
    run = services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])
    ordered = list(RunLine.objects.filter(run=run).order_by("employee_id"))
    first = en("hr_a").get(f"/pay/runs/{run.pk}/").content.decode()
    assert "6 results" in first and "Page 1 of 2" in first
    # The run's fund and proposer, not the run's own name twice.
    assert f"<dd>{pay['fund'].name}</dd>" in first
    assert f"<dd>{world.users['hr_a']}</dd>" in first
    assert all(line.get_absolute_url() in first for line in ordered[:4])
    assert ordered[4].get_absolute_url() not in first
    second = en("hr_a").get(f"/pay/runs/{run.pk}/?page=2").content.decode()
    assert "Page 2 of 2" in second
    assert [line.get_absolute_url() in second for line in ordered] == [False] * 4 + [True] * 2


# --- queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "most"),
    [
        ("/pay/salaries/add/", 6),
        ("/pay/rules/add/", 6),
        ("/pay/funds/add/", 8),
        ("salary", 8),
        ("rule", 9),
        ("run", 10),
    ],
)
def test_the_new_pages_keep_their_queries(
    world: World, pay: Any, en: Any, django_assert_max_num_queries: Any, url: str, most: int
) -> None:
    """The counts measured on SQLite and on PostgreSQL (the same on both), whatever the
    number of rows; the lists are in ``core/tests/query_counts.json``."""
    client = en("hr_a")
    client.get("/")
    if url == "salary":
        url = f"/pay/salaries/{Salary.objects.first().pk}/"  # type: ignore[union-attr]
    elif url == "rule":
        url = f"/pay/rules/{pay['rule'].pk}/"
    elif url == "run":
        url = services.run_propose(actor=world.users["hr_a"], fund=pay["fund"]).get_absolute_url()
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200


def test_the_head_of_a_unit_of_another_body_opens_no_setup_page(
    world: World, pay: Any, en: Any
) -> None:
    """A head of unit sees their people's lines (line management), not the pay setup."""
    from cadre.orgs.services import post_create
    from cadre.people.services import assignment_create, employee_create, employee_link_user

    admin = world.users["admin"]
    head = employee_create(
        actor=admin,
        personal_id="H0002",
        last_name="Head",
        first_name="Test",
        birth_date=dt.date(1980, 1, 1),
        gender="M",
        organisation=world.orgs["unit_b1"],
    )
    employee_link_user(actor=admin, employee=head, user=world.users["nobody"])
    post = post_create(
        actor=admin,
        organisation=world.orgs["unit_b1"],
        code="HEAD-B1",
        title="Head of unit",
        salary_min=Decimal(1),
        salary_max=Decimal(2),
        currency="KZT",
        is_head=True,
    )
    assignment_create(actor=admin, employee=head, post=post, start_date=dt.date(2025, 1, 1))
    client = en("nobody")
    salary = Salary.objects.get(employee=pay["people"]["B0001"])  # one of their people
    before = (Salary.objects.count(), Rule.objects.count(), Fund.objects.count())
    for url in ("/pay/salaries/", "/pay/salaries/add/", "/pay/rules/", "/pay/rules/add/"):
        assert client.get(url).status_code == 403, url
    assert client.get("/pay/funds/add/").status_code == 403
    assert client.get(f"/pay/salaries/{salary.pk}/").status_code == 403
    assert client.post("/pay/salaries/add/", _salary(pay)).status_code == 403
    assert client.post("/pay/funds/add/", _fund(world, pay)).status_code == 403
    home = client.get("/").content.decode()
    assert 'href="/pay/salaries/"' not in home and 'href="/pay/rules/"' not in home
    assert (Salary.objects.count(), Rule.objects.count(), Fund.objects.count()) == before
