"""What KPIs put on a home page (decision 0028): manual actuals entered by someone else,
waiting for the user to confirm them (the four-eyes rule of ``actual_confirm``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cadre.core.permissions import can
from cadre.core.registry import TASK, HomeItem
from cadre.kpi.choices import Source
from cadre.kpi.models import Actual


def to_confirm(user: Any) -> Iterator[HomeItem]:
    if not can(user, "kpi.actual", "change"):
        return
    n = (
        Actual.objects.restrict(user, "change")
        .filter(origin=Source.MANUAL, confirmed_at__isnull=True)
        .exclude(created_by_id=user.pk)
        .count()
    )
    if n:
        yield HomeItem(
            TASK,
            _("Confirm KPI actuals entered by a colleague"),
            reverse("kpi:actual_list") + "?unconfirmed=true",
            count=n,
        )
