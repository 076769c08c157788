"""Writes to the reserve: an entry created (from a contest, a competition, an assessment,
or a manager's nomination that an HR officer approves), withdrawn with its reason, and the
entries of a person appointed. Each refuses with its reason naming the field, changes
nothing then, and is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, create_audited, update_audited
from cadre.core.choices import AuditSource, Role
from cadre.core.errors import ApplicationError, Problems, reject_unknown
from cadre.core.permissions import roles_of
from cadre.core.reasons import require_reason
from cadre.core.scoping import reach_for, reaches, require_reach
from cadre.ethics import selectors as ethics
from cadre.ethics.rules import RESERVE
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.talent.choices import EntryStatus, Source
from cadre.talent.models import ReserveEntry
from cadre.talent.services.terms import expiry_for

ENTRY_FIELDS = (
    "employee",
    "candidate",
    "organisation",
    "post_group",
    "source",
    "source_ref",
    "levels",
    "started_on",
    "expires_on",
    "region",
    "relocation",
    "status",
    "status_reason",
)
MAX_LEVEL = 10


def clean_levels(levels: Any) -> dict[str, int]:
    """``{competency code: level}`` with whole levels from 1 to 10; refused by the code."""
    if levels in (None, ""):
        return {}
    if not isinstance(levels, dict):
        raise ApplicationError(
            _("Give the levels as {competency code: level}."), field="levels", code="invalid"
        )
    clean: dict[str, int] = {}
    for code, level in levels.items():
        key = str(code).strip()[:32]
        try:
            value = int(level)
        except (TypeError, ValueError):
            value = 0
        if not key or isinstance(level, bool) or not 1 <= value <= MAX_LEVEL:
            raise ApplicationError(
                _("The level of “%(code)s” must be a whole number from 1 to %(max)s.")
                % {"code": key, "max": MAX_LEVEL},
                field="levels",
                code="invalid",
            )
        clean[key] = value
    return clean


def _require_keeper(actor: Any, action: str, organisation: Organisation | None, where: Any) -> None:
    """The actor keeps the reserve of ``organisation``; a national entry is kept by national
    roles, or by the HR office where the employee's books are kept."""
    target = organisation or where
    if target is None:
        if not reach_for(actor, ReserveEntry, action).everything:
            raise ApplicationError(
                _("Only a national role keeps the national reserve of external candidates."),
                field="organisation",
                code="scope",
            )
        return
    require_reach(
        actor,
        ReserveEntry,
        action,
        target,
        message=_("You may not keep the reserve of “%(org)s”."),
        field="organisation",
    )


def _person_q(*, employee: Any, candidate: Any) -> Q:
    return Q(employee=employee) if employee is not None else Q(candidate=candidate)


def reserve_entry_create_check(
    *,
    actor: Any = None,
    employee: Employee | None = None,
    candidate: Any = None,
    organisation: Organisation | None = None,
    post_group: str = "",
    **_other: Any,
) -> None:
    """The rules a form cannot check, all at once: exactly one person; a candidate holds
    the external candidate's role; not twice active in the same reserve and post group."""
    problems = Problems()
    if (employee is None) == (candidate is None):
        problems.add(
            _("Choose either an employee or an external candidate."),
            field="employee",
            code="required",
        )
    elif candidate is not None and Role.EXTERNAL_CANDIDATE not in roles_of(candidate):
        problems.add(
            _("“%(user)s” is not an external candidate.") % {"user": candidate.username},
            field="candidate",
            code="invalid",
        )
    elif employee is not None and (
        why := ethics.blocked([employee], RESERVE, on=timezone.localdate()).get(employee.pk)
    ):
        # A sanction in force keeps the person out of the reserve where the country's rule
        # says so (ethics control, decision 0035).
        problems.add(why, field="employee", code="sanction")
    elif post_group and (
        ReserveEntry.objects.filter(
            _person_q(employee=employee, candidate=candidate),
            organisation=organisation,
            post_group=post_group,
            status=EntryStatus.ACTIVE,
        ).exists()
    ):
        problems.add(
            _("The person is already in this reserve for this post group."),
            field="post_group",
            code="unique",
        )
    problems.raise_if_any()


