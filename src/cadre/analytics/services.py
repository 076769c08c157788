"""Writes of analytics: the period snapshots of the measures (the periodic job), reports
requested (a job makes the file) and report subscriptions. Analytics writes only its own
tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cadre.analytics import sources
from cadre.analytics.choices import Measure, ReportFormat, ReportKind
from cadre.analytics.models import MeasureSnapshot, Report, Subscription
from cadre.analytics.selectors import access_root
from cadre.core.errors import ApplicationError
from cadre.core.permissions import can
from cadre.core.services import job_create

REPORT_JOB = "analytics.report"


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def snapshot_take(*, period: dt.date | None = None, progress: Any = None) -> dict[str, int]:
    """Store every unit's numerator and denominator of every measure for ``period`` (this
    month by default), replacing what that period held — taken again during the month, the
    snapshot follows the figures until the month ends."""
    now = timezone.now()
    period = month_of(period or timezone.localdate())
    u = sources.units()
    region_of = dict(zip(u.ids, u.regions, strict=True))
    written = 0
    measures = list(Measure.values)
    for done, measure in enumerate(measures, start=1):
        rows = sources.measure_rows(measure, u, now=now)
        objs = [
            MeasureSnapshot(
                period=period,
                measure=measure,
                unit_id=unit,
                region_id=region_of[unit],
                numerator=y,
                denominator=w,
                taken_at=now,
            )
            for unit, (y, w) in rows.items()
        ]
        with transaction.atomic():
            MeasureSnapshot.objects.filter(period=period, measure=measure).delete()
            MeasureSnapshot.objects.bulk_create(objs, batch_size=2000)
        written += len(objs)
        if progress is not None:
            progress(done, len(measures), "")
    return {"units": len(u.ids), "rows": written}


def _choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise ApplicationError(
            _("Unknown value “%(value)s”: choose one of %(choices)s.")
            % {"value": value, "choices": ", ".join(choices.values)},
            field=field,
            code="invalid_choice",
        )
    return value


def _may_request(actor: Any) -> None:
    """Reports are for who holds ``analytics.report`` (add): the pages and the API check it
    first; a reader of the dashboards without it (an ethics officer) would never see the
    report in their list."""
    if not can(actor, "analytics.report", "add"):
        raise ApplicationError(
            _("You may not request analytics reports."), field=None, code="permission"
        )


@transaction.atomic
def report_request(*, actor: Any, kind: str, format: str, root_id: Any) -> Report:
    """Record a report of ``root``'s subtree and start the job that makes it. A root the
    actor may not see is refused, and nothing is recorded."""
    _may_request(actor)
    _choice(kind, ReportKind, "kind")
    _choice(format, ReportFormat, "format")
    root = access_root(actor, root_id, field="root")
    report = Report.objects.create(
        kind=kind, format=format, root=root, language=get_language() or "en", requested_by=actor
    )
    report.job = job_create(
        actor=actor, kind=REPORT_JOB, params={"report": report.pk}, organisation_path=root.path
    )
    report.save(update_fields=["job"])
    return report


@transaction.atomic
def subscription_create(
    *, actor: Any, kind: str, format: str, root_id: Any, every_days: int
) -> Subscription:
    """Have a report mailed to ``actor`` every ``every_days`` days."""
    _may_request(actor)
    _choice(kind, ReportKind, "kind")
    _choice(format, ReportFormat, "format")
    root = access_root(actor, root_id, field="root")
    if not 1 <= int(every_days) <= 366:
        raise ApplicationError(_("Send it every 1 to 366 days."), field="every_days")
    if Subscription.objects.filter(user=actor, kind=kind, format=format, root=root).exists():
        raise ApplicationError(_("You are already subscribed to this report."), field="root")
    return Subscription.objects.create(
        user=actor, kind=kind, format=format, root=root, every_days=int(every_days)
    )


@transaction.atomic
def subscription_delete(*, actor: Any, subscription: Subscription) -> None:
    if subscription.user_id != actor.pk:
        raise ApplicationError(_("This subscription is not yours."), field=None, code="permission")
    subscription.delete()
