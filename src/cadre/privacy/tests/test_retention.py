"""Retention: policies kept by national administrators (a non-positive period refused,
nothing saved), the preview of the next run, and the run itself, in batches, holds
respected, each policy's application audited with its counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cadre.core.audit import audit_verify
from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.orgs.services import post_create
from cadre.people.models import Employee
from cadre.people.services import assignment_create
from cadre.privacy import retention, services
from cadre.privacy.models import RetentionPolicy
from cadre.privacy.tests.conftest import person

LONG_AGO = dt.date(2015, 1, 1)


def _former(world: World, personal_id: str, name: str, ended: dt.date) -> Employee:
    someone = person(world, personal_id, name, "unit_a1")
    post = post_create(
        actor=world.users["admin"],
        organisation=world.orgs["unit_a1"],
        code=f"P-{personal_id}",
        title="Analyst",
        salary_min=Decimal("100000"),
        salary_max=Decimal("200000"),
        currency="KZT",
        positions=1,
    )
    assignment_create(
        actor=world.users["admin"],
        employee=someone,
        post=post,
        start_date=dt.date(2010, 1, 1),
        end_date=ended,
        kind="main",
    )
    return someone


def _policy(category: str) -> RetentionPolicy:
    return RetentionPolicy.objects.get(category=category)


@pytest.fixture
def former(world: World) -> dict[str, Employee]:
    services.retention_policy_update(
        actor=world.users["admin"],
        instance=_policy("former_employees"),
        source="web",
        active=True,
        period_months=36,
    )
    return {
        "old1": _former(world, "F0001", "Oldman", LONG_AGO),
        "old2": _former(world, "F0002", "Olderman", LONG_AGO),
        "held": _former(world, "F0003", "Heldman", LONG_AGO),
        "recent": _former(
            world, "F0004", "Recentman", timezone.localdate() - dt.timedelta(days=30)
        ),
    }


def test_a_non_positive_period_is_refused_and_nothing_saved(as_user: Any, world: World) -> None:
    policy = _policy("data_exports")
    for months in ("0", "-3"):
        response = as_user("admin").post(
            reverse("privacy:policy_change", args=[policy.pk]),
            {"legal_basis": "x", "period_months": months, "action": "delete", "active": "on"},
        )
        assert response.status_code == 400
        assert "The period must be at least one month." in response.content.decode()
    policy.refresh_from_db()
    assert (policy.period_months, policy.legal_basis) != (0, "x")
    assert policy.period_months == 1
    with pytest.raises(ApplicationError) as refused:
        services.retention_policy_update(
            actor=world.users["admin"], instance=policy, source="cli", action="anonymise"
        )
    assert refused.value.errors == {
        "action": ["“Personal data exports” cannot be made to anonymise."]
    }


def test_only_national_administrators_change_policies(as_user: Any, world: World) -> None:
    policy = _policy("data_exports")
    url = reverse("privacy:policy_change", args=[policy.pk])
    assert as_user("hr_a").get(url).status_code == 404
    assert as_user("auditor").get(url).status_code == 403
    assert as_user("auditor").get(reverse("privacy:retention")).status_code == 200
    assert as_user("hr_a").get(reverse("privacy:retention")).status_code == 403
    response = as_user("admin").post(
        url,
        {"legal_basis": "Kept a week", "period_months": "2", "action": "delete", "reason": "DPO"},
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.period_months, policy.active) == (2, False)
    event = AuditEvent.objects.get(object_type="privacy.retentionpolicy", action="update")
    assert event.changes["period_months"] == [1, 2]
    assert event.reason == "DPO"


def test_the_preview_says_what_the_next_run_would_do_and_changes_nothing(
    as_user: Any, world: World, former: dict[str, Employee]
) -> None:
    services.legal_hold_create(
        actor=world.users["hr_a"], employee=former["held"], grounds="Court case 7"
    )
    plans = {p.policy.category: p for p in retention.preview()}
    plan = plans["former_employees"]
    assert (plan.count, plan.held) == (2, 1)
    assert plan.sample == ["Oldman Test", "Olderman Test"]
    page = as_user("admin").get(reverse("privacy:retention_preview")).content.decode()
    assert "Oldman Test; Olderman Test" in page
    assert Employee.objects.filter(last_name="Oldman").exists()


def test_the_nightly_run_anonymises_in_batches_leaves_holds_and_audits_counts(
    world: World, former: dict[str, Employee]
) -> None:
    services.legal_hold_create(
        actor=world.users["hr_a"], employee=former["held"], grounds="Court case 7"
    )
    result = retention.apply(batch=1)
    assert result["former_employees"] == {"anonymise": 2, "held": 1}
    names = dict(
        Employee.objects.filter(pk__in=[e.pk for e in former.values()]).values_list(
            "pk", "last_name"
        )
    )
    assert names[former["old1"].pk] == "—"
    assert names[former["old2"].pk] == "—"
    assert names[former["held"].pk] == "Heldman"
    assert names[former["recent"].pk] == "Recentman"
    event = AuditEvent.objects.get(
        action="privacy.retention", object_id=str(_policy("former_employees").pk)
    )
    assert event.changes == {"anonymise": [None, 2], "held": [None, 1]}
    assert audit_verify().ok
    # A second run finds nothing more to do.
    assert retention.apply()["former_employees"] == {"anonymise": 0, "held": 1}


def test_old_exports_are_deleted_with_their_files(
    world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from cadre.privacy.models import DataExport
    from cadre.privacy.retention import export_files

    with django_capture_on_commit_callbacks(execute=True):
        export = services.data_export_create(actor=world.users["hr_a"], employee=people["aliya"])
    files = export_files(export)
    assert all(f.exists() for f in files)
    DataExport.objects.filter(pk=export.pk).update(
        requested_at=timezone.now() - dt.timedelta(days=70)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.apply()["data_exports"] == {"delete": 1, "held": 0}
        assert not DataExport.objects.exists()
        # The files stay until the rows' deletion is committed (a rollback keeps both).
        assert all(f.exists() for f in files)
    assert not any(f.exists() for f in files)


def test_a_hold_placed_while_the_run_is_under_way_is_respected(
    world: World, former: dict[str, Employee], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Holds are read again in each batch's transaction: a hold placed on a person after
    the run began (here between the first and the second batch) keeps their data."""
    services.legal_hold_create(
        actor=world.users["hr_a"], employee=former["held"], grounds="Court case 7"
    )
    real_due = retention.due
    placed: list[Any] = []

    def due_then_hold(policy: RetentionPolicy, now: Any = None) -> Any:
        first_done = Employee.objects.filter(pk=former["old1"].pk, last_name="—").exists()
        if first_done and not placed:
            placed.append(
                services.legal_hold_create(
                    actor=world.users["hr_a"], employee=former["old2"], grounds="Inquiry 9"
                )
            )
        return real_due(policy, now)

    monkeypatch.setattr(retention, "due", due_then_hold)
    result = retention.apply(batch=1)
    assert placed, "the hold was placed during the run"
    assert result["former_employees"] == {"anonymise": 1, "held": 2}
    names = dict(
        Employee.objects.filter(pk__in=[e.pk for e in former.values()]).values_list(
            "pk", "last_name"
        )
    )
    assert names[former["old1"].pk] == "—"
    assert names[former["old2"].pk] == "Olderman"
    event = AuditEvent.objects.get(
        action="privacy.retention", object_id=str(_policy("former_employees").pk)
    )
    assert event.changes == {"anonymise": [None, 1], "held": [None, 2]}