@transaction.atomic
def reserve_entry_create(
    *,
    actor: Any,
    employee: Employee | None = None,
    candidate: Any = None,
    organisation: Organisation | None = None,
    post_group: str,
    source: str,
    source_ref: str,
    levels: dict[str, int] | None = None,
    region: Organisation | None = None,
    relocation: bool = False,
    reason: str = "",
    audit_source: str = AuditSource.WEB,
    today: dt.date | None = None,
) -> ReserveEntry:
    """Put a person into the reserve for ``post_group`` of ``organisation`` (``None``: the
    national reserve) from ``today``, expiring by the rule of the body's country. A
    manager's nomination waits for an HR officer's approval (``reserve_entry_approve``)."""
    post_group = (post_group or "").strip()
    reserve_entry_create_check(
        actor=actor,
        employee=employee,
        candidate=candidate,
        organisation=organisation,
        post_group=post_group,
    )
    _require_keeper(actor, "add", organisation, employee.organisation if employee else None)
    target = organisation or (employee.organisation if employee else None)
    if (
        source != Source.NOMINATION
        and target is not None
        and not reaches(actor, ReserveEntry, "change", target)
    ):
        raise ApplicationError(
            _("A manager nominates people to the reserve; the HR office enters the other sources."),
            field="source",
            code="scope",
        )
    start = today or timezone.localdate()
    where = organisation or (employee.organisation if employee else None) or region
    entry = ReserveEntry(
        employee=employee,
        candidate=candidate,
        organisation=organisation,
        post_group=post_group,
        source=source,
        source_ref=(source_ref or "")[:100],
        levels=clean_levels(levels),
        started_on=start,
        expires_on=expiry_for(start=start, where=where),
        region=region,
        relocation=bool(relocation),
        status=EntryStatus.PENDING if source == Source.NOMINATION else EntryStatus.ACTIVE,
    )
    return create_audited(
        actor=actor, obj=entry, audited=ENTRY_FIELDS, source=audit_source, reason=reason
    )


def _locked(entry: ReserveEntry) -> ReserveEntry:
    return ReserveEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Give the reason for this change; it is kept in the audit log."),
            field="reason",
            code="required",
        )
    return reason


@transaction.atomic
def reserve_entry_approve(
    *, actor: Any, entry: ReserveEntry, reason: str = "", source: str = AuditSource.WEB
) -> ReserveEntry:
    """An HR officer approves a manager's nomination: the entry becomes active."""
    obj = _locked(entry)
    _require_keeper(
        actor, "change", obj.organisation, obj.employee.organisation if obj.employee else None
    )
    if obj.status != EntryStatus.PENDING:
        raise ApplicationError(
            _("Only a nomination awaiting approval can be approved."), field=None, code="state"
        )
    if obj.expires_on < timezone.localdate():
        raise ApplicationError(
            _("The reserve entry expired on %(date)s.") % {"date": obj.expires_on.isoformat()},
            field=None,
            code="state",
        )
    if obj.created_by_id == actor.pk and not reach_for(actor, ReserveEntry, "change").everything:
        raise ApplicationError(
            _("A nomination is approved by someone other than who made it."),
            field=None,
            code="state",
        )
    reserve_entry_create_check(
        employee=obj.employee,
        candidate=obj.candidate,
        organisation=obj.organisation,
        post_group=obj.post_group,
    )
    obj.approved_by = actor
    return update_audited(
        actor=actor,
        obj=obj,
        fields={"status": EntryStatus.ACTIVE},
        audited=(*ENTRY_FIELDS, "approved_by"),
        source=source,
        reason=reason,
    )


