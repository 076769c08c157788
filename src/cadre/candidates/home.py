"""What the candidates app puts on an external candidate's home page (decision 0028): a
welcome pointing to their profile, and what is missing from it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cadre.candidates import selectors
from cadre.core.choices import Role
from cadre.core.permissions import roles_of
from cadre.core.registry import FIGURE, TASK, HomeItem


def welcome(user: Any) -> Iterator[HomeItem]:
    if Role.EXTERNAL_CANDIDATE not in roles_of(user):  # cached: no query for other roles
        return
    profile = selectors.profile_of(user)
    if profile is None or profile.verified_at is None:
        return
    url = reverse("candidates:profile")
    missing = [
        str(label)
        for label, filled in (
            (_("contact phone"), profile.phone),
            (_("preferred region"), profile.region_id),
            (_("short CV"), profile.cv),
        )
        if not filled
    ]
    if missing:
        yield HomeItem(
            TASK,
            _("Complete your profile: %(fields)s") % {"fields": ", ".join(missing)},
            url,
            count=len(missing),
        )
    # The contests and competitions open now are the talent apps' own home items.
    yield HomeItem(
        FIGURE,
        _("Welcome, external candidate"),
        url,
        note=_("Your profile is what juries and commissions will read."),
    )
