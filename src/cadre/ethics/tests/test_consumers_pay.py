"""What the consumers in pay make of ethics control: a sanction in force withholds the bonus
with the rule and the case on the explanation line; a declared relation keeps a member off
an appeal panel with the relation's kind — and nothing else of it — as the reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cadre.appeals.models import Appeal, PanelMember
from cadre.appeals.services import appeal_admit, appeal_file
from cadre.core.errors import ApplicationError
from cadre.core.testing.world import World
from cadre.ethics import services
from cadre.ethics.models import Case
from cadre.ethics.tests.conftest import account, person
from cadre.pay import services as pay_services
from cadre.pay.models import RunLine
from cadre.pay.tests.conftest import pay  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
LAW = "KZ: Labour Code art. 66; Law 416-V on the civil service"


def sanction(world: World, employee: Any) -> Case:
    """A reprimand of six months from today, decided by a commission of one."""
    from cadre.core.choices import Role

    officer = account(world, "ethics_a", Role.ETHICS_OFFICER, "body_a")
    member = account(world, "ethics_a2", Role.ETHICS_OFFICER, "body_a")
    case = services.case_open(actor=officer, employee=employee, grounds="Late reports")
    Case.objects.filter(pk=case.pk).update(
        explanation_due=timezone.localdate() - dt.timedelta(days=1)
    )
    services.case_commission(actor=officer, case=case, members=[member])
    return services.case_decide(
        actor=member,
        case=case,
        outcome="upheld",
        decision_text="Breach",
        sanction="reprimand",
        term_months=6,
    )


def test_a_sanction_withholds_the_bonus_and_the_line_cites_rule_and_case(
    world: World,
    pay: Any,  # noqa: F811
    as_user: Any,
) -> None:
    world.orgs["country"].country = "KZ"
    world.orgs["country"].save()
    case = sanction(world, pay["people"]["A0002"])
    run = pay_services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])
    line = RunLine.objects.get(run=run, employee=pay["people"]["A0002"])
    assert case.sanction_until is not None
    why = (
        f"not eligible: active sanction until {case.sanction_until.isoformat()} "
        f"(case {case.pk}; {LAW})"
    )
    assert (line.amount, line.reason, line.ineligible_reason) == (0, 4, why)
    assert run.lines.exclude(employee=pay["people"]["A0002"]).filter(reason=4).count() == 0
    page = as_user("hr_a").get(line.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    content = page.content.decode()
    assert f"not eligible — {why}" in content
    assert "Late reports" not in content


def test_a_declared_relation_keeps_a_member_off_the_appeal_panel(
    world: World,
    pay: Any,  # noqa: F811
) -> None:
    run = pay_services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])
    run = pay_services.run_approve(actor=world.users["admin"], run=run)
    line = RunLine.objects.get(run=run, employee=pay["people"]["A0001"])
    appeal = appeal_file(actor=world.users["employee_a1"], line=line, grounds="Why.")
    panel_user = world.users["hr_b"]
    relative = person(world, "B0099", "Relative", "unit_b1", panel_user)
    services.declaration_create(
        actor=world.users["employee_a1"],
        employee=pay["people"]["A0001"],
        kind="business",
        related_employee=relative,
        description="We share a company",
        starts_on=dt.date(2024, 1, 1),
    )
    with pytest.raises(ApplicationError) as caught:
        appeal_admit(actor=world.users["hr_a"], appeal=appeal, panel=[panel_user])
    assert (str(caught.value), caught.value.code, list(caught.value.errors)) == (
        "hr_b may not sit on this panel: declared interest: business interest.",
        "excluded",
        ["panel"],
    )
    appeal.refresh_from_db()
    assert (appeal.state, PanelMember.objects.count()) == ("filed", 0)
    assert Appeal.objects.count() == 1
