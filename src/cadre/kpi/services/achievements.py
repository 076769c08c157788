"""The measured actuals, computed from Cadre's data, and the achievements: each person's
weighted total with its KPI lines, written in bulk by a job (``kpi.achievements_compute``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cadre.core.audit import audit_record, save_many_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.jobmessages import job_message
from cadre.core.measures import measure_get
from cadre.kpi import scoring
from cadre.kpi.choices import Direction, Source
from cadre.kpi.models import Achievement, Actual, Assignment, Period

Progress = Callable[[int, int, str], None]


def actuals_measure(*, actor: Any, period: Period, progress: Progress | None = None) -> int:
    """Compute the actual of every measured assignment of ``period`` from its measure
    (stored with the rows it came from); how many changed or were added."""
    assignments = list(
        Assignment.objects.filter(period=period, definition__origin=Source.MEASURE)
        .select_related("definition", "organisation", "employee")
        .order_by("pk")
    )
    existing = {
        a.assignment_id: a
        for a in Actual.objects.filter(
            assignment__period=period, assignment__definition__origin=Source.MEASURE
        )
    }
    results: dict[int, Any] = {}
    people: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        if assignment.employee_id is not None:
            people[assignment.definition.measure].append(assignment)
    for code, group in people.items():  # people in bulk, a measure at a time
        found = measure_get(code)
        if found is None:
            continue
        values = found.compute_many(
            employees=[a.employee for a in group], start=period.start, end=period.end
        )
        results.update({a.pk: values.get(a.employee_id or 0) for a in group})
        if progress is not None:
            progress(len(results), len(assignments), job_message(gettext_noop("Measuring")))
    create: list[Actual] = []
    update: list[tuple[Actual, dict[str, Any]]] = []
    for assignment in assignments:
        found = measure_get(assignment.definition.measure)
        if found is None:
            continue
        result = (
            results.get(assignment.pk)
            if assignment.employee_id
            else found.compute(
                organisation=assignment.organisation, start=period.start, end=period.end
            )
        )
        if result is None or result.value is None:
            continue
        value = result.value.quantize(scoring.PLACES)
        rows = {"model": result.model, "ids": sorted(result.ids)}
        old = existing.get(assignment.pk)
        if old is None:
            create.append(
                Actual(assignment=assignment, value=value, origin=Source.MEASURE, rows=rows)
            )
        else:
            update.append((old, {"value": value, "rows": rows}))
    created, updated = save_many_audited(
        actor=actor,
        model=Actual,
        create=create,
        update=update,
        audited=("assignment", "value", "origin", "rows"),
        source=AuditSource.SYSTEM,
    )
    return created + updated


def line_of(assignment: Assignment, actual: Actual | None) -> tuple[Decimal, dict[str, Any]]:
    """A person's KPI line: what the achievement of one assignment is and where it came from."""
    definition = assignment.definition
    line: dict[str, Any] = {
        "assignment": assignment.pk,
        "kpi": definition.code,
        "version": definition.version,
        "names": definition.names,
        "unit": definition.unit,
        "direction": definition.direction,
        "weight": f"{assignment.weight:f}",
        "threshold": f"{assignment.threshold:f}",
        "target": f"{assignment.target:f}",
        "stretch": f"{assignment.stretch:f}",
        "actual": None,
        "actual_id": None,
        "source": definition.origin,
        "source_system": "",
        "file_sha256": "",
        "rows": {},
        "achievement": "0.0000",
        "note": "",
    }
    share = Decimal(0)
    if actual is None:
        line["note"] = "no_actual"
    else:
        line.update(
            actual=f"{actual.value:f}",
            actual_id=actual.pk,
            source=actual.origin,
            source_system=actual.source_system,
            file_sha256=actual.file_sha256,
            rows=actual.rows,
        )
        if actual.counts:
            share = scoring.achievement(
                actual=actual.value,
                threshold=assignment.threshold,
                target=assignment.target,
                stretch=assignment.stretch,
                lower=definition.direction == Direction.LOWER,
            )
            line["achievement"] = f"{share:f}"
        else:
            line["note"] = "unconfirmed"
    return share, line


