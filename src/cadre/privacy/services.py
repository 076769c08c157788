"""Writes of the privacy app: retention policies, legal holds, data exports, erasure
requests (decision 0034). Breaches: ``breaches.py``; the retention run: ``retention.py``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, create_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems, reject_unknown
from cadre.core.scoping import reaches, require_reach
from cadre.core.services import job_create
from cadre.people.models import Employee
from cadre.privacy.choices import ACTIONS, OPEN_ERASURE, ErasureState
from cadre.privacy.models import DataExport, ErasureRequest, LegalHold, RetentionPolicy
from cadre.privacy.selectors import national

POLICY_FIELDS = ("legal_basis", "period_months", "action", "active")


def _national(actor: Any, label: str, action: str = "change") -> None:
    if not national(actor, label, action):
        raise ApplicationError(
            _("Only national administrators keep this."), field=None, code="permission"
        )


@transaction.atomic
def retention_policy_update(
    *, actor: Any, instance: RetentionPolicy, source: str, reason: str = "", **fields: Any
) -> RetentionPolicy:
    """Change a category's basis, period, action or whether the nightly run applies it."""
    reject_unknown(fields, POLICY_FIELDS)
    _national(actor, "privacy.retentionpolicy")
    policy = RetentionPolicy.objects.select_for_update().get(pk=instance.pk)
    period = fields.get("period_months", policy.period_months)
    if period is None or int(period) <= 0:
        raise ApplicationError(
            _("The period must be at least one month."), field="period_months", code="invalid"
        )
    action = fields.get("action", policy.action)
    if action not in ACTIONS[policy.category]:
        raise ApplicationError(
            _("“%(category)s” cannot be made to %(action)s.")
            % {"category": policy.get_category_display(), "action": action},
            field="action",
            code="invalid",
        )
    return update_audited(
        actor=actor, obj=policy, fields=fields, audited=POLICY_FIELDS, source=source, reason=reason
    )


# --- legal holds ---------------------------------------------------------------------------

HOLD_FIELDS = ("employee", "grounds", "until")


def holds_in_force(on: dt.date | None = None) -> QuerySet[LegalHold]:
    on = on or timezone.localdate()
    return LegalHold.objects.filter(released_at__isnull=True).filter(
        Q(until__isnull=True) | Q(until__gte=on)
    )


def hold_of(employee: Employee) -> LegalHold | None:
    return holds_in_force().filter(employee=employee).order_by("-created_at", "-id").first()


def held_message(hold: LegalHold, *, grounds: bool = True) -> str:
    """The refusal for a person under ``hold``; without the hold's grounds (``grounds``
    False) where the person reads it: the grounds are for HR and the administrators."""
    values = {
        "person": hold.employee,
        "grounds": hold.grounds,
        "until": hold.until.isoformat() if hold.until else "",
    }
    if not grounds:
        if hold.until is None:
            return _("%(person)s is under a legal hold: erasure refused.") % values
        return _("%(person)s is under a legal hold until %(until)s: erasure refused.") % values
    if hold.until is None:
        return _("%(person)s is under a legal hold (%(grounds)s): erasure refused.") % values
    return (
        _("%(person)s is under a legal hold (%(grounds)s) until %(until)s: erasure refused.")
        % values
    )


def _hold_check(actor: Any, employee: Employee, grounds: str, until: dt.date | None) -> None:
    require_reach(
        actor,
        LegalHold,
        "add",
        employee.organisation,
        message=_("You may not hold the data of people of “%(org)s”."),
        field="employee",
    )
    if not (grounds or "").strip():
        raise ApplicationError(_("Say why the data is held."), field="grounds", code="required")
    if until is not None and until < timezone.localdate():
        raise ApplicationError(_("The hold cannot end in the past."), field="until", code="invalid")


@transaction.atomic
def legal_hold_create(
    *,
    actor: Any,
    employee: Employee,
    grounds: str,
    until: dt.date | None = None,
    source: str = AuditSource.SYSTEM,
    reason: str = "",
) -> LegalHold:
    """Hold a person's data: retention and erasure leave it alone while the hold is in force."""
    # The person's row locked, as retention and erasure lock it: they see the hold or wait.
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    _hold_check(actor, employee, grounds, until)
    hold = LegalHold(employee=employee, grounds=grounds.strip(), until=until)
    return create_audited(actor=actor, obj=hold, audited=HOLD_FIELDS, source=source, reason=reason)


