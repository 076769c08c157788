"""What the reserve puts on an HR officer's home page (decision 0028): proposed matches to
review and reserve entries expiring soon, counted in the scope of the pages they link to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.permissions import can
from cadre.core.registry import TASK, HomeItem
from cadre.talent import selectors
from cadre.talent.services.expiry import remind_days


def to_review(user: Any) -> Iterator[HomeItem]:
    """Matches to decide on; entries of the user's reserve that expire soon."""
    if can(user, "talent.match", "change"):
        n = selectors.to_review(user).count()
        if n:
            yield HomeItem(
                TASK,
                _("Review the proposed matches of the reserve"),
                reverse("talent:match_list") + "?status=proposed",
                count=n,
            )
    if can(user, "talent.reserveentry", "change"):
        today = timezone.localdate()
        soon = selectors.expiring(user, today=today, days=remind_days()).aggregate(
            n=Count("pk"), first=Min("expires_on")
        )
        n = soon["n"]
        if n:
            until = today + dt.timedelta(days=remind_days())
            yield HomeItem(
                TASK,
                _("Reserve entries expiring soon"),
                reverse("talent:reserveentry_list")
                + f"?status=active&expires_before={until.isoformat()}",
                count=n,
                due=soon["first"],
            )
