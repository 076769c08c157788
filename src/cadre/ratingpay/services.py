"""Rating pay: freezing a period's scores, policies, and the human reviews a consequence
needs. Each refuses with its reason, changes nothing then, and is audited."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.permissions import manages
from cadre.core.scoping import reach_for, require_reach
from cadre.people.selectors import organisations_of
from cadre.ratingpay import selectors
from cadre.ratingpay.models import Policy, Review, ReviewStage, ScoreSnapshot, SnapshotRow
from cadre.ratings import selectors as ratings


def no_period_message(code: str) -> str:
    return _("There is no period %(code)s.") % {"code": code}


def no_organisation_message() -> str:
    return _("No organisation you may see has this id.")


def reviewed_message() -> str:
    return _("The review is recorded.")


def not_flagged_message() -> str:
    return _("The policy does not flag this person this period: there is nothing to review.")


@transaction.atomic
def snapshot_take(*, actor: Any, period: Any, source: str = AuditSource.WEB) -> ScoreSnapshot:
    """Freeze every official's current fair score as the period's pay input. Once per
    period: a past period's input never changes silently."""
    if not reach_for(actor, SnapshotRow, "add").everything:
        raise ApplicationError(
            _("Only a national administrator may freeze the scores of a period."), code="scope"
        )
    if ScoreSnapshot.objects.filter(period=period).exists():
        raise ApplicationError(
            _("The scores of %(period)s are already frozen.") % {"period": period},
            field="period",
            code="protected",
        )
    scores = list(ratings.employee_scores())
    organisations = organisations_of([s.employee_id for s in scores])
    snapshot = ScoreSnapshot.objects.create(
        period=period,
        taken_at=timezone.now(),
        taken_by=actor,
        worse_ratio=Decimal(str(ratings.worse_ratio())),
        rows=len(scores),
    )
    SnapshotRow.objects.bulk_create(
        [
            SnapshotRow(
                snapshot=snapshot,
                employee_id=s.employee_id,
                organisation_id=organisations[s.employee_id],
                ratings=s.ratings,
                negatives=s.negatives,
                expected=s.expected,
                ratio=s.ratio,
                ratio_low=s.ratio_low,
                ratio_high=s.ratio_high,
                p_worse=s.p_worse,
            )
            for s in scores
            if s.employee_id in organisations
        ],
        batch_size=2000,
    )
    audit_record(
        actor=actor,
        action="freeze",
        obj=snapshot,
        changes={
            "period": [None, str(period)],
            "officials": [None, snapshot.rows],
            "worse_ratio": [None, str(snapshot.worse_ratio)],
        },
        source=source,
    )
    return snapshot


def _decimal(value: Any, field: str, low: Decimal, high: Decimal, message: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or not low <= number <= high:
        raise ApplicationError(message, field=field)
    return number


@transaction.atomic
def policy_create(
    *,
    actor: Any,
    organisation: Any,
    period: Any,
    min_ratings: Any = 30,
    min_probability: Any = "0.9",
    share: Any = "0.2",
    reason: str = "",
    source: str = AuditSource.WEB,
) -> Policy:
    require_reach(
        actor,
        Policy,
        "add",
        organisation,
        message=_("You may not set rating pay policies for “%(org)s”."),
    )
    try:
        ratings_min = int(min_ratings)
    except (TypeError, ValueError):
        ratings_min = 0
    if ratings_min < 1:
        raise ApplicationError(
            _("The minimum number of ratings must be a whole number of at least 1."),
            field="min_ratings",
        )
    probability = _decimal(
        min_probability,
        "min_probability",
        Decimal("0.5"),
        Decimal("0.999"),
        _("The minimum probability must be between 0.5 and 0.999."),
    )
    withheld = _decimal(
        share,
        "share",
        Decimal("0.001"),
        Decimal("0.5"),
        _("The share withheld must be between 0.001 and 0.5 of the bonus."),
    )
    if Policy.objects.filter(organisation=organisation, period=period).exists():
        raise ApplicationError(
            _("This organisation already has a policy for the period."),
            field="period",
            code="unique",
        )
    policy = Policy.objects.create(
        organisation=organisation,
        period=period,
        min_ratings=ratings_min,
        min_probability=probability,
        share=withheld,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="create",
        obj=policy,
        changes={
            "organisation": [None, str(organisation)],
            "period": [None, str(period)],
            "min_ratings": [None, ratings_min],
            "min_probability": [None, str(probability)],
            "share": [None, str(withheld)],
        },
        reason=reason,
        source=source,
    )
    return policy


@transaction.atomic
def review_record(
    *,
    actor: Any,
    policy: Policy,
    employee: Any,
    stage: str,
    agrees: bool,
    reason: str,
    source: str = AuditSource.WEB,
) -> Review:
    """A manager's or HR's review of a flagged official: whether the consequence should
    apply, and why. Both are needed for it to apply."""
    candidate = selectors.candidate(policy, employee.pk)
    if candidate is None:
        raise ApplicationError(not_flagged_message(), field="employee")
    if employee.user_id is not None and employee.user_id == getattr(actor, "pk", None):
        raise ApplicationError(_("You may not review your own case."), field="employee")
    path = candidate.row.organisation.path
    if stage == ReviewStage.MANAGER:
        if not manages(actor, path):
            raise ApplicationError(
                _("Only one of this person's managers may record the manager's review."),
                field="stage",
            )
    elif stage == ReviewStage.HR:
        require_reach(
            actor,
            Policy,
            "change",
            candidate.row.organisation,
            message=_("You may not record HR reviews for “%(org)s”."),
            field="stage",
        )
    else:
        raise ApplicationError(_("Choose the manager's or HR's review."), field="stage")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason of the review."), field="reason")
    try:
        with transaction.atomic():
            review = Review.objects.create(
                policy=policy,
                employee=employee,
                stage=stage,
                reviewer=actor,
                agrees=bool(agrees),
                reason=reason,
                at=timezone.now(),
            )
    except IntegrityError:
        raise ApplicationError(
            _("This review is already recorded."), field="stage", code="unique"
        ) from None
    audit_record(
        actor=actor,
        action="review",
        obj=review,
        changes={"stage": [None, stage], "agrees": [None, bool(agrees)]},
        reason=reason,
        source=source,
    )
    return review


@transaction.atomic
def policy_delete(
    *, actor: Any, policy: Policy, reason: str = "", source: str = AuditSource.WEB
) -> None:
    """Remove a policy set by mistake, while no one has been reviewed under it."""
    policy = Policy.objects.select_for_update().select_related("organisation").get(pk=policy.pk)
    require_reach(
        actor,
        Policy,
        "delete",
        policy.organisation,
        message=_("You may not remove rating pay policies of “%(org)s”."),
    )
    if policy.reviews.exists():
        raise ApplicationError(
            _("People have been reviewed under this policy: it stays, as their record does."),
            code="in_use",
        )
    audit_record(
        actor=actor,
        action="delete",
        obj=policy,
        changes={"period": [str(policy.period), None]},
        reason=reason,
        source=source,
    )
    policy.delete()
