"""What pay puts on a home page (decision 0028): bonus runs proposed by someone else that
the user may approve (the four-eyes rule of ``run_approve``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from cadre.core.permissions import can
from cadre.core.registry import TASK, HomeItem
from cadre.pay.models import Run, RunState

SHOWN = 5


def to_approve(user: Any) -> Iterator[HomeItem]:
    if not can(user, "pay.run", "change"):
        return
    runs = (
        Run.objects.restrict(user, "change")
        .filter(state=RunState.PROPOSED)
        .exclude(proposed_by_id=user.pk)
        .select_related("fund")
        .order_by("proposed_at", "pk")[:SHOWN]
    )
    for run in runs:
        yield HomeItem(
            TASK,
            _("Approve bonus run %(number)s of “%(fund)s”")
            % {"number": run.number, "fund": run.fund.name},
            run.get_absolute_url(),
        )
