"""What staffing puts on an HR officer's home page (decision 0028): scenarios awaiting
someone's approval (not the author's) and draft versions of tables to approve."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cadre.core.permissions import can
from cadre.core.registry import TASK, HomeItem
from cadre.staffing import selectors
from cadre.staffing.choices import ScenarioStatus, TableStatus


def items(user: Any) -> Iterator[HomeItem]:
    if can(user, "staffing.scenario", "change"):
        n = (
            selectors.scenarios_for(user, "change")
            .filter(status=ScenarioStatus.COMPUTED)
            .exclude(created_by=user)
            .count()
        )
        if n:
            yield HomeItem(
                TASK,
                _("Headcount scenarios to approve"),
                reverse("staffing:scenario_list") + "?status=computed",
                count=n,
            )
    if can(user, "staffing.staffingtable", "change"):
        n = selectors.tables_for(user, "change").filter(status=TableStatus.DRAFT).count()
        if n:
            yield HomeItem(
                TASK,
                _("Staffing-table drafts to approve by order"),
                reverse("staffing:staffingtable_list") + "?status=draft",
                count=n,
            )