CHUNK = 1000
ACHIEVEMENT_UPDATE = (
    'UPDATE "kpi_achievement" SET "total" = %s, "lines" = %s, "computed_at" = %s WHERE "id" = %s'
)


def _update_achievements(rows: list[Achievement]) -> None:
    """Write the new total, lines and time of stored achievements: one prepared
    ``UPDATE … WHERE id = %s`` sent for all (``executemany``), much cheaper than
    ``bulk_update``'s ``CASE WHEN`` per row."""
    from django.db import connection

    if not rows:
        return
    fields: list[Any] = [
        Achievement._meta.get_field(name) for name in ("total", "lines", "computed_at")
    ]
    params = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(ACHIEVEMENT_UPDATE, params)


@transaction.atomic
def achievements_compute(
    *, actor: Any, period: Period, progress: Progress | None = None
) -> dict[str, int]:
    """Measure the period's measured actuals, then write each person's achievement (the
    weighted total and its lines) in bulk, a chunk of people at a time."""
    measured = actuals_measure(actor=actor, period=period, progress=progress)
    people = list(
        Assignment.objects.filter(period=period, employee__isnull=False)
        .values_list("employee_id", flat=True)
        .distinct()
        .order_by("employee_id")
    )
    now = timezone.now()
    created = updated = 0
    for start in range(0, len(people), CHUNK):
        chunk = people[start : start + CHUNK]
        by_person: dict[int, list[Assignment]] = defaultdict(list)
        for assignment in (
            Assignment.objects.filter(period=period, employee_id__in=chunk)
            .select_related("definition", "actual")
            .order_by("definition__code", "pk")
        ):
            assert assignment.employee_id is not None
            by_person[assignment.employee_id].append(assignment)
        stored = {
            a.employee_id: a
            for a in Achievement.objects.filter(period=period, employee_id__in=chunk)
        }
        new: list[Achievement] = []
        changed: list[Achievement] = []
        for employee_id in chunk:
            parts, lines = [], []
            for assignment in by_person[employee_id]:
                actual = getattr(assignment, "actual", None)
                share, line = line_of(assignment, actual)
                parts.append((share, assignment.weight))
                lines.append(line)
            total = scoring.weighted_total(parts)
            row = stored.get(employee_id)
            if row is None:
                new.append(
                    Achievement(
                        employee_id=employee_id,
                        period=period,
                        total=total,
                        lines=lines,
                        computed_at=now,
                    )
                )
            else:
                row.total, row.lines, row.computed_at = total, lines, now
                changed.append(row)
        Achievement.objects.bulk_create(new, batch_size=500)
        _update_achievements(changed)
        created += len(new)
        updated += len(changed)
        if progress is not None:
            progress(
                start + len(chunk), len(people), job_message(gettext_noop("Computing achievements"))
            )
    # People who no longer have a KPI in the period keep no achievement in it.
    holders = Assignment.objects.filter(period=period, employee__isnull=False)
    removed, _detail = (
        Achievement.objects.filter(period=period)
        .exclude(employee_id__in=holders.values("employee_id"))
        .delete()
    )
    audit_record(
        actor=actor,
        action="kpi.achievements_compute",
        obj=period,
        changes={
            "measured": measured,
            "people": len(people),
            "created": created,
            "updated": updated,
            "removed": removed,
        },
        source=AuditSource.SYSTEM,
    )
    return {
        "measured": measured,
        "people": len(people),
        "created": created,
        "updated": updated,
        "removed": removed,
    }


def achievements_compute_start(*, actor: Any, period: Period) -> Any:
    """Start ``kpi.achievements_compute`` for ``period`` as a job (with progress)."""
    from cadre.core.permissions import reach_of_user
    from cadre.core.services import job_create

    # The job writes every person's achievement in the period: a national reach only.
    if not reach_of_user(actor, "kpi.achievement", "change").everything:
        raise ApplicationError(
            _("You may not compute KPI achievements."), field="period", code="scope"
        )
    return job_create(actor=actor, kind="kpi.achievements_compute", params={"period": period.pk})