@transaction.atomic
def reserve_entry_withdraw(
    *, actor: Any, entry: ReserveEntry, reason: str, source: str = AuditSource.WEB
) -> ReserveEntry:
    """Take a person out of the reserve, with the reason (kept on the entry and audited)."""
    reason = _require_reason(reason)
    obj = _locked(entry)
    _require_keeper(
        actor, "change", obj.organisation, obj.employee.organisation if obj.employee else None
    )
    if obj.status not in (EntryStatus.ACTIVE, EntryStatus.PENDING):
        raise ApplicationError(
            _("The entry is %(status)s; only an active entry can be withdrawn.")
            % {"status": obj.get_status_display()},
            field=None,
            code="state",
        )
    return update_audited(
        actor=actor,
        obj=obj,
        fields={"status": EntryStatus.WITHDRAWN, "status_reason": reason[:500]},
        audited=ENTRY_FIELDS,
        source=source,
        reason=reason,
    )


def require_current(entry: ReserveEntry, *, today: dt.date, field: str | None = None) -> None:
    """Refuse an entry that is not active or is past its expiry (a nomination from it, a
    match for it)."""
    if entry.status == EntryStatus.APPOINTED:
        raise ApplicationError(
            _("%(person)s has already been appointed from the reserve.")
            % {"person": entry.person_name},
            field=field,
            code="state",
        )
    if entry.status != EntryStatus.ACTIVE:
        raise ApplicationError(
            _("The reserve entry is %(status)s, not active.")
            % {"status": entry.get_status_display()},
            field=field,
            code="state",
        )
    if entry.expires_on < today:
        raise ApplicationError(
            _("The reserve entry expired on %(date)s.") % {"date": entry.expires_on.isoformat()},
            field=field,
            code="state",
        )


def entries_appoint(*, actor: Any, employee: Any, candidate: Any, reason: str, source: str) -> int:
    """Mark the person's active entries appointed (inside the caller's transaction)."""
    person = Q(employee=employee) if employee is not None else Q(pk__in=[])
    if candidate is not None:
        person |= Q(candidate=candidate)
    count = 0
    for entry in ReserveEntry.objects.select_for_update(of=("self",)).filter(
        person, status=EntryStatus.ACTIVE
    ):
        entry.status = EntryStatus.APPOINTED
        entry.status_reason = reason[:500]
        entry.save(update_fields=["status", "status_reason", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=entry,
            changes={"status": [EntryStatus.ACTIVE, EntryStatus.APPOINTED]},
            reason=reason,
            source=source,
        )
        count += 1
    return count


def reserve_entry_add(
    *,
    actor: Any,
    origin: str,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> ReserveEntry:
    """``reserve_entry_create`` as the pages and the API call it: ``origin`` is the entry's
    source (contest, competition…), ``source`` the audit's (web, API…)."""
    reject_unknown(fields, ADD_FIELDS)
    return reserve_entry_create(
        actor=actor, source=origin, audit_source=source, reason=reason, **fields
    )


ADD_FIELDS = (
    "employee",
    "candidate",
    "organisation",
    "post_group",
    "source_ref",
    "levels",
    "region",
    "relocation",
)
EDIT_FIELDS = ("source_ref", "levels", "region", "relocation")


@transaction.atomic
def reserve_entry_update(
    *,
    actor: Any,
    instance: ReserveEntry,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> ReserveEntry:
    """Change an entry's preferences (region, relocation), measured levels or source
    reference, with the reason; the person, the reserve and the term stay."""
    reject_unknown(fields, EDIT_FIELDS)
    reason = require_reason(reason, model=ReserveEntry, action="change", source=source)
    obj = _locked(instance)
    _require_keeper(
        actor, "change", obj.organisation, obj.employee.organisation if obj.employee else None
    )
    if "levels" in fields:
        fields["levels"] = clean_levels(fields["levels"])
    if "source_ref" in fields:
        fields["source_ref"] = (fields["source_ref"] or "")[:100]
    return update_audited(
        actor=actor, obj=obj, fields=fields, audited=ENTRY_FIELDS, source=source, reason=reason
    )
