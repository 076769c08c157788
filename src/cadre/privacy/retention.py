"""The retention run (decision 0034): what each active policy reaches today, previewed on
its page and applied nightly in batches, each application audited with its counts.

- People no longer in service: every post ended, the last more than the period ago, not
  yet anonymised, not under a legal hold → anonymised as an erasure does
  (``erasure.erase_person``).
- Personal data exports: requested more than the period ago → the files and the rows
  deleted.
- Closed breach records: closed more than the period ago → archived (hidden from the
  register's default list).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, F, Max, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from cadre.core.audit import audit_record
from cadre.people.models import Assignment, Employee
from cadre.privacy.choices import BreachState, Category
from cadre.privacy.models import Breach, DataExport, RetentionPolicy
from cadre.privacy.services import holds_in_force

SAMPLE = 20


def cutoff(policy: RetentionPolicy, now: dt.datetime | None = None) -> dt.date:
    """The day before which the category's rows are due (``period_months`` back)."""
    today = timezone.localdate(now) if now else timezone.localdate()
    months = today.year * 12 + today.month - 1 - policy.period_months
    year, month = divmod(months, 12)
    day = min(today.day, 28)
    return dt.date(year, month + 1, day)


def due(policy: RetentionPolicy, now: dt.datetime | None = None) -> QuerySet[Any]:
    """The rows the policy reaches now (legal holds not yet taken out)."""
    before = cutoff(policy, now)
    if policy.category == Category.FORMER_EMPLOYEES:
        in_force = Assignment.objects.filter(employee=OuterRef("pk")).exclude(
            end_date__lt=timezone.localdate(now) if now else timezone.localdate()
        )
        return (
            # Not yet anonymised: the identifier is encrypted (decision 0038), so the mark
            # looked for is the anonymised name (``people.app.PERSONAL_DATA``): "—", "#<id>".
            Employee.objects.annotate(anonymised=Concat(Value("#"), Cast("pk", CharField())))
            .exclude(last_name="—", first_name=F("anonymised"))
            .annotate(ended=Max("assignments__end_date"))
            .filter(ended__lt=before)
            .exclude(Exists(in_force))
            .order_by("pk")
        )
    if policy.category == Category.DATA_EXPORTS:
        return DataExport.objects.filter(requested_at__date__lt=before).order_by("pk")
    return Breach.objects.filter(
        state=BreachState.CLOSED, archived=False, closed_at__date__lt=before
    ).order_by("pk")


def held_ids(policy: RetentionPolicy) -> set[int]:
    if policy.category != Category.FORMER_EMPLOYEES:
        return set()
    return set(holds_in_force().values_list("employee_id", flat=True))


@dataclass
class Plan:
    """What the next run would do under one policy."""

    policy: RetentionPolicy
    count: int = 0
    held: int = 0
    sample: list[str] = field(default_factory=list)


def preview(now: dt.datetime | None = None) -> list[Plan]:
    plans = []
    for policy in RetentionPolicy.objects.filter(active=True).order_by("category"):
        held = held_ids(policy)
        rows = due(policy, now)
        total = rows.count()
        held_due = rows.filter(pk__in=held).count() if held else 0
        sample = [str(r) for r in rows.exclude(pk__in=held)[:SAMPLE]]
        plans.append(Plan(policy, total - held_due, held_due, sample))
    return plans


def apply(*, batch: int = 200, now: dt.datetime | None = None) -> dict[str, dict[str, int]]:
    """Apply every active policy, ``batch`` rows per transaction; one audit event per
    policy applied, with its counts."""
    from cadre.privacy.erasure import erase_person

    result: dict[str, dict[str, int]] = {}
    for policy in RetentionPolicy.objects.filter(active=True).order_by("category"):
        held = held_ids(policy)
        done = 0
        skipped_held = due(policy, now).filter(pk__in=held).count() if held else 0
        last = 0
        while True:
            ids = list(
                due(policy, now)
                .exclude(pk__in=held)
                .filter(pk__gt=last)
                .values_list("pk", flat=True)[:batch]
            )
            if not ids:
                break
            last = ids[-1]
            with transaction.atomic():
                if policy.category == Category.FORMER_EMPLOYEES:
                    people = list(Employee.objects.select_for_update().filter(pk__in=ids))
                    # Re-read under the rows' locks: a hold placed since the run began wins.
                    held_now = set(
                        holds_in_force()
                        .filter(employee_id__in=ids)
                        .values_list("employee_id", flat=True)
                    )
                    for person in people:
                        if person.pk in held_now:
                            skipped_held += 1
                            continue
                        erase_person(
                            employee=person,
                            actor=None,
                            reason=str(policy.get_category_display()),
                            source="system",
                        )
                        done += 1
                elif policy.category == Category.DATA_EXPORTS:
                    files = [
                        path
                        for export in DataExport.objects.filter(pk__in=ids)
                        for path in export_files(export)
                    ]
                    done += (
                        DataExport.objects.filter(pk__in=ids)
                        .delete()[1]
                        .get(DataExport._meta.label, 0)
                    )
                    # The files go once the rows are gone for good (not on a rollback).
                    transaction.on_commit(partial(_unlink, files))
                else:
                    done += Breach.objects.filter(pk__in=ids).update(archived=True)
        with transaction.atomic():
            audit_record(
                actor=None,
                action="privacy.retention",
                obj=policy,
                changes={policy.action: [None, done], "held": [None, skipped_held]},
            )
        result[policy.category] = {policy.action: done, "held": skipped_held}
    return result


def _unlink(files: list[Path]) -> None:
    for path in files:
        path.unlink(missing_ok=True)


def export_dir() -> Path:
    return Path(settings.DATA_DIR) / "privacy-exports"


def export_files(export: DataExport) -> list[Path]:
    base = export_dir() / f"{export.pk}"
    return [base.with_suffix(".json"), base.with_suffix(".xlsx")]
