"""Pay that citizens' ratings can lower: frozen scores, the policy's conditions one by one,
the reviews, the hold of an appeal, and the share withheld in a pay run — as HR, managers
and the official meet them through the API and the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from cadre.appeals.services import appeal_file
from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.kpi.models import Period
from cadre.pay import services as pay
from cadre.pay.models import RunLine
from cadre.ratingpay import selectors, services
from cadre.ratingpay.models import SnapshotRow
from cadre.ratings.models import EmployeeScore

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(api_as: Any) -> Any:
    def make(username: str) -> Any:
        client = api_as(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


# personal id → (ratings, negatives, expected, ratio, low, high, p_worse) in 2025, in 2026
SCORES = {
    "A0001": ((90, 30, 15.0, 1.9, 1.4, 2.5, 0.99), (80, 28, 14.0, 1.9, 1.4, 2.6, 0.97)),
    "A0003": ((60, 8, 9.0, 0.9, 0.5, 1.4, 0.30), (70, 20, 10.0, 1.8, 1.2, 2.6, 0.95)),
    "A0004": ((9, 5, 1.0, 3.0, 1.0, 6.0, 0.95), (10, 6, 1.2, 3.2, 1.1, 6.1, 0.96)),
    "A0002": ((50, 2, 8.0, 0.4, 0.2, 0.7, 0.0), (55, 2, 9.0, 0.35, 0.15, 0.7, 0.0)),
}


def _scores(people: dict[str, Any], year: int) -> None:
    for pid, by_year in SCORES.items():
        r, n, e, ratio, low, high, p = by_year[year - 2025]
        EmployeeScore.objects.update_or_create(
            employee=people[pid],
            defaults={
                "computed_at": timezone.now(),
                "ratings": r,
                "negatives": n,
                "expected": e,
                "ratio": ratio,
                "ratio_low": low,
                "ratio_high": high,
                "p_worse": p,
                "reliably_worse": p > 0.9,
                "mean": 4.0,
            },
        )


@pytest.fixture
def rated(world: World, pay: dict[str, Any]) -> dict[str, Any]:
    admin = world.users["admin"]
    before = Period.objects.create(
        code="2025", kind="year", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    )
    _scores(pay["people"], 2025)
    services.snapshot_take(actor=admin, period=before)
    _scores(pay["people"], 2026)
    services.snapshot_take(actor=admin, period=pay["period"])
    policy = services.policy_create(
        actor=world.users["hr_a"],
        organisation=world.orgs["body_a"],
        period=pay["period"],
        min_ratings=30,
        min_probability="0.9",
        share="0.2",
    )
    return {**pay, "policy": policy, "before": before}


def test_the_share_is_a_percentage_in_each_language(
    world: World, rated: dict[str, Any], as_user: Any
) -> None:
    from cadre.ratingpay.models import Policy

    Policy.objects.filter(pk=rated["policy"].pk).update(share=Decimal("0.125"))
    url = f"/rating-pay/{rated['policy'].pk}/"
    english = as_user("hr_a").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    russian = as_user("hr_a").get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "<dd>12.5\u00a0%</dd>" in english
    assert "<dd>12,5\u00a0%</dd>" in russian


def _by_pid(candidates: list[Any]) -> dict[str, Any]:
    return {c.employee.personal_id: c for c in candidates}


def test_who_is_flagged_and_why_the_consequence_does_not_apply_yet(rated: dict[str, Any]) -> None:
    found = _by_pid(selectors.candidates(rated["policy"]))
    # A0004 has too few ratings; A0002 is better than expected; B0001 is outside body A
    assert sorted(found) == ["A0001", "A0003"]
    assert found["A0001"].flagged_before is True
    assert found["A0001"].missing == ["no review by manager yet", "no review by HR yet"]
    assert found["A0003"].missing == [
        "not flagged in the period before",
        "no review by manager yet",
        "no review by HR yet",
    ]
    assert [r.employee.personal_id for r in selectors.recognised(rated["policy"])] == ["A0002"]


def test_the_scores_used_are_those_frozen_not_those_of_today(
    world: World, rated: dict[str, Any]
) -> None:
    EmployeeScore.objects.filter(employee=rated["people"]["A0001"]).update(p_worse=0.1)
    assert "A0001" in _by_pid(selectors.candidates(rated["policy"]))
    with pytest.raises(ApplicationError, match="The scores of 2026 are already frozen"):
        services.snapshot_take(actor=world.users["admin"], period=rated["period"])
    assert SnapshotRow.objects.filter(snapshot__period=rated["period"]).count() == len(SCORES)


def test_reviews_by_a_manager_and_hr_make_it_apply_and_a_run_withholds_the_share(
    world: World, rated: dict[str, Any], api_as: Any
) -> None:
    policy, a1 = rated["policy"], rated["people"]["A0001"]
    url = f"/api/v1/rating-pay-policies/{policy.pk}/reviews/"
    own = api_as("employee_a1").post(
        url, {"employee": a1.pk, "stage": "manager", "agrees": False, "reason": "x"}, format="json"
    )
    assert own.status_code == 403  # the official may not read policies at all
    outsider = api_as("hr_b").post(
        url, {"employee": a1.pk, "stage": "hr", "agrees": True, "reason": "x"}, format="json"
    )
    assert outsider.status_code == 404
    manager = api_as("manager_a1").post(
        url,
        {"employee": a1.pk, "stage": "manager", "agrees": True, "reason": "Complaints checked."},
        format="json",
    )
    assert manager.status_code == 201, manager.content
    assert manager.json()["missing"] == ["no review by HR yet"]
    again = api_as("manager_a1").post(
        url,
        {"employee": a1.pk, "stage": "manager", "agrees": True, "reason": "Twice."},
        format="json",
    )
    assert again.status_code == 400
    assert again.json()["errors"][0]["message"] == "This review is already recorded."
    hr = api_as("hr_a").post(
        url,
        {"employee": a1.pk, "stage": "hr", "agrees": True, "reason": "Two periods running."},
        format="json",
    )
    assert hr.json()["applies"] is True

    run = pay.run_propose(actor=world.users["hr_a"], fund=rated["fund"])
    line = RunLine.objects.get(run=run, employee=a1)
    allocated_to = line.amount + line.withheld
    assert line.withheld == allocated_to * 2 // 10 and line.withheld > 0
    assert line.withheld_reason == ("citizens' ratings: reliably worse than expected in 2026")
    assert run.withheld == line.withheld  # A0003's consequence does not apply
    assert sum(run.lines.values_list("amount", flat=True)) + run.withheld == run.allocated
    assert run.allocated + run.unallocated == run.fund_amount
    actions = set(
        AuditEvent.objects.filter(object_type="ratingpay.review").values_list("action", flat=True)
    )
    assert actions == {"review"}


def test_an_appeal_under_way_suspends_the_consequence(world: World, rated: dict[str, Any]) -> None:
    policy, a1 = rated["policy"], rated["people"]["A0001"]
    services.review_record(
        actor=world.users["manager_a1"],
        policy=policy,
        employee=a1,
        stage="manager",
        agrees=True,
        reason="ok",
    )
    services.review_record(
        actor=world.users["hr_a"],
        policy=policy,
        employee=a1,
        stage="hr",
        agrees=True,
        reason="ok",
    )
    run = pay.run_approve(
        actor=world.users["admin"],
        run=pay.run_propose(actor=world.users["hr_a"], fund=rated["fund"]),
    )
    appeal_file(
        actor=world.users["employee_a1"],
        line=RunLine.objects.get(run=run, employee=a1),
        grounds="The ratings of March were a campaign against our office.",
    )
    case = selectors.candidate(policy, a1.pk)
    assert case is not None and case.missing == ["an appeal is under way"]


def test_refusals_name_the_field_and_change_nothing(world: World, rated: dict[str, Any]) -> None:
    a3 = rated["people"]["A0003"]
    with pytest.raises(ApplicationError) as exc:
        services.policy_create(
            actor=world.users["hr_a"],
            organisation=world.orgs["unit_a1"],
            period=rated["period"],
            share="0.6",
        )
    assert exc.value.errors == {
        "share": ["The share withheld must be between 0.001 and 0.5 of the bonus."]
    }
    with pytest.raises(ApplicationError, match="already has a policy for the period"):
        services.policy_create(
            actor=world.users["hr_a"], organisation=world.orgs["body_a"], period=rated["period"]
        )
    with pytest.raises(ApplicationError, match="Only a national administrator"):
        services.snapshot_take(actor=world.users["hr_a"], period=rated["before"])
    with pytest.raises(ApplicationError, match="Only one of this person's managers"):
        services.review_record(
            actor=world.users["hr_b"],
            policy=rated["policy"],
            employee=a3,
            stage="manager",
            agrees=True,
            reason="x",
        )
    with pytest.raises(ApplicationError, match="nothing to review"):
        services.review_record(
            actor=world.users["hr_a"],
            policy=rated["policy"],
            employee=rated["people"]["A0002"],
            stage="hr",
            agrees=True,
            reason="x",
        )
    assert not rated["policy"].reviews.exists()


def test_pages_show_the_case_to_hr_and_the_official(
    world: World, rated: dict[str, Any], as_user: Any
) -> None:
    page = as_user("hr_a").get(f"/rating-pay/{rated['policy'].pk}/", HTTP_ACCEPT_LANGUAGE="en")
    page = page.content.decode()
    assert "Person A0001" in page and "Person A0003" in page
    assert "not flagged in the period before" in page
    # The share withheld (kept as 0.200) reads as a percentage in the reader's language.
    assert "<dd>20\u00a0%</dd>" in page
    listed = as_user("hr_a").get("/rating-pay/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<td>20\u00a0%</td>" in listed and "0.200" not in listed
    mine = as_user("employee_a1").get("/rating-pay/mine/", HTTP_ACCEPT_LANGUAGE="en")
    mine = mine.content.decode()
    assert "flags you, but no consequence applies" in mine
    assert "28 / 14.0" in mine  # observed / expected negatives of 2026
    assert Decimal("0.97") == Decimal(
        str(
            SnapshotRow.objects.get(
                employee=rated["people"]["A0001"], snapshot__period=rated["period"]
            ).p_worse
        )
    )


# --- the generated CRUD × scope cases -----------------------------------------------------

from cadre.core.testing import crud  # noqa: E402
from cadre.ratingpay.models import Policy  # noqa: E402


def _period(code: str = "2028") -> Period:
    year = int(code)
    return Period.objects.get_or_create(
        code=code,
        defaults={"kind": "year", "start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)},
    )[0]


class TestPolicyCases(crud.UIList, crud.APIRead, crud.APIWrite):
    model = Policy
    url_prefix = "ratingpay:policy"
    api_basename = "policy"
    api_can_update = False

    def export_key(self, obj: Any) -> str:
        return str(obj.organisation)

    def make(self, world: World, where: str) -> Policy:
        return services.policy_create(
            actor=world.users["admin"],
            organisation=world.orgs[f"unit_{where}1"],
            period=_period(),
        )

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return {"organisation": world.orgs[f"body_{where}"].pk, "period": _period("2029").code}


def test_a_policy_someone_was_reviewed_under_stays(
    world: World, rated: dict[str, Any], api_as: Any
) -> None:
    services.review_record(
        actor=world.users["hr_a"],
        policy=rated["policy"],
        employee=rated["people"]["A0001"],
        stage="hr",
        agrees=False,
        reason="Complaints were about the queue, not the official.",
    )
    response = api_as("hr_a").delete(f"/api/v1/rating-pay-policies/{rated['policy'].pk}/")
    assert response.status_code == 409
    assert Policy.objects.filter(pk=rated["policy"].pk).exists()


def test_freezing_scores_through_the_api(world: World, api_as: Any) -> None:
    period = _period("2030")
    assert (
        api_as("hr_a")
        .post("/api/v1/rating-pay-policies/freeze-scores/", {"period": "2030"}, format="json")
        .status_code
        == 400
    )
    frozen = api_as("admin").post(
        "/api/v1/rating-pay-policies/freeze-scores/", {"period": "2030"}, format="json"
    )
    assert frozen.status_code == 201
    assert frozen.json()["period"] == period.code
    again = api_as("admin").post(
        "/api/v1/rating-pay-policies/freeze-scores/", {"period": "2030"}, format="json"
    )
    assert again.status_code == 409
    unknown = api_as("admin").post(
        "/api/v1/rating-pay-policies/freeze-scores/", {"period": "1999"}, format="json"
    )
    assert unknown.json()["errors"][0] == {
        "field": "period",
        "code": "invalid",
        "message": "There is no period 1999.",
    }
