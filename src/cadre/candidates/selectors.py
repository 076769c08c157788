"""Reads of the candidates app."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from cadre.candidates.models import CandidateProfile
from cadre.orgs.choices import OrgKind
from cadre.orgs.models import Organisation
from cadre.people.models import Employee


def regions() -> QuerySet[Organisation]:
    """The countries and regions a candidate may prefer: public territory names, listed to
    anyone (a candidate reaches no organisation otherwise), a few dozen rows."""
    return Organisation.objects.filter(kind__in=[OrgKind.COUNTRY, OrgKind.REGION]).order_by("path")


def profile_of(user: Any, action: str = "view") -> CandidateProfile | None:
    """The user's own candidate profile, if they have one and may do ``action`` on it."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        CandidateProfile.objects.restrict(user, action)
        .select_related("user", "region")
        .filter(user_id=user.pk)
        .first()
    )


def account_of_address(email: str) -> Any | None:
    """The account an address already names (as its address or its username), if any."""
    email = email.strip()
    return (
        get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .select_related("candidate_profile")
        .order_by("pk")
        .first()
    )


def is_pending_signup(user: Any) -> bool:
    """Whether ``user`` is a self sign-up whose address is not verified yet."""
    profile = getattr(user, "candidate_profile", None)
    return bool(not user.is_active and profile is not None and profile.verified_at is None)


def unverified_since(before: datetime) -> QuerySet[CandidateProfile]:
    """Sign-ups made before ``before`` and never verified."""
    return CandidateProfile.objects.filter(
        verified_at__isnull=True, created_at__lt=before, user__is_active=False
    ).select_related("user")


def has_employee_record(user: Any) -> bool:
    """Whether ``user`` has an employee record (an external candidate appointed to a post):
    HR keeps that record, so the account is not closed by its owner (decision 0034)."""
    return Employee.objects.filter(user_id=user.pk).exists()
