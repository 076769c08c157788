"""What the candidates app adds to Cadre (decision 0033): the public sign-up pages, the
external candidate's own profile (page and API), their menu — and nothing else of the
menu — their home items, and the nightly closing of sign-ups never verified."""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.accounts import extensions
from cadre.candidates import config, home, hooks, selectors
from cadre.core.choices import Role
from cadre.core.permissions import grant_own, roles_of
from cadre.core.registry import DELETE, AppParts, MenuEntry, PersonalRecords, contribute, limit_menu


def _has_profile(user: Any) -> bool:
    """An external candidate with a verified profile (one query, for that role only)."""
    if Role.EXTERNAL_CANDIDATE not in roles_of(user):
        return False
    profile = selectors.profile_of(user)
    return profile is not None and profile.verified_at is not None


def _candidate_only(user: Any) -> frozenset[str] | None:
    """An external candidate who holds no other role is shown their own pages only."""
    if getattr(user, "is_superuser", False) or not getattr(user, "is_authenticated", False):
        return None
    roles = roles_of(user)
    if roles == {Role.EXTERNAL_CANDIDATE}:
        return frozenset(hooks.candidate_pages)
    return None


contribute(
    AppParts(
        app="candidates",
        urls=(("candidates/", "cadre.candidates.urls"),),
        api_paths=(("candidates/me/", "cadre.candidates.api.CandidateMeView", "candidate-me"),),
        menu=(MenuEntry(_("My profile"), "candidates:profile", 5, _has_profile),),
        home=(home.welcome,),
        # An appointed candidate's profile (phone, CV): deleted on erasure (decision 0034).
        personal_data=(PersonalRecords("candidates.candidateprofile", "user__employee", DELETE),),
        periodic={
            # Sign-ups never verified: closed, their addresses free again.
            "close-unverified-candidate-signups": {
                "task": "cadre.candidates.jobs.unverified_close_scheduled",
                "schedule": crontab(hour=4, minute=20),
            }
        },
    )
)
limit_menu(_candidate_only)

# A candidate reaches their own profile only; nobody else is granted it here (the talent
# apps grant it to juries and HR officers as they need).
grant_own({"candidates.candidateprofile": frozenset({"view", "change", "delete"})})


def _signup_button(request: Any) -> list[extensions.SignInOption]:
    if not config.signup_open():
        return []
    return [
        extensions.SignInOption(_("Sign up as an external candidate"), reverse("candidates:signup"))
    ]


extensions.sign_in_options.append(_signup_button)
