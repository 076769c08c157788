"""Appeals: file, admit with a panel, decide, withdraw (docs/pay.md, "Appeals"). Each step
checks who may take it, refuses with the reason in the user's language, and is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.appeals import deciders, notify
from cadre.appeals.calendar import add_working_days
from cadre.appeals.models import OPEN_STATES, Appeal, AppealState, PanelMember
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.permissions import manages
from cadre.core.scoping import require_reach
from cadre.ethics import selectors as ethics
from cadre.orgs.selectors import countries_of
from cadre.pay import services as pay_services
from cadre.pay.models import RunLine, RunState

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
DECISIONS = (AppealState.UPHELD, AppealState.AMENDED, AppealState.REJECTED)


def not_yours_message() -> str:
    return _("No pay line of yours has this id.")


def no_such_users_message(ids: list[int]) -> str:
    return _("No active user has the id %(ids)s.") % {"ids": ", ".join(map(str, ids))}


def filed_message(appeal: Appeal) -> str:
    return _("Your appeal is filed. HR admits it and names the panel that decides it.")


def step_message(step: str) -> str:
    return {
        "admit": _("The appeal is admitted; the panel decides it by the date shown."),
        "decide": _("The decision is recorded."),
        "withdraw": _("The appeal is withdrawn."),
    }.get(step, "")


def _country(line: RunLine) -> str:
    return countries_of([line.organisation])[line.organisation_id]


def window_ends(line: RunLine) -> dt.date:
    """The last day the person may appeal their line: the run's approval day plus the
    window in working days of their country."""
    approved = line.run.approved_at
    if approved is None:
        raise ApplicationError(_("Only a line of an approved run can be appealed."), field="line")
    return add_working_days(
        timezone.localdate(approved), settings.CADRE_APPEAL_WINDOW_DAYS, _country(line)
    )


def _line_locked(line: RunLine) -> RunLine:
    return RunLine.objects.select_related("run__fund", "organisation", "employee").get(pk=line.pk)


@transaction.atomic
def appeal_file(
    *,
    actor: Any,
    line: RunLine,
    grounds: str,
    evidence: Any = None,
    source: str = AuditSource.WEB,
    today: dt.date | None = None,
) -> Appeal:
    """The person appeals their own line of an approved run, within the window."""
    line = _line_locked(line)
    if line.employee.user_id is None or line.employee.user_id != getattr(actor, "pk", None):
        raise ApplicationError(_("Only the person paid on this line may appeal it."), field="line")
    if line.run.state != RunState.APPROVED:
        raise ApplicationError(_("Only a line of an approved run can be appealed."), field="line")
    ends = window_ends(line)
    today = today or timezone.localdate()
    if today > ends:
        raise ApplicationError(
            _("The time to appeal ended on %(date)s.") % {"date": ends.isoformat()},
            field="line",
            code="too_late",
        )
    grounds = (grounds or "").strip()
    if not grounds:
        raise ApplicationError(_("Say why you appeal."), field="grounds", code="required")
    if evidence is not None and evidence.size > MAX_EVIDENCE_BYTES:
        raise ApplicationError(
            _("The evidence file is larger than %(mb)s MB.") % {"mb": MAX_EVIDENCE_BYTES // 2**20},
            field="evidence",
            code="too_large",
        )
    if Appeal.objects.filter(line=line, state__in=OPEN_STATES).exists():
        raise ApplicationError(
            _("This pay line already has an appeal under way."), field="line", code="unique"
        )
    appeal = Appeal(
        line=line,
        grounds=grounds,
        filed_at=timezone.now(),
        window_ends=ends,
    )
    if evidence is not None:
        appeal.evidence = evidence
    appeal.save()
    audit_record(
        actor=actor,
        action="file",
        obj=appeal,
        changes={"state": [None, AppealState.FILED], "grounds": [None, grounds]},
        source=source,
    )
    notify.filed(appeal)
    return appeal


def _locked(appeal: Appeal) -> Appeal:
    return (
        Appeal.objects.select_for_update()
        .select_related("line__run__fund__organisation", "line__organisation", "line__employee")
        .get(pk=appeal.pk)
    )


def excluded_from_panel(appeal: Appeal) -> set[int]:
    """Who may not sit on the panel: the person, the run's proposer, and their managers
    (whoever heads a unit above them, or holds the manager role over them)."""
    line = appeal.line
    return {line.employee.user_id or 0, line.run.proposed_by_id}


@transaction.atomic
def appeal_admit(
    *,
    actor: Any,
    appeal: Appeal,
    panel: list[Any],
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Appeal:
    """HR admits a filed appeal and names its panel; the decision is due within the
    decision time in working days."""
    appeal = _locked(appeal)
    require_reach(
        actor,
        Appeal,
        "change",
        appeal.line.organisation,
        message=_("You may not handle appeals for “%(org)s”."),
    )
    if appeal.state != AppealState.FILED:
        raise ApplicationError(
            _("Only a filed appeal can be admitted; this one is %(state)s.")
            % {"state": appeal.get_state_display()},
            code="state",
        )
    members = list({u.pk: u for u in panel}.values())
    if not members:
        raise ApplicationError(_("Name at least one member of the panel."), field="panel")
    path = appeal.line.organisation.path
    excluded = excluded_from_panel(appeal)
    # Only accounts whose roles decide appeals in the appeal's country (appeals.deciders).
    chosen = deciders.deciders(appeal).filter(pk__in=[u.pk for u in members])
    may_decide = set(chosen.values_list("pk", flat=True))
    # A relation declared to ethics control (decision 0035) keeps a member off the panel;
    # HR is told its kind only.
    staff = ethics.employees_of_users([u.pk for u in members])
    declared = ethics.declared_bulk((e.pk, appeal.line.employee_id) for e in staff.values())
    for user in members:
        relation = (
            declared.get((staff[user.pk].pk, appeal.line.employee_id))
            if (user.pk in staff)
            else None
        )
        if relation:
            raise ApplicationError(
                _("%(user)s may not sit on this panel: %(why)s.")
                % {
                    "user": user.get_full_name() or user.username,
                    "why": ethics.declared_reason(relation),
                },
                field="panel",
                code="excluded",
            )
        if user.pk in excluded or manages(user, path):
            raise ApplicationError(
                _(
                    "%(user)s may not sit on this panel: the person, their managers and the "
                    "run's proposer are excluded."
                )
                % {"user": user.get_full_name() or user.username},
                field="panel",
                code="excluded",
            )
        if user.pk not in may_decide:
            raise ApplicationError(
                _(
                    "%(user)s may not sit on this panel: they hold no role that decides "
                    "appeals in “%(org)s”."
                )
                % {
                    "user": user.get_full_name() or user.username,
                    "org": deciders.scope_root(appeal).display_name,
                },
                field="panel",
                code="role",
            )
    PanelMember.objects.bulk_create([PanelMember(appeal=appeal, user=u) for u in members])
    appeal.state = AppealState.ADMITTED
    appeal.admitted_at = timezone.now()
    appeal.decide_by = add_working_days(
        timezone.localdate(), settings.CADRE_APPEAL_DECISION_DAYS, _country(appeal.line)
    )
    appeal.save(update_fields=["state", "admitted_at", "decide_by"])
    audit_record(
        actor=actor,
        action="admit",
        obj=appeal,
        changes={
            "state": [AppealState.FILED, AppealState.ADMITTED],
            "panel": [None, sorted(u.username for u in members)],
            "decide_by": [None, appeal.decide_by.isoformat()],
        },
        reason=reason,
        source=source,
    )
    notify.admitted(appeal, members)
    return appeal


def _achievement(value: Any) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or number > 10:
        raise ApplicationError(
            _("Give the amended achievement as a number from 0 to 10 (1 = 100 %)."),
            field="amended_achievement",
        )
    return number.quantize(Decimal("0.0001"))


@transaction.atomic
def appeal_decide(
    *,
    actor: Any,
    appeal: Appeal,
    outcome: str,
    reason: str,
    amended_achievement: Any = None,
    source: str = AuditSource.WEB,
) -> Appeal:
    """A member of the panel decides. Upheld: the fund is allocated again from the inputs
    as they now are (e.g. a corrected KPI actual); amended: with the person's achievement
    as the panel sets it. Either way a correction run is proposed, to be approved as any
    run is; rejected: the line stands."""
    appeal = _locked(appeal)
    if appeal.state != AppealState.ADMITTED:
        raise ApplicationError(
            _("Only an admitted appeal can be decided; this one is %(state)s.")
            % {"state": appeal.get_state_display()},
            code="state",
        )
    if not PanelMember.objects.filter(appeal=appeal, user_id=getattr(actor, "pk", 0) or 0).exists():
        raise ApplicationError(
            _("Only a member of this appeal's panel may decide it."), code="not_on_panel"
        )
    if outcome not in DECISIONS:
        raise ApplicationError(
            _("Choose upheld, amended or rejected."), field="outcome", code="invalid"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reasons of the decision."), field="reason")
    amended = None
    if outcome == AppealState.AMENDED:
        if amended_achievement in (None, ""):
            raise ApplicationError(
                _("An amended decision sets the person's achievement."),
                field="amended_achievement",
                code="required",
            )
        amended = _achievement(amended_achievement)
    correction = None
    if outcome != AppealState.REJECTED:
        overrides = {appeal.line.employee_id: amended} if amended is not None else {}
        correction = pay_services.run_propose(
            actor=actor,
            fund=appeal.line.run.fund,
            corrects=appeal.line.run,
            overrides=overrides,
            authorised=True,
            reason=_("Appeal %(id)s: %(reason)s") % {"id": appeal.pk, "reason": reason},
            source=source,
        )
    before = appeal.state
    appeal.state = outcome
    appeal.decided_at = timezone.now()
    appeal.decided_by = actor
    appeal.decision_reason = reason
    appeal.amended_achievement = amended
    appeal.correction = correction
    appeal.save(
        update_fields=[
            "state",
            "decided_at",
            "decided_by",
            "decision_reason",
            "amended_achievement",
            "correction",
        ]
    )
    audit_record(
        actor=actor,
        action="decide",
        obj=appeal,
        changes={
            "state": [before, outcome],
            "amended_achievement": [None, str(amended) if amended is not None else None],
            "correction": [None, correction.pk if correction else None],
        },
        reason=reason,
        source=source,
    )
    notify.decided(appeal)
    return appeal


@transaction.atomic
def appeal_withdraw(
    *, actor: Any, appeal: Appeal, source: str = AuditSource.WEB, reason: str = ""
) -> Appeal:
    """The person withdraws their appeal before it is decided."""
    appeal = _locked(appeal)
    if appeal.line.employee.user_id != getattr(actor, "pk", None):
        raise ApplicationError(_("Only the person who appealed may withdraw the appeal."))
    if appeal.state not in OPEN_STATES:
        raise ApplicationError(
            _("Only an appeal under way can be withdrawn; this one is %(state)s.")
            % {"state": appeal.get_state_display()},
            code="state",
        )
    before = appeal.state
    appeal.state = AppealState.WITHDRAWN
    appeal.decided_at = timezone.now()
    appeal.save(update_fields=["state", "decided_at"])
    audit_record(
        actor=actor,
        action="withdraw",
        obj=appeal,
        changes={"state": [before, AppealState.WITHDRAWN]},
        reason=reason,
        source=source,
    )
    notify.withdrawn(appeal, [m.user for m in appeal.panel.select_related("user")])
    return appeal
