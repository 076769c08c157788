"""What the privacy app puts on a home page (decision 0028): erasure requests to review
(national administrators) and breach clocks still running (alerts)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cadre.core.permissions import can
from cadre.core.registry import ALERT, TASK, HomeItem
from cadre.privacy.choices import BreachState, ErasureState
from cadre.privacy.clocks import clocks_of
from cadre.privacy.models import Breach, ErasureRequest
from cadre.privacy.selectors import national


def to_review(user: Any) -> Iterator[HomeItem]:
    if not can(user, "privacy.erasurerequest", "change"):
        return
    count = (
        ErasureRequest.objects.restrict(user, "change").filter(state=ErasureState.REQUESTED).count()
    )
    if count:
        yield HomeItem(
            TASK,
            _("Erasure requests to review"),
            reverse("privacy:erasurerequest_list") + "?state=requested",
            count=count,
        )


def clocks_running(user: Any) -> Iterator[HomeItem]:
    if not national(user, "privacy.breach"):
        return
    running = [
        clock
        for breach in Breach.objects.restrict(user, "view").filter(state=BreachState.OPEN)[:50]
        for clock in clocks_of(breach)
        if clock.running
    ]
    if running:
        soonest = min(c.due_at for c in running)
        yield HomeItem(
            ALERT,
            _("Breach notification clocks running"),
            reverse("privacy:breaches") + "?state=open",
            count=len(running),
            note=_("the first runs out at %(when)s")
            % {"when": soonest.strftime("%Y-%m-%d %H:%M UTC")},
        )
