"""The rule that turns evidence into a current level (``docs/competencies.md``, "Proficiency").

For one person and one competency (framework + code):

1. take, for each instrument, its latest evidence not older than
   ``CADRE_PROFICIENCY_MAX_AGE_DAYS`` (default 3 years);
2. the level is the weighted mean of those levels with the weights of
   ``CADRE_PROFICIENCY_WEIGHTS`` (default test 3, manager 3, course 3, HR record 3,
   360 feedback 2, self-assessment 1), rounded half up;
3. with no evidence left, the person has no level (counted as 0 against a standard).

So a self-assessment of 4 next to a test that showed 2 gives (4·1 + 2·3) / 4 = 2.5 → 3, and a
self-assessment alone counts as it is until anything else is known.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cadre.assessments.models import Evidence, Proficiency
from cadre.competencies.models import Competency
from cadre.core.audit import AuditEntry, audit_record_many
from cadre.core.choices import AuditSource


def weights() -> dict[str, int]:
    return dict(settings.CADRE_PROFICIENCY_WEIGHTS)


def combine(latest: dict[str, int]) -> int | None:
    """The level from the latest level of each instrument (rule step 2)."""
    w = weights()
    total = sum(w.get(k, 0) for k in latest)
    if not total:
        return None
    return round_half_up(sum(level * w.get(k, 0) for k, level in latest.items()) / total)


def round_half_up(mean: float) -> int:
    """A mean level as a whole level, halves up (2.5 → 3; Python's ``round`` gives 2)."""
    return math.floor(mean + 0.5)


@dataclass(frozen=True)
class Observation:
    competency: Competency
    level: int


def evidence_record(
    *,
    actor: Any,
    employee: Any,
    observations: Iterable[Observation],
    instrument: str,
    source: str,
    observed_at: dt.datetime | None = None,
    origin: str = AuditSource.SYSTEM,
) -> list[Evidence]:
    """Record what a result says about a person's levels, and refresh their proficiency.
    Runs inside the caller's transaction (the result and its evidence commit together)."""
    assert transaction.get_connection().in_atomic_block
    when = observed_at or timezone.now()
    rows = [
        Evidence(
            employee=employee,
            competency=o.competency,
            framework_id=o.competency.framework_id,
            code=o.competency.code,
            level=o.level,
            instrument=instrument,
            source=source,
            observed_at=when,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for o in observations
    ]
    Evidence.objects.bulk_create(rows)
    proficiency_refresh(
        actor=actor,
        employee=employee,
        keys={(r.framework_id, r.code) for r in rows},
        origin=origin,
    )
    return rows


def proficiency_refresh(
    *, actor: Any, employee: Any, keys: set[tuple[int, str]], origin: str = AuditSource.SYSTEM
) -> None:
    """Recompute the person's level in each (framework, code) by the rule; audit changes."""
    if not keys:
        return
    since = timezone.now() - dt.timedelta(days=settings.CADRE_PROFICIENCY_MAX_AGE_DAYS)
    latest: dict[tuple[int, str], dict[str, int]] = {k: {} for k in keys}
    evidence = (
        Evidence.objects.filter(
            employee=employee,
            framework_id__in={f for f, _c in keys},
            code__in={c for _f, c in keys},
            observed_at__gte=since,
        )
        .order_by("-observed_at", "-id")
        .values_list("framework_id", "code", "instrument", "level")
    )
    for framework_id, code, instrument, level in evidence:
        basis = latest.get((framework_id, code))
        if basis is not None and instrument not in basis:
            basis[instrument] = level
    current = {
        (p.framework_id, p.code): p
        for p in Proficiency.objects.select_for_update().filter(
            employee=employee,
            framework_id__in={f for f, _c in keys},
            code__in={c for _f, c in keys},
        )
    }
    now = timezone.now()
    entries = []
    for key in sorted(keys):
        basis = latest[key]
        level = combine(basis)
        row = current.get(key)
        before = row.level if row is not None else None
        if level is None:
            if row is not None:
                row.delete()
        elif row is None:
            Proficiency.objects.create(
                employee=employee,
                framework_id=key[0],
                code=key[1],
                level=level,
                basis=basis,
                computed_at=now,
            )
        else:
            row.level, row.basis, row.computed_at = level, basis, now
            row.save(update_fields=["level", "basis", "computed_at"])
        if before != level:
            entries.append(
                AuditEntry(
                    action="proficiency",
                    object_type="people.employee",
                    object_id=str(employee.pk),
                    object_repr=str(employee)[:255],
                    organisation_path=employee.organisation.path,
                    changes={key[1]: [before, level], "basis": [None, basis]},
                )
            )
    if entries:
        audit_record_many(actor=actor, entries=entries, source=origin)
