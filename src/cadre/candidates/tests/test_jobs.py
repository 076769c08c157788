"""Sign-ups never verified are closed by the nightly job; an administrator opens a verified
profile for an account given the role by hand."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cadre.accounts import services as account_services
from cadre.accounts.models import User
from cadre.candidates import jobs, services
from cadre.candidates.models import CandidateProfile
from cadre.candidates.tests.conftest import sign_up, verified_candidate
from cadre.core.choices import Role
from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_unverified_sign_ups_are_closed_after_the_days(
    django_capture_on_commit_callbacks: Any,
) -> None:
    sign_up(Client(), django_capture_on_commit_callbacks, "old@example.kz")
    sign_up(Client(), django_capture_on_commit_callbacks, "new@example.kz")
    verified_candidate(Client(), django_capture_on_commit_callbacks, "kept@example.kz")
    CandidateProfile.objects.filter(
        user__username__in=["old@example.kz", "kept@example.kz"]
    ).update(created_at=timezone.now() - timedelta(days=8))
    assert jobs.unverified_close_scheduled() == 1
    assert not User.objects.filter(username="old@example.kz").exists()
    assert User.objects.filter(username="new@example.kz", is_active=False).exists()
    assert User.objects.filter(username="kept@example.kz", is_active=True).exists()
    closed = User.objects.get(email="", username__startswith="closed-")
    assert AuditEvent.objects.filter(action="user.close", object_id=str(closed.pk)).count() == 1
    assert CandidateProfile.objects.count() == 2
    # The address is free again.
    assert (
        sign_up(Client(), django_capture_on_commit_callbacks, "old@example.kz").status_code == 302
    )


def test_profile_opened_by_an_administrator(world: Any) -> None:
    admin = world.users["admin"]
    user = account_services.user_create(actor=admin, username="paper", password="x" * 20)
    with pytest.raises(ApplicationError) as refused:
        services.candidate_profile_open(actor=admin, user=user)
    assert refused.value.code == "invalid"
    account_services.role_assignment_create(
        actor=admin, user=user, role=Role.EXTERNAL_CANDIDATE, organisation=None
    )
    with pytest.raises(ApplicationError) as refused:
        services.candidate_profile_open(actor=world.users["employee_a1"], user=user)
    assert refused.value.code == "scope"
    profile = services.candidate_profile_open(actor=admin, user=user)
    assert profile.verified_at is not None
    with pytest.raises(ApplicationError) as refused:
        services.candidate_profile_open(actor=admin, user=user)
    assert refused.value.code == "unique"
    assert CandidateProfile.objects.filter(user=user).count() == 1
