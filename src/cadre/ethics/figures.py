"""Ethics figures per body and region (docs/ethics.md): declarations in force, due for
their yearly confirmation within ``CADRE_ETHICS_REMIND_DAYS`` and overdue; cases opened,
upheld and dismissed, by sanction kind; the mean days from opening to decision. Counted
over the rows the user may see (an ethics officer: their body), in a few grouped queries."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from cadre.core.fields import path_ids, subtree_q
from cadre.ethics.choices import Outcome, SanctionKind
from cadre.ethics.models import Case, Declaration
from cadre.orgs.choices import OrgKind
from cadre.orgs.models import Organisation

BODY_KINDS = {OrgKind.CENTRAL_BODY, OrgKind.LOCAL_BODY, OrgKind.SUBORDINATE}


@dataclass
class Row:
    body: str
    region: str
    declarations: int = 0
    due: int = 0
    overdue: int = 0
    cases: int = 0
    upheld: int = 0
    dismissed: int = 0
    sanctions: dict[str, int] = field(default_factory=dict)
    days: list[int] = field(default_factory=list)

    @property
    def days_to_decision(self) -> float | None:
        return round(sum(self.days) / len(self.days), 1) if self.days else None

    @property
    def by_sanction(self) -> str:
        return ", ".join(f"{k}: {v}" for k, v in sorted(self.sanctions.items()))


def _places(org_ids: set[int]) -> dict[int, tuple[str, str]]:
    """organisation id → (its body's name, its region's name), from its path."""
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=org_ids)}
    above = {i for o in orgs.values() for i in path_ids(o.path)}
    known = {o.pk: o for o in Organisation.objects.filter(pk__in=above).only("pk", "name", "kind")}
    out: dict[int, tuple[str, str]] = {}
    for pk, org in orgs.items():
        chain = [known[i] for i in path_ids(org.path) if i in known]
        bodies = [o for o in chain if o.kind in BODY_KINDS]
        regions = [o for o in chain if o.kind == OrgKind.REGION]
        out[pk] = (bodies[-1].name if bodies else org.name, regions[-1].name if regions else "")
    return out


def _declaration_counts(today: dt.date) -> dict[str, Any]:
    """The aggregates of declarations in force: all, due within the reminder days, overdue."""
    year_ago = today - dt.timedelta(days=365)
    soon = year_ago + dt.timedelta(days=int(settings.CADRE_ETHICS_REMIND_DAYS))
    return {
        "n": Count("pk"),
        "overdue": Count("pk", filter=Q(confirmed_on__lt=year_ago)),
        "due": Count("pk", filter=Q(confirmed_on__gte=year_ago, confirmed_on__lte=soon)),
    }


def _in_force(today: dt.date) -> Q:
    return Q(ends_on__isnull=True) | Q(ends_on__gte=today)


def ethics_figures(user: Any, *, today: dt.date) -> list[Row]:
    declarations = (
        Declaration.objects.restrict(user)
        .filter(_in_force(today))
        .values("employee__organisation_id")
        .annotate(**_declaration_counts(today))
        .order_by()
    )
    cases = list(
        Case.objects.restrict(user).values_list(
            "organisation_id", "outcome", "sanction", "opened_on", "decided_at"
        )
    )
    declared = list(declarations)
    ids = {d["employee__organisation_id"] for d in declared} | {c[0] for c in cases}
    places = _places(ids)
    rows: dict[tuple[str, str], Row] = {}

    def row(org_id: int) -> Row:
        key = places[org_id]
        return rows.setdefault(key, Row(*key))

    for d in declared:
        r = row(d["employee__organisation_id"])
        r.declarations += d["n"]
        r.due += d["due"]
        r.overdue += d["overdue"]
    for org_id, outcome, sanction, opened_on, decided_at in cases:
        r = row(org_id)
        r.cases += 1
        r.upheld += outcome == Outcome.UPHELD
        r.dismissed += outcome == Outcome.DISMISSED
        if sanction:
            r.sanctions[sanction] = r.sanctions.get(sanction, 0) + 1
        if decided_at is not None:
            r.days.append((decided_at.date() - opened_on).days)
    return sorted(rows.values(), key=lambda r: (r.region, r.body))


@dataclass
class Summary:
    """The ethics figures of one subtree, for the analytics dashboard (issue #25)."""

    declarations: int = 0
    due: int = 0
    overdue: int = 0
    cases: int = 0
    undecided: int = 0
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    sanctions: list[tuple[str, int]] = field(default_factory=list)
    median_days: float | None = None


def summary_under(user: Any, root_path: str, *, today: dt.date) -> Summary:
    """Declarations in force, due and overdue; cases by outcome and by sanction kind; the
    median days from opening to decision — over the subtree at ``root_path`` that the user
    may see, in two queries."""
    counts = (
        Declaration.objects.restrict(user)
        .filter(_in_force(today), subtree_q("employee__organisation__path", root_path))
        .aggregate(**_declaration_counts(today))
    )
    cases = list(
        Case.objects.restrict(user)
        .filter(subtree_q("organisation__path", root_path))
        .values_list("outcome", "sanction", "opened_on", "decided_at")
    )
    outcomes: dict[str, int] = {}
    sanctions: dict[str, int] = {}
    days: list[int] = []
    for outcome, sanction, opened_on, decided_at in cases:
        if outcome:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if sanction:
            sanctions[sanction] = sanctions.get(sanction, 0) + 1
        if decided_at is not None:
            days.append((decided_at.date() - opened_on).days)
    return Summary(
        declarations=counts["n"] or 0,
        due=counts["due"] or 0,
        overdue=counts["overdue"] or 0,
        cases=len(cases),
        undecided=sum(1 for c in cases if not c[0]),
        outcomes=[(str(o.label), outcomes[o.value]) for o in Outcome if o.value in outcomes],
        sanctions=[(str(k.label), sanctions[k]) for k in SanctionKind if k in sanctions],
        median_days=float(statistics.median(days)) if days else None,
    )
