"""Analytics' background work: the report job (with its progress), the monthly snapshot of
the measures (periodic, and on demand as a job) and the mailing of subscribed reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from cadre.accounts.models import User
from cadre.analytics import reports, services
from cadre.analytics.choices import ReportFormat
from cadre.analytics.models import Report, Subscription
from cadre.analytics.reports.pdf import write_pdf
from cadre.analytics.reports.xlsx import write_xlsx
from cadre.core.jobmessages import job_message
from cadre.core.permissions import can
from cadre.core.tasks import job_handler


def make_file(report: Report, user: Any, progress: Callable[..., None] | None = None) -> int:
    """Write the report's file in its language; returns the pages (PDF) or sheets (XLSX)."""
    with translation.override(report.language):
        content = reports.content_of(report, user)
        reports.report_dir().mkdir(parents=True, exist_ok=True)
        path = reports.report_path(report)

        def step(done: int, total: int) -> None:
            if progress is not None:
                progress(
                    done,
                    total,
                    job_message(
                        gettext_noop("Wrote %(n)s of %(total)s sections"), n=done, total=total
                    ),
                )

        if report.format == ReportFormat.PDF:
            pages = write_pdf(content, path, step)
        else:
            pages = write_xlsx(content, path)
        stem = f"{report.kind}-{report.root.code}-{timezone.localdate():%Y%m%d}"
    report.file_name = f"{stem}.{report.format}"
    report.pages = pages
    report.save(update_fields=["file_name", "pages"])
    return pages


@job_handler(services.REPORT_JOB, time_limit=1800, label=gettext_lazy("Analytics report"))
def run_report(job: Any, progress: Callable[..., None]) -> dict[str, Any]:
    report = Report.objects.select_related("root").filter(pk=job.params["report"]).first()
    if report is None:
        return {"pages": 0}
    user = User.objects.get(pk=report.requested_by_id)
    pages = make_file(report, user, progress)
    return {
        "file": report.file_name,
        "pages": pages,
        "download": reverse("analytics:report_file", args=[report.pk]),
    }


@job_handler("analytics.snapshot", time_limit=1800, label=gettext_lazy("Measures snapshot"))
def run_snapshot(job: Any, progress: Callable[..., None]) -> dict[str, Any]:
    return services.snapshot_take(progress=progress)


@shared_task(name="cadre.analytics.jobs.snapshot_scheduled")
def snapshot_scheduled() -> dict[str, int]:
    return services.snapshot_take()


@shared_task(name="cadre.analytics.jobs.subscriptions_scheduled")
def subscriptions_scheduled() -> dict[str, int]:
    """Mail every subscribed report that is due (its days since the last sending passed)."""
    now = timezone.now()
    sent = 0
    for sub in Subscription.objects.select_related("user", "root"):
        due = (
            sub.last_sent_at is None or sub.last_sent_at + dt.timedelta(days=sub.every_days) <= now
        )
        if not due or not sub.user.email or not sub.user.is_active:
            continue
        if not can(sub.user, "analytics.report", "view"):  # no longer a reader of reports
            continue
        language = getattr(sub.user, "language", "") or settings.LANGUAGE_CODE
        report = Report.objects.create(
            kind=sub.kind,
            format=sub.format,
            root=sub.root,
            language=language,
            requested_by=sub.user,
        )
        make_file(report, sub.user)
        with translation.override(language):
            mail = EmailMessage(
                subject=str(report),
                body=_("The report you subscribed to is attached."),
                to=[sub.user.email],
            )
        mail.attach_file(str(reports.report_path(report)))
        mail.send()
        sub.last_sent_at = now
        sub.save(update_fields=["last_sent_at"])
        sent += 1
    return {"sent": sent}
