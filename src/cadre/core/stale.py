"""Stored figures that edits make stale (decision 0005).

An app that keeps figures computed from other records (the registry's dashboard figures,
later pay and analytics) registers the job that recomputes them and the kinds of records
they are computed from: ``stored_figures("people.figures_refresh", from_types=("people.",
"orgs."))``. Every audited change (``audit_record_many``, the one path of every write)
marks the figures built from its records stale once its transaction commits, whatever made
it: a page, the API, an import, a command. Every minute ``stale_figures_refresh`` starts
the recount of each stale kind, once, unless one is already queued or running.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

# job kind → prefixes of the audited object types (``app_label.model``) it is computed from
REFRESHERS: dict[str, tuple[str, ...]] = {}


def stored_figures(kind: str, *, from_types: tuple[str, ...]) -> None:
    REFRESHERS[kind] = from_types


def _key(kind: str) -> str:
    return f"cadre:stale:{kind}"


def figures_mark_stale(object_types: Iterable[str]) -> None:
    """Mark stale, once the current transaction commits, the figures computed from any of
    ``object_types``."""
    types = set(object_types)
    kinds = [k for k, prefixes in REFRESHERS.items() if any(t.startswith(prefixes) for t in types)]
    if kinds:
        transaction.on_commit(
            lambda: cache.set_many({_key(k): time.time() for k in kinds}, timeout=None)
        )


def figures_stale() -> list[str]:
    """The kinds of stored figures marked stale since their last recount was started."""
    marks = cache.get_many([_key(k) for k in REFRESHERS])
    return [k for k in REFRESHERS if _key(k) in marks]


def stale_figures_refresh() -> list[str]:
    """Start the recount of every stale kind (not one already queued or running); the
    kinds started."""
    from cadre.core.choices import JobStatus
    from cadre.core.models import Job
    from cadre.core.services import job_create

    started = []
    for kind in figures_stale():
        if Job.objects.filter(kind=kind, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
            continue  # picked up by the next minute's call, after this recount
        cache.delete(_key(kind))  # edits from now on mark it again
        job_create(actor=None, kind=kind)
        started.append(kind)
    return started
