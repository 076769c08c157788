"""Who a rating pay policy flags, why, and whether its consequence applies — computed from
the frozen snapshots, the recorded reviews and the appeals under way, never stored: the
explanation is always that of the inputs as they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from cadre.appeals import selectors as appeals
from cadre.core.fields import subtree_q
from cadre.core.permissions import manages
from cadre.kpi import selectors as kpi
from cadre.ratingpay.models import Policy, Review, ReviewStage, ScoreSnapshot, SnapshotRow


@dataclass
class Candidate:
    """One official of a policy's subtree whose score flags them this period."""

    employee: Any
    row: SnapshotRow
    previous: SnapshotRow | None
    flagged_before: bool
    reviews: dict[str, Review] = field(default_factory=dict)
    appeal_pending: bool = False

    @property
    def applies(self) -> bool:
        return not self.missing

    @property
    def missing(self) -> list[str]:
        """What keeps the consequence from applying (empty: it applies)."""
        out = []
        if not self.flagged_before:
            out.append(_("not flagged in the period before"))
        for stage, label in ((ReviewStage.MANAGER, _("manager")), (ReviewStage.HR, _("HR"))):
            review = self.reviews.get(stage)
            if review is None:
                out.append(_("no review by %(who)s yet") % {"who": label})
            elif not review.agrees:
                out.append(_("%(who)s found it should not apply") % {"who": label})
        if self.appeal_pending:
            out.append(_("an appeal is under way"))
        return out


def snapshot_of(period: Any) -> ScoreSnapshot | None:
    return ScoreSnapshot.objects.filter(period=period).first()


def flagged(row: SnapshotRow | None, policy: Policy) -> bool:
    """Reliably worse than expected under the policy's thresholds."""
    return (
        row is not None
        and row.ratings >= policy.min_ratings
        and Decimal(str(row.p_worse)) > policy.min_probability
    )


def _rows(snapshot: ScoreSnapshot, policy: Policy) -> Any:
    return SnapshotRow.objects.filter(
        subtree_q("organisation__path", policy.organisation.path), snapshot=snapshot
    ).select_related("employee", "organisation")


def candidates(policy: Policy) -> list[Candidate]:
    """The officials the policy flags this period (enough ratings, reliably worse), with
    the period before, their reviews and any appeal under way, by name."""
    snapshot = snapshot_of(policy.period)
    if snapshot is None:
        return []
    now = [r for r in _rows(snapshot, policy) if flagged(r, policy)]
    ids = [r.employee_id for r in now]
    before = kpi.period_before(policy.period)
    previous: dict[int, SnapshotRow] = {}
    earlier = snapshot_of(before) if before is not None else None
    if earlier is not None and ids:
        previous = {
            r.employee_id: r
            for r in SnapshotRow.objects.filter(snapshot=earlier, employee_id__in=ids)
        }
    reviews: dict[int, dict[str, Review]] = {}
    for review in Review.objects.filter(policy=policy, employee_id__in=ids).select_related(
        "reviewer"
    ):
        reviews.setdefault(review.employee_id, {})[review.stage] = review
    pending = appeals.with_open_appeals(ids)
    out = [
        Candidate(
            employee=r.employee,
            row=r,
            previous=previous.get(r.employee_id),
            flagged_before=flagged(previous.get(r.employee_id), policy),
            reviews=reviews.get(r.employee_id, {}),
            appeal_pending=r.employee_id in pending,
        )
        for r in now
    ]
    out.sort(key=lambda c: (str(c.employee), c.employee.pk))
    return out


def candidate(policy: Policy, employee_id: int) -> Candidate | None:
    return next((c for c in candidates(policy) if c.employee.pk == employee_id), None)


def recognised(policy: Policy) -> list[SnapshotRow]:
    """Officials reliably better than expected: enough ratings and the whole 90 % interval
    of their ratio below 1 — listed for recognition."""
    snapshot = snapshot_of(policy.period)
    if snapshot is None:
        return []
    rows = _rows(snapshot, policy).filter(ratings__gte=policy.min_ratings, ratio_high__lt=1)
    return list(rows.order_by("ratio", "employee_id"))


def policies_visible(user: Any) -> Any:
    return Policy.objects.restrict(user, "view").select_related("organisation", "period")


def reductions_for(fund: Any) -> dict[int, tuple[Decimal, str]]:
    """What rating policies withhold of each person's bonus from ``fund``: the share and
    why, for the people whose consequence applies (pay.extensions)."""
    out: dict[int, tuple[Decimal, str]] = {}
    policies = Policy.objects.filter(period_id=fund.period_id).select_related("organisation")
    for policy in policies:
        for c in candidates(policy):
            if c.applies and c.row.organisation.path.startswith(fund.organisation.path):
                out[c.employee.pk] = (
                    policy.share,
                    _("citizens' ratings: reliably worse than expected in %(period)s")
                    % {"period": policy.period},
                )
    return out


def my_rows(user: Any) -> list[SnapshotRow]:
    """The user's own frozen scores, newest period first."""
    return list(
        SnapshotRow.objects.filter(employee__user=user)
        .select_related("snapshot__period")
        .order_by("-snapshot__period__start")
    )


def candidates_for(user: Any, policy: Policy) -> list[Candidate]:
    """The candidates ``user`` may see: all of them with the pay class over them (HR), else
    those the user manages or their own."""
    visible = set(
        SnapshotRow.objects.restrict(user, "view")
        .filter(snapshot__period=policy.period)
        .values_list("pk", flat=True)
    )
    return [
        c
        for c in candidates(policy)
        if c.row.pk in visible or manages(user, c.row.organisation.path)
    ]


def period_by_code(code: str) -> Any:
    return kpi.period_get(code)


def organisation_for(user: Any, pk: int) -> Any:
    """An organisation the user sees, or None."""
    from cadre.orgs.models import Organisation

    return Organisation.objects.restrict(user, "view").filter(pk=pk).first()


def recognised_for(user: Any, policy: Policy) -> list[SnapshotRow]:
    """Those reliably better than expected, as far as the user sees them."""
    visible = set(
        SnapshotRow.objects.restrict(user, "view")
        .filter(snapshot__period=policy.period)
        .values_list("pk", flat=True)
    )
    return [r for r in recognised(policy) if r.pk in visible or manages(user, r.organisation.path)]


def my_outcomes(user: Any, rows: list[SnapshotRow]) -> dict[int, Candidate | None]:
    """For each of the user's frozen scores (by row id): their case under the policy of that
    period covering them, when the policy flags them."""
    out: dict[int, Candidate | None] = {}
    for row in rows:
        policy = (
            Policy.objects.filter(period=row.snapshot.period)
            .select_related("organisation", "period")
            .order_by("-organisation__depth")
        )
        covering = [p for p in policy if row.organisation.path.startswith(p.organisation.path)]
        out[row.pk] = candidate(covering[0], row.employee_id) if covering else None
    return out


def with_frozen_at(policies: Any) -> Any:
    """Policies with ``scores_frozen_at``: when their period's scores were frozen (None:
    not yet), in the same query."""
    from django.db.models import OuterRef, Subquery

    taken = ScoreSnapshot.objects.filter(period=OuterRef("period")).values("taken_at")[:1]
    return policies.annotate(scores_frozen_at=Subquery(taken))
