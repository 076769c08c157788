"""Overlap detection over the stored portfolio (decision 0024): the index of every entry
(kept in this process until an entry changes), the whole-portfolio run and the run for
one entry, which store what they find, and the check of an entry not yet saved.

Pairs are of entries of **different owner bodies** that are not retired. A pair found
again keeps its decision; an open pair no longer found is dropped; a decided pair whose
entries changed since the decision re-opens (their fingerprints, ``models.fingerprint``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from cadre.portfolio.choices import OverlapState, Stage
from cadre.portfolio.models import Overlap, System
from cadre.portfolio.scoring import Entry, Index, Pair, shared_terms

Progress = Callable[..., None]

_LOCK = threading.Lock()
_CACHE: dict[str, Any] = {"key": None, "index": None}


def threshold() -> float:
    return float(settings.CADRE_PORTFOLIO_OVERLAP_PERCENT) / 100


def _live() -> Any:
    return System.objects.exclude(stage=Stage.RETIRED)


def _entries(systems: Iterable[System]) -> list[Entry]:
    return [
        Entry(
            s.pk,
            s.owner_id,
            frozenset(c.code for c in s.capabilities.all()),
            s.score_text(),
        )
        for s in systems
    ]


def portfolio_index() -> Index:
    """The index of every live entry, rebuilt when an entry was added, changed, retired or
    removed since it was built (one aggregate query tells)."""
    state = _live().aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    key = (state["n"], state["last"], state["top"])
    with _LOCK:
        if _CACHE["key"] == key and _CACHE["index"] is not None:
            return _CACHE["index"]
    index = Index(_entries(_live().prefetch_related("capabilities").order_by("pk")))
    with _LOCK:
        _CACHE.update(key=key, index=index)
    return index


def forget_index() -> None:
    with _LOCK:
        _CACHE.update(key=None, index=None)


@dataclass(frozen=True)
class Likely:
    """An existing entry that a new one may duplicate."""

    system: System
    score: float
    capability_similarity: float
    text_similarity: float
    shared_capabilities: list[str]
    shared_terms: list[str]


def check_new(
    *,
    name: str,
    description: str,
    capabilities: Iterable[str],
    body: Any,
    data_sets: Any = (),
    technology: str = "",
) -> list[Likely]:
    """The entries of other bodies that an entry with this content would likely duplicate,
    best first; nothing is saved."""
    codes = frozenset(capabilities)
    text = " ".join([name, description, *data_sets, technology])
    pairs = portfolio_index().query(Entry(0, body.pk, codes, text), threshold())
    systems = System.objects.select_related("owner").prefetch_related("capabilities")
    found = systems.in_bulk([p.b for p in pairs])
    out = []
    for p in pairs:
        other = found.get(p.b)
        if other is None:
            continue
        theirs = {c.code for c in other.capabilities.all()}
        out.append(
            Likely(
                system=other,
                score=p.score,
                capability_similarity=p.capabilities,
                text_similarity=p.text,
                shared_capabilities=sorted(codes & theirs),
                shared_terms=shared_terms(text, other.score_text()),
            )
        )
    return out


def _pair_fingerprint(a: System, b: System) -> str:
    return f"{a.fingerprint}:{b.fingerprint}"


@transaction.atomic
def _store(pairs: list[Pair], *, involving: System | None = None) -> dict[str, int]:
    """Record ``pairs``: new ones open, known ones re-scored; open ones of the scope (the
    whole portfolio, or the pairs of ``involving``) not found again are dropped."""
    existing = Overlap.objects.select_for_update()
    if involving is not None:
        existing = existing.filter(Q(system_a=involving) | Q(system_b=involving))
    known = {(o.system_a_id, o.system_b_id): o for o in existing}
    ids = {i for p in pairs for i in (p.a, p.b)}
    systems = System.objects.prefetch_related("capabilities").in_bulk(ids)
    now = timezone.now()
    counts = {"found": len(pairs), "new": 0, "updated": 0, "dropped": 0, "reopened": 0}
    create, update = [], []
    for p in pairs:
        a, b = systems[p.a], systems[p.b]
        caps_a = {c.code for c in a.capabilities.all()}
        caps_b = {c.code for c in b.capabilities.all()}
        values = {
            "score": round(p.score, 4),
            "capability_similarity": round(p.capabilities, 4),
            "text_similarity": round(p.text, 4),
            "shared_capabilities": sorted(caps_a & caps_b),
            "shared_terms": shared_terms(a.score_text(), b.score_text()),
        }
        row = known.pop((p.a, p.b), None)
        if row is None:
            create.append(Overlap(system_a=a, system_b=b, found_at=now, **values))
            counts["new"] += 1
            continue
        for name, value in values.items():
            setattr(row, name, value)
        if row.state == OverlapState.DECIDED and row.decided_fingerprint != _pair_fingerprint(a, b):
            row.state = OverlapState.REOPENED
            counts["reopened"] += 1
        update.append(row)
        counts["updated"] += 1
    # Two checks running at once may both find a new pair: the second adds nothing.
    Overlap.objects.bulk_create(create, batch_size=1000, ignore_conflicts=True)
    Overlap.objects.bulk_update(
        update,
        [
            "score",
            "capability_similarity",
            "text_similarity",
            "shared_capabilities",
            "shared_terms",
            "state",
        ],
        batch_size=1000,
    )
    stale = [o.pk for o in known.values() if o.state == OverlapState.OPEN]
    Overlap.objects.filter(pk__in=stale).delete()
    counts["dropped"] = len(stale)
    return counts


def overlaps_detect(*, progress: Progress | None = None) -> dict[str, int]:
    """Every pair of the whole portfolio (MinHash-LSH candidates, exact scores), stored."""
    report = progress or (lambda *a: None)
    report(0, 3, "index")
    forget_index()
    index = portfolio_index()
    report(1, 3, "pairs")
    pairs = index.all_pairs(threshold())
    report(2, 3, "store")
    counts = _store(pairs)
    report(3, 3, "done")
    return {"entries": len(index.entries), **counts}


def overlaps_for_system(*, system: System, progress: Progress | None = None) -> dict[str, int]:
    """The pairs of one entry (new or changed) against the whole portfolio, stored."""
    report = progress or (lambda *a: None)
    report(0, 2, "index")
    index = portfolio_index()
    report(1, 2, "pairs")
    if system.stage == Stage.RETIRED:
        pairs: list[Pair] = []
    else:
        entry = _entries([System.objects.prefetch_related("capabilities").get(pk=system.pk)])[0]
        pairs = [
            Pair(min(p.a, p.b), max(p.a, p.b), p.score, p.capabilities, p.text)
            for p in index.query(entry, threshold())
        ]
    counts = _store(pairs, involving=system)
    report(2, 2, "done")
    return {"entries": len(index.entries), **counts}
