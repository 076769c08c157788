"""Disciplinary cases: opened by the ethics officer or HR with grounds; the person explains
by a deadline; a commission decides (the sanction's kind and term within the law of the
body's country); the person may appeal; the sanction ends with its term. Each step audited,
refused whole when wrong; every read by anyone but the person is audited (``case_read``)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, create_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.ethics.choices import AppealOutcome, CaseState, Outcome, SanctionKind
from cadre.ethics.models import Case, Member
from cadre.ethics.rules import max_months, rule_for
from cadre.ethics.selectors import declared_bulk, employees_of_users
from cadre.ethics.services.common import is_hr, is_officer, is_person
from cadre.orgs.selectors import countries_of
from cadre.people.models import Employee

FIELDS = ("employee", "organisation", "complainant", "grounds", "opened_on", "explanation_due")


def explanation_days() -> int:
    return int(getattr(settings, "CADRE_ETHICS_EXPLANATION_DAYS", 2))


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _locked(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("employee__organisation", "organisation")
        .get(pk=case.pk)
    )


def _state(case: Case, *allowed: str) -> None:
    if case.state not in allowed:
        raise ApplicationError(
            _("The case is %(state)s; this step is not open.")
            % {"state": case.get_state_display()},
            code="state",
        )


@transaction.atomic
def case_open(
    *,
    actor: Any,
    employee: Employee,
    grounds: str,
    complainant: Any = None,
    explanation_due: dt.date | None = None,
    reason: str = "",
    source: str = AuditSource.WEB,
) -> Case:
    """Open a case about ``employee`` (their body's ethics officer or HR officer)."""
    org = employee.organisation
    if not (is_officer(actor, org) or is_hr(actor, org)):
        raise ApplicationError(
            _("Only the ethics officer or the HR office of the person's body opens a case."),
            field="employee",
            code="scope",
        )
    if is_person(actor, employee):
        raise ApplicationError(_("You may not open a case about yourself."), field="employee")
    grounds = (grounds or "").strip()
    if not grounds:
        raise ApplicationError(
            _("State the grounds of the case."), field="grounds", code="required"
        )
    today = timezone.localdate()
    due = explanation_due or today + dt.timedelta(days=explanation_days())
    if due < today:
        raise ApplicationError(
            _("The explanation cannot be due before the case is opened."),
            field="explanation_due",
            code="dates",
        )
    case = Case(
        employee=employee,
        organisation=org,
        complainant=complainant,
        grounds=grounds,
        opened_on=today,
        explanation_due=due,
    )
    return create_audited(actor=actor, obj=case, audited=FIELDS, source=source, reason=reason)


@transaction.atomic
def case_explain(
    *, actor: Any, case: Case, explanation: str, source: str = AuditSource.WEB
) -> Case:
    """The person's written explanation, by its deadline."""
    case = _locked(case)
    if not is_person(actor, case.employee):
        raise ApplicationError(_("Only the person explains."), code="scope")
    _state(case, CaseState.OPEN)
    explanation = (explanation or "").strip()
    if not explanation:
        raise ApplicationError(_("Write the explanation."), field="explanation", code="required")
    if timezone.localdate() > case.explanation_due:
        raise ApplicationError(
            _("The explanation was due on %(date)s.") % {"date": case.explanation_due.isoformat()},
            field="explanation",
            code="late",
        )
    case.explanation, case.explained_at, case.state = (
        explanation,
        timezone.now(),
        CaseState.EXPLAINED,
    )
    case.save(update_fields=["explanation", "explained_at", "state", "updated_at"])
    audit_record(
        actor=actor,
        action="case.explain",
        obj=case,
        changes={"state": [CaseState.OPEN, CaseState.EXPLAINED]},
        source=source,
    )
    return case


def _excluded(case: Case, users: list[Any]) -> dict[int, str]:
    """user id → why they may not sit on the case's commission: the person, the complainant,
    or a relation declared between them and the person."""
    out: dict[int, str] = {}
    staff = employees_of_users([u.pk for u in users])
    declared = declared_bulk([(e.pk, case.employee_id) for e in staff.values()])
    for u in users:
        if u.pk == case.employee.user_id:
            out[u.pk] = _("the person the case is about")
        elif case.complainant_id and u.pk == case.complainant_id:
            out[u.pk] = _("the complainant")
        elif u.pk in staff and (staff[u.pk].pk, case.employee_id) in declared:
            out[u.pk] = _("a declared relation with the person")
    return out


def _refuse_excluded(case: Case, users: list[Any], field: str) -> None:
    excluded = _excluded(case, users)
    for u in users:
        if u.pk in excluded:
            raise ApplicationError(
                _("%(user)s may not decide this case: %(why)s.")
                % {"user": u.get_full_name() or u.username, "why": excluded[u.pk]},
                field=field,
                code="conflict",
            )


@transaction.atomic
def case_commission(
    *, actor: Any, case: Case, members: list[Any], source: str = AuditSource.WEB
) -> Case:
    """The ethics officer names the commission (replacing one named before the decision)."""
    case = _locked(case)
    if not is_officer(actor, case.organisation):
        raise ApplicationError(
            _("Only the ethics officer of the body names the commission."), code="scope"
        )
    _state(case, CaseState.OPEN, CaseState.EXPLAINED)
    users = list({u.pk: u for u in members}.values())
    if not users:
        raise ApplicationError(_("Name at least one member."), field="members", code="required")
    _refuse_excluded(case, users, "members")
    before = sorted(case.members.values_list("user__username", flat=True))
    case.members.all().delete()
    Member.objects.bulk_create([Member(case=case, user=u) for u in users])
    audit_record(
        actor=actor,
        action="case.commission",
        obj=case,
        changes={"members": [before, sorted(u.username for u in users)]},
        source=source,
    )
    return case


@transaction.atomic
def case_decide(
    *,
    actor: Any,
    case: Case,
    outcome: str,
    decision_text: str,
    sanction: str = "",
    term_months: int | None = None,
    source: str = AuditSource.WEB,
) -> Case:
    """A member of the commission records its decision. Upheld: a sanction of a kind and a
    term within the law of the body's country, from today. Dismissed: no sanction."""
    case = _locked(case)
    if not case.members.filter(user_id=getattr(actor, "pk", 0) or 0).exists():
        raise ApplicationError(
            _("Only a member of the case's commission records its decision."), code="not_member"
        )
    _refuse_excluded(case, [actor], "decided_by")
    _state(case, CaseState.EXPLAINED, CaseState.OPEN)
    today = timezone.localdate()
    if case.state == CaseState.OPEN and today <= case.explanation_due:
        raise ApplicationError(
            _("The person may explain until %(date)s; decide after that.")
            % {"date": case.explanation_due.isoformat()},
            code="state",
        )
    if outcome not in Outcome.values:
        raise ApplicationError(_("Choose upheld or dismissed."), field="outcome")
    if not (decision_text or "").strip():
        raise ApplicationError(_("Write the decision."), field="decision_text", code="required")
    country = countries_of([case.organisation])[case.organisation_id]
    until = None
    if outcome == Outcome.DISMISSED:
        if sanction or term_months:
            raise ApplicationError(
                _("A dismissed case carries no sanction."), field="sanction", code="no_decision"
            )
    else:
        if sanction not in SanctionKind.values:
            raise ApplicationError(
                _("An upheld case needs the kind of sanction."), field="sanction", code="required"
            )
        longest = max_months(country, sanction)
        if longest is None:
            if term_months:
                raise ApplicationError(
                    _("Dismissal has no term."), field="term_months", code="term"
                )
        elif not term_months or term_months < 1:
            raise ApplicationError(
                _("Give the term of the sanction in months."), field="term_months", code="required"
            )
        elif term_months > longest:
            raise ApplicationError(
                _("The law allows at most %(months)s months for this sanction (%(law)s).")
                % {"months": longest, "law": rule_for(country).source or country or "—"},
                field="term_months",
                code="term",
            )
        else:
            until = add_months(today, term_months) - dt.timedelta(days=1)
    case.outcome = outcome
    case.sanction = sanction if outcome == Outcome.UPHELD else ""
    case.term_months = term_months if until else None
    case.sanction_from = today if outcome == Outcome.UPHELD else None
    case.sanction_until = until
    case.legal_basis = rule_for(country).source if outcome == Outcome.UPHELD else ""
    case.decision_text = decision_text.strip()
    case.decided_at, case.decided_by = timezone.now(), actor
    before = case.state
    case.state = CaseState.DECIDED if outcome == Outcome.UPHELD else CaseState.CLOSED
    case.save()
    audit_record(
        actor=actor,
        action="case.decide",
        obj=case,
        changes={
            "state": [before, case.state],
            "outcome": [None, outcome],
            "sanction": [None, case.sanction],
            "sanction_until": [None, until.isoformat() if until else None],
            "legal_basis": [None, case.legal_basis],
        },
        source=source,
    )
    return case


@transaction.atomic
def case_appeal(*, actor: Any, case: Case, grounds: str, source: str = AuditSource.WEB) -> Case:
    """The person appeals an upheld decision; the sanction stands until the appeal is decided."""
    case = _locked(case)
    if not is_person(actor, case.employee):
        raise ApplicationError(_("Only the person appeals the decision."), code="scope")
    _state(case, CaseState.DECIDED)
    if not (grounds or "").strip():
        raise ApplicationError(
            _("State the grounds of the appeal."), field="appeal_grounds", code="required"
        )
    case.appeal_grounds, case.appealed_at, case.state = (
        grounds.strip(),
        timezone.now(),
        CaseState.APPEALED,
    )
    case.save(update_fields=["appeal_grounds", "appealed_at", "state", "updated_at"])
    audit_record(
        actor=actor,
        action="case.appeal",
        obj=case,
        changes={"state": [CaseState.DECIDED, CaseState.APPEALED]},
        source=source,
    )
    return case


@transaction.atomic
def case_appeal_decide(
    *, actor: Any, case: Case, outcome: str, reason: str = "", source: str = AuditSource.WEB
) -> Case:
    """The ethics officer above records the appeal's outcome: confirmed (the sanction runs
    its term) or annulled (it ends now and never counted)."""
    case = _locked(case)
    if not is_officer(actor, case.organisation) or case.members.filter(user_id=actor.pk).exists():
        raise ApplicationError(
            _("The appeal is decided by an ethics officer who did not sit on the commission."),
            code="scope",
        )
    _state(case, CaseState.APPEALED)
    if outcome not in AppealOutcome.values:
        raise ApplicationError(_("Choose confirmed or annulled."), field="appeal_outcome")
    case.appeal_outcome, case.appeal_decided_at = outcome, timezone.now()
    case.state = CaseState.DECIDED if outcome == AppealOutcome.CONFIRMED else CaseState.CLOSED
    case.save(update_fields=["appeal_outcome", "appeal_decided_at", "state", "updated_at"])
    audit_record(
        actor=actor,
        action="case.appeal_decide",
        obj=case,
        changes={"state": [CaseState.APPEALED, case.state], "appeal_outcome": [None, outcome]},
        reason=reason,
        source=source,
    )
    return case


def case_read(*, actor: Any, case: Case, source: str = AuditSource.WEB) -> None:
    """Audit a read of the case by anyone but the person (the person's own reads are not)."""
    if is_person(actor, case.employee):
        return
    with transaction.atomic():
        audit_record(actor=actor, action="case.read", obj=case, source=source)


def sanctions_expire(*, today: dt.date | None = None) -> int:
    """Close the decided cases whose sanction ended before ``today``; how many."""
    today = today or timezone.localdate()
    done = 0
    for pk in Case.objects.filter(state=CaseState.DECIDED, sanction_until__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            case = Case.objects.select_for_update().filter(pk=pk, state=CaseState.DECIDED).first()
            if case is None:
                continue
            case.state = CaseState.CLOSED
            case.save(update_fields=["state", "updated_at"])
            audit_record(
                actor=None,
                action="case.expire",
                obj=case,
                changes={"state": [CaseState.DECIDED, CaseState.CLOSED]},
                source=AuditSource.SYSTEM,
            )
            done += 1
    return done
