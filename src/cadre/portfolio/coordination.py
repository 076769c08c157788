"""The coordinators' writes on the IT portfolio: approving a start, deciding an overlap,
starting the whole-portfolio detection. Each refuses with its reason naming the field,
changes nothing then, and is audited (``services`` re-exports them)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.scoping import reach_for, require_reach
from cadre.orgs.models import Organisation
from cadre.portfolio.choices import Decision, OverlapState, Stage
from cadre.portfolio.models import Overlap, StartPolicy, System

JOB_ALL = "portfolio.overlaps_detect"


@transaction.atomic
def system_approve_start(
    *, actor: Any, system: System, reason: str, source: str = AuditSource.WEB
) -> System:
    """An IT coordinator approves that an idea may start development."""
    system = System.objects.select_for_update().select_related("owner").get(pk=system.pk)
    require_reach(
        actor,
        System,
        "approve",
        system.owner,
        message=_("Only an IT coordinator over “%(org)s” may approve the start."),
        field="system",
    )
    if system.stage != Stage.IDEA:
        raise ApplicationError(
            _("Only an idea's start is approved; this entry is at “%(stage)s”.")
            % {"stage": system.get_stage_display()},
            field="system",
            code="protected",
        )
    if system.start_approved_at is not None:
        raise ApplicationError(
            _("The start is already approved."), field="system", code="protected"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason of the approval."), field="reason")
    system.start_approved_by = actor
    system.start_approved_at = timezone.now()
    system.save(update_fields=["start_approved_by", "start_approved_at", "updated_at"])
    audit_record(
        actor=actor,
        action="approve_start",
        obj=system,
        changes={"start_approved_at": [None, system.start_approved_at.isoformat()]},
        reason=reason,
        source=source,
    )
    return system


def decision_scope_message() -> str:
    return _(
        "A regional coordinator decides only pairs whose two entries are both within "
        "their region; ask a national coordinator."
    )


@transaction.atomic
def overlap_decide(
    *,
    actor: Any,
    overlap: Overlap,
    decision: str,
    reason: str,
    source: str = AuditSource.WEB,
) -> Overlap:
    """A coordinator's decision on a pair, with its reason. A pair stays decided until
    either entry changes; deciding it again before that is refused."""
    overlap = (
        Overlap.objects.select_for_update()
        .select_related("system_a__owner", "system_b__owner")
        .get(pk=overlap.pk)
    )
    reach = reach_for(actor, Overlap, "change")
    paths = (overlap.system_a.owner.path, overlap.system_b.owner.path)
    inside = reach.everything or all(any(path.startswith(p) for p in reach.paths) for path in paths)
    if not inside:
        raise ApplicationError(decision_scope_message(), field="overlap", code="scope")
    if decision not in Decision.values:
        raise ApplicationError(
            _("Unknown decision “%(value)s”; use one of: %(known)s.")
            % {"value": decision, "known": ", ".join(Decision.values)},
            field="decision",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason of the decision."), field="reason")
    if overlap.state == OverlapState.DECIDED:
        raise ApplicationError(
            _("This pair is already decided and neither entry has changed since."),
            field="decision",
            code="protected",
        )
    before = overlap.decision or None
    overlap.decision = decision
    overlap.decision_reason = reason
    overlap.decided_by = actor
    overlap.decided_at = timezone.now()
    overlap.decided_fingerprint = f"{overlap.system_a.fingerprint}:{overlap.system_b.fingerprint}"
    overlap.state = OverlapState.DECIDED
    overlap.save()
    audit_record(
        actor=actor,
        action="decide",
        obj=overlap,
        changes={"decision": [before, decision], "score": [None, overlap.score]},
        reason=reason,
        source=source,
    )
    return overlap


def overlaps_run(*, actor: Any) -> Any:
    """Start the whole-portfolio overlap detection (a job with its progress)."""
    from cadre.core.services import job_create

    if not reach_for(actor, Overlap, "change").everything and not getattr(
        actor, "is_superuser", False
    ):
        raise ApplicationError(
            _("Only a national IT coordinator may run the detection over the whole portfolio."),
            code="scope",
        )
    return job_create(actor=actor, kind=JOB_ALL)


@transaction.atomic
def start_policy_set(
    *,
    actor: Any,
    organisation: Organisation,
    approval_required: bool | None,
    reason: str,
    source: str = AuditSource.WEB,
) -> StartPolicy | None:
    """Set whether starting an IT project of ``organisation`` (and the bodies under it
    without their own rule) needs an IT coordinator's approval; ``None`` removes the
    body's own rule, so that it follows the body above it, else the national setting. An
    IT coordinator over the body or a national administrator; audited with the reason."""
    require_reach(
        actor,
        StartPolicy,
        "change",
        organisation,
        message=_(
            "Only an IT coordinator over “%(org)s” or a national administrator sets its "
            "start approval policy."
        ),
        field="organisation",
    )
    if approval_required not in (True, False, None):
        raise ApplicationError(
            _("Say whether the start needs approval, or that the body follows the rule above."),
            field="approval_required",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason of the change."), field="reason")
    policy = StartPolicy.objects.select_for_update().filter(organisation=organisation).first()
    before = policy.approval_required if policy is not None else None
    if before == approval_required:
        return policy
    if approval_required is None:
        assert policy is not None
        audit_record(
            actor=actor,
            action="delete",
            obj=policy,
            changes={
                "approval_required": [before, None],
                "organisation": [str(organisation), None],
            },
            reason=reason,
            source=source,
        )
        policy.delete()
        return None
    if policy is None:
        policy = StartPolicy.objects.create(
            organisation=organisation, approval_required=approval_required
        )
        action = "create"
    else:
        policy.approval_required = approval_required
        policy.save(update_fields=["approval_required", "updated_at"])
        action = "update"
    changes: dict[str, Any] = {"approval_required": [before, approval_required]}
    if action == "create":
        changes["organisation"] = [None, str(organisation)]
    audit_record(
        actor=actor, action=action, obj=policy, changes=changes, reason=reason, source=source
    )
    return policy