@transaction.atomic
def legal_hold_update(
    *, actor: Any, instance: LegalHold, source: str, reason: str = "", **fields: Any
) -> LegalHold:
    reject_unknown(fields, HOLD_FIELDS)
    hold = LegalHold.objects.select_for_update().get(pk=instance.pk)
    employee = fields.get("employee", hold.employee)
    require_reach(
        actor,
        LegalHold,
        "change",
        hold.employee.organisation,
        message=_("You may not hold the data of people of “%(org)s”."),
        field="employee",
    )
    if "until" in fields and fields["until"] != hold.until:
        _hold_check(actor, employee, fields.get("grounds", hold.grounds), fields["until"])
    else:
        _hold_check(actor, employee, fields.get("grounds", hold.grounds), None)
    return update_audited(
        actor=actor, obj=hold, fields=fields, audited=HOLD_FIELDS, source=source, reason=reason
    )


@transaction.atomic
def legal_hold_release(*, actor: Any, hold: LegalHold, source: str, reason: str = "") -> LegalHold:
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    require_reach(actor, LegalHold, "change", hold.employee.organisation, field=None)
    if hold.released_at is not None:
        raise ApplicationError(_("The hold is released already."), field=None, code="state")
    hold.released_at = timezone.now()
    hold.updated_by = actor
    hold.save(update_fields=["released_at", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action="privacy.hold_release",
        obj=hold,
        changes={"released_at": [None, hold.released_at.isoformat()]},
        reason=reason,
        source=source,
    )
    return hold


# --- data exports --------------------------------------------------------------------------


def may_export(actor: Any, employee: Employee) -> bool:
    """The person themself, or whoever may start exports for the person's organisation."""
    if employee.user_id is not None and employee.user_id == getattr(actor, "pk", None):
        return True
    return reaches(actor, DataExport, "add", employee.organisation)


@transaction.atomic
def data_export_create(
    *, actor: Any, employee: Employee, source: str = AuditSource.SYSTEM, reason: str = ""
) -> DataExport:
    """Start the job that writes everything Cadre holds about ``employee`` in one file;
    audited: who exported whose data."""
    if not may_export(actor, employee):
        raise ApplicationError(
            _("You may not export the data of %(person)s.") % {"person": employee},
            field="employee",
            code="scope",
        )
    export = DataExport.objects.create(employee=employee, requested_by=actor)
    export.job = job_create(
        actor=actor,
        kind="privacy.export",
        params={"export": export.pk},
        organisation_path=employee.organisation.path,
    )
    export.save(update_fields=["job"])
    audit_record(
        actor=actor,
        action="privacy.export",
        obj=export,
        changes={"employee": [None, employee.pk]},
        reason=reason,
        source=source,
    )
    return export


@transaction.atomic
def data_export_downloaded(*, actor: Any, export: DataExport, source: str) -> None:
    audit_record(
        actor=actor,
        action="privacy.download",
        obj=export,
        changes={"employee": [None, export.employee_id]},
        source=source,
    )


# --- erasure requests ----------------------------------------------------------------------

REQUEST_FIELDS = ("employee", "grounds", "state")


def _may_request(actor: Any, employee: Employee) -> bool:
    if employee.user_id is not None and employee.user_id == getattr(actor, "pk", None):
        return True
    return reaches(actor, ErasureRequest, "add", employee.organisation)


def erasure_request_check(
    *, actor: Any, employee: Employee | None = None, grounds: str | None = None, **_kw: Any
) -> None:
    """Every reason to refuse a request at once: scope, grounds, a legal hold, an open one."""
    problems = Problems()
    if grounds is not None and not grounds.strip():
        problems.add(_("Say why the data should be erased."), field="grounds", code="required")
    if employee is not None:
        if not _may_request(actor, employee):
            problems.add(
                _("You may not ask to erase the data of %(person)s.") % {"person": employee},
                field="employee",
                code="scope",
            )
        else:
            hold = hold_of(employee)
            if hold is not None:
                # The person asking for their own erasure is not shown the grounds.
                own = getattr(actor, "pk", None) == employee.user_id
                problems.add(held_message(hold, grounds=not own), field="employee", code="held")
            elif ErasureRequest.objects.filter(employee=employee, state__in=OPEN_ERASURE).exists():
                problems.add(
                    _("This person already has an open erasure request."),
                    field="employee",
                    code="conflict",
                )
    problems.raise_if_any()


@transaction.atomic
def erasure_request_create(
    *,
    actor: Any,
    employee: Employee,
    grounds: str,
    source: str = AuditSource.SYSTEM,
    reason: str = "",
) -> ErasureRequest:
    """Ask for a person's data to be erased (anonymised), saying why; a national
    administrator reviews it. Refused, with nothing saved, for a person under legal hold."""
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    erasure_request_check(actor=actor, employee=employee, grounds=grounds)
    request = ErasureRequest(employee=employee, grounds=grounds.strip())
    return create_audited(
        actor=actor, obj=request, audited=REQUEST_FIELDS, source=source, reason=reason
    )


@transaction.atomic
def erasure_request_review(
    *,
    actor: Any,
    request: ErasureRequest,
    approve: bool,
    note: str = "",
    source: str = AuditSource.SYSTEM,
) -> ErasureRequest:
    """Approve (the erasure then runs as a job) or refuse (saying why) a request."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    _national(actor, "privacy.erasurerequest")
    if request.state != ErasureState.REQUESTED:
        raise ApplicationError(
            _("This request is %(state)s: it cannot be reviewed again.")
            % {"state": request.get_state_display()},
            field=None,
            code="state",
        )
    note = (note or "").strip()
    if not approve and not note:
        raise ApplicationError(_("Say why the request is refused."), field="note", code="required")
    if approve:
        hold = hold_of(request.employee)
        if hold is not None:
            raise ApplicationError(held_message(hold), field=None, code="held")
    before = request.state
    request.state = ErasureState.APPROVED if approve else ErasureState.REFUSED
    request.reviewed_by, request.reviewed_at, request.review_note = actor, timezone.now(), note
    request.updated_by = actor
    if approve:
        request.job = job_create(
            actor=actor,
            kind="privacy.erase",
            params={"request": request.pk},
            organisation_path=request.employee.organisation.path,
        )
    request.save()
    audit_record(
        actor=actor,
        action="privacy.erasure_review",
        obj=request,
        changes={"state": [before, request.state]},
        reason=note,
        source=source,
    )
    return request


def erasure_execute(*, request_id: int) -> ErasureRequest:
    """Carry out an approved request (the job): refused if a hold came in meanwhile."""
    from cadre.privacy.erasure import erase_person

    with transaction.atomic():
        request = (
            ErasureRequest.objects.select_for_update(of=("self",))
            .select_related("employee__organisation", "reviewed_by")
            .get(pk=request_id)
        )
        if request.state != ErasureState.APPROVED:
            return request
        actor = request.reviewed_by
        hold = hold_of(request.employee)
        if hold is not None:
            request.state = ErasureState.REFUSED
            request.review_note = held_message(hold, grounds=False)  # the person reads it
            request.save(update_fields=["state", "review_note", "updated_at"])
            audit_record(
                actor=actor,
                action="privacy.erasure_review",
                obj=request,
                changes={"state": [ErasureState.APPROVED, ErasureState.REFUSED]},
                reason=request.review_note,
            )
            return request
        outcome = erase_person(
            employee=request.employee,
            actor=actor,
            reason=request.grounds,
            source=AuditSource.SYSTEM,
        )
        request.employee.refresh_from_db()  # its text is the anonymous one from now on
        request.state = ErasureState.DONE
        request.executed_at = timezone.now()
        request.outcome = outcome.as_json()
        request.save(update_fields=["state", "executed_at", "outcome", "updated_at"])
        audit_record(
            actor=actor,
            action="privacy.erase",
            obj=request,
            changes={
                "deleted": [None, outcome.deleted],
                "anonymised": [None, outcome.anonymised],
                "kept": [None, {k: v["count"] for k, v in outcome.kept.items()}],
                "redacted_events": [None, outcome.redacted_events],
            },
        )
        return request
