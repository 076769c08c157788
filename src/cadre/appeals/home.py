"""What appeals put on a home page (decision 0028): appeals the user sits on the panel of,
admitted and waiting for the decision (by their date), and filed appeals the user may
admit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from cadre.appeals.models import Appeal, AppealState
from cadre.core.permissions import can
from cadre.core.registry import TASK, HomeItem

SHOWN = 5


def to_decide(user: Any) -> Iterator[HomeItem]:
    if not can(user, "appeals.appeal", "view"):
        return
    seen = Appeal.objects.restrict(user, "view")
    deciding = (
        seen.filter(state=AppealState.ADMITTED, panel__user_id=user.pk)
        .select_related("line__employee")
        .order_by("decide_by", "pk")[:SHOWN]
    )
    for appeal in deciding:
        yield HomeItem(
            TASK,
            _("Decide the appeal of %(person)s") % {"person": appeal.line.employee},
            appeal.get_absolute_url(),
            due=appeal.decide_by,
        )
    if can(user, "appeals.appeal", "change"):
        filed = (
            Appeal.objects.restrict(user, "change")
            .filter(state=AppealState.FILED)
            .select_related("line__employee")
            .order_by("filed_at", "pk")[:SHOWN]
        )
        for appeal in filed:
            yield HomeItem(
                TASK,
                _("Admit or refuse the appeal of %(person)s") % {"person": appeal.line.employee},
                appeal.get_absolute_url(),
            )
