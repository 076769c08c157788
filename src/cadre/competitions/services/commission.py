"""The commission: named by HR (at least three members, one chair), members recused from
the candidates they have a conflict with, attendance at the interview (a quorum of two
thirds), each member's scores, the decision, the appointment through the talent services
and, for candidates who passed but were not chosen, an entry in the reserve."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.competitions import notify
from cadre.competitions.choices import ApplicationState, Stage
from cadre.competitions.models import MAX_SCORE, Application, Competition, Member, Recusal, Score
from cadre.competitions.services.common import (
    locked,
    locked_application,
    require_hr,
    require_stage,
)
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource, Role
from cadre.core.errors import ApplicationError
from cadre.core.permissions import manages, roles_of
from cadre.ethics import selectors as ethics
from cadre.people.models import Employee

MIN_MEMBERS = 3


def _name(user: Any) -> str:
    return user.get_full_name() or user.username


def quorum_needed(total: int) -> int:
    """Two thirds of the commission, rounded up."""
    return math.ceil(total * 2 / 3)


def conflict_of(
    user: Any,
    application: Application,
    books: dict[int, int],
    declared: dict[tuple[int, int], str] | None = None,
) -> str:
    """Why ``user`` may not score ``application`` ("" if they may): they are the candidate,
    work in the candidate's body, manage them, or a relation between them is declared to
    ethics control. ``books``: user id → organisation id; ``declared``: (user id, employee
    id) → relation kind."""
    if user.pk == application.user_id:
        return _("the member is the candidate")
    employee = application.employee
    if employee is None:
        return ""
    if books.get(user.pk) == employee.organisation_id:
        return _("works in the candidate's body")
    if manages(user, employee.organisation.path):
        return _("is the candidate's line manager")
    relation = (declared or {}).get((user.pk, employee.pk))
    if relation:
        return ethics.declared_reason(relation)
    return ""


def recuse_conflicts(competition: Competition) -> dict[str, list[Any]]:
    """Record the conflicts of every member with every candidate invited to the interview;
    returns them as audit changes (``"recusal <member> / application <id>": [None, why]``)
    for the event of the step that made them."""
    members = list(competition.members.select_related("user"))
    books = dict(
        Employee.objects.filter(user__in=[m.user_id for m in members], is_active=True).values_list(
            "user_id", "organisation_id"
        )
    )
    invited = list(
        competition.applications.filter(state=ApplicationState.INTERVIEW).select_related(
            "employee__organisation"
        )
    )
    known = set(
        Recusal.objects.filter(member__competition=competition).values_list(
            "member_id", "application_id"
        )
    )
    staff = ethics.employees_of_users([m.user_id for m in members])
    found = ethics.declared_bulk(
        (staff[m.user_id].pk, a.employee_id)
        for m in members
        if m.user_id in staff
        for a in invited
        if a.employee_id
    )
    declared = {
        (m.user_id, a.employee_id): found[staff[m.user_id].pk, a.employee_id]
        for m in members
        if m.user_id in staff
        for a in invited
        if (staff[m.user_id].pk, a.employee_id) in found
    }
    new = [
        Recusal(member=m, application=a, reason=why)
        for a in invited
        for m in members
        if (m.pk, a.pk) not in known and (why := conflict_of(m.user, a, books, declared))
    ]
    Recusal.objects.bulk_create(new)
    return {
        f"recusal {r.member.user.username} / application {r.application.pk}": [None, r.reason]
        for r in new
    }


@transaction.atomic
def commission_name(
    *,
    actor: Any,
    competition: Competition,
    users: list[Any],
    chair: Any,
    reason: str = "",
    source: str = AuditSource.WEB,
) -> list[Member]:
    """HR names the commission (replacing the one named before) until the interview."""
    competition = locked(competition)
    require_hr(actor, competition)
    require_stage(competition, Stage.ANNOUNCED, Stage.CHECKING, Stage.TESTING)
    people = list({u.pk: u for u in [*users, chair] if u is not None}.values())
    if len(people) < MIN_MEMBERS:
        raise ApplicationError(
            _("A commission has at least %(n)d members.") % {"n": MIN_MEMBERS},
            field="members",
        )
    if chair is None:
        raise ApplicationError(_("Name the chair of the commission."), field="chair")
    for user in people:
        if roles_of(user) == {Role.EXTERNAL_CANDIDATE}:
            raise ApplicationError(
                _(
                    "%(name)s has only an external candidate's account and may not sit "
                    "on a commission."
                )
                % {"name": _name(user)},
                field="members",
            )
    before = sorted(competition.members.values_list("user__username", flat=True))
    competition.members.all().delete()
    members = Member.objects.bulk_create(
        [Member(competition=competition, user=u, is_chair=u.pk == chair.pk) for u in people]
    )
    audit_record(
        actor=actor,
        action="commission",
        obj=competition,
        changes={
            "members": [before, sorted(u.username for u in people)],
            "chair": [None, chair.username],
        },
        reason=reason,
        source=source,
    )
    notify.commission_named(competition, people)
    return members


def _member(competition: Competition, actor: Any) -> Member | None:
    return competition.members.filter(user_id=getattr(actor, "pk", 0) or 0).first()


def _may_lead(actor: Any, competition: Competition) -> None:
    """HR of the body or the commission's chair."""
    member = _member(competition, actor)
    if member is not None and member.is_chair:
        return
    require_hr(actor, competition)


@transaction.atomic
def attendance_record(
    *,
    actor: Any,
    competition: Competition,
    present: list[int],
    reason: str = "",
    source: str = AuditSource.WEB,
) -> Competition:
    """The chair (or HR) records which members are present at the interview (members'
    ids); only members present score, and the decision needs two thirds of them."""
    competition = locked(competition)
    _may_lead(actor, competition)
    require_stage(competition, Stage.INTERVIEW)
    members = {m.pk: m for m in competition.members.all()}
    unknown = sorted(set(present) - set(members))
    if unknown:
        raise ApplicationError(
            _("Not a member of this commission: %(ids)s.") % {"ids": ", ".join(map(str, unknown))},
            field="present",
        )
    if (
        Score.objects.filter(member__competition=competition)
        .exclude(member_id__in=present)
        .exists()
    ):
        raise ApplicationError(
            _("A member who has scored was present; they cannot be marked absent."),
            field="present",
        )
    changes = {}
    for pk, member in members.items():
        value = pk in present
        if member.present != value:
            changes[str(member)] = [member.present, value]
            member.present = value
            member.save(update_fields=["present"])
    audit_record(
        actor=actor,
        action="attendance",
        obj=competition,
        changes=changes,
        reason=reason,
        source=source,
    )
    return competition


@transaction.atomic
def recusal_declare(
    *,
    actor: Any,
    application: Application,
    reason: str,
    source: str = AuditSource.WEB,
) -> Recusal:
    """A member declares a conflict with a candidate and does not score them."""
    application = locked_application(application)
    competition = application.competition
    member = _member(competition, actor)
    if member is None:
        raise ApplicationError(
            _("Only a member of the commission may declare a conflict."), code="not_member"
        )
    require_stage(competition, Stage.INTERVIEW)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say what the conflict is."), field="reason", code="required")
    if Score.objects.filter(application=application, member=member).exists():
        raise ApplicationError(_("You have already scored this candidate."), code="state")
    recusal, created = Recusal.objects.get_or_create(
        member=member, application=application, defaults={"reason": reason[:255]}
    )
    if created:
        audit_record(
            actor=actor,
            action="recuse",
            obj=application,
            changes={"recused": [None, str(member)]},
            reason=reason,
            source=source,
        )
    return recusal


@transaction.atomic
def score_record(
    *,
    actor: Any,
    application: Application,
    score: Any,
    comment: str = "",
    source: str = AuditSource.WEB,
) -> Score:
    """A member present at the interview scores a candidate, once, from 0 to 10 — unless
    recused from them."""
    application = locked_application(application)
    competition = application.competition
    member = _member(competition, actor)
    if member is None:
        raise ApplicationError(
            _("Only a member of the commission may score candidates."), code="not_member"
        )
    require_stage(competition, Stage.INTERVIEW)
    if application.state != ApplicationState.INTERVIEW:
        raise ApplicationError(
            _("Only a candidate invited to the interview is scored; this one is %(state)s.")
            % {"state": application.get_state_display()},
            code="state",
        )
    if not member.present:
        raise ApplicationError(
            _("Only members recorded as present at the interview may score."),
            code="not_present",
        )
    recusal = Recusal.objects.filter(member=member, application=application).first()
    if recusal is not None:
        raise ApplicationError(
            _("You are recused from scoring %(candidate)s: %(reason)s.")
            % {"candidate": application.applicant_name(), "reason": recusal.reason},
            code="recused",
        )
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= MAX_SCORE:
        raise ApplicationError(
            _("Give a score from 0 to %(top)d.") % {"top": MAX_SCORE}, field="score"
        )
    if Score.objects.filter(application=application, member=member).exists():
        raise ApplicationError(
            _("You have already scored this candidate."), code="already_submitted"
        )
    row = Score.objects.create(
        application=application,
        member=member,
        score=score,
        comment=(comment or "").strip(),
        recorded_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="score",
        obj=application,
        changes={"score": [None, score], "member": [None, str(member)]},
        source=source,
    )
    return row


def _refuse_winner() -> Application:
    raise ApplicationError(
        _("The winner must be a candidate of this competition invited to the interview."),
        field="winner",
    )


def missing_scores(competition: Competition) -> list[tuple[Application, list[Member]]]:
    """Candidates invited to the interview and the present, unrecused members who have not
    scored them yet."""
    present = list(competition.members.filter(present=True).select_related("user"))
    recused = set(
        Recusal.objects.filter(member__competition=competition).values_list(
            "member_id", "application_id"
        )
    )
    scored = set(
        Score.objects.filter(application__competition=competition).values_list(
            "member_id", "application_id"
        )
    )
    out = []
    for application in competition.applications.filter(
        state=ApplicationState.INTERVIEW
    ).select_related("user", "employee"):
        waiting = [
            m
            for m in present
            if (m.pk, application.pk) not in recused and (m.pk, application.pk) not in scored
        ]
        if waiting:
            out.append((application, waiting))
    return out


@transaction.atomic
def competition_decide(
    *,
    actor: Any,
    competition: Competition,
    winner: Application | None,
    reason: str,
    source: str = AuditSource.WEB,
) -> Competition:
    """The commission's decision, recorded by its chair or HR: the winner (None: the
    competition did not take place), refused without a quorum of two thirds present or
    before every present member has scored every candidate they may."""
    competition = locked(competition)
    _may_lead(actor, competition)
    require_stage(competition, Stage.INTERVIEW)
    total = competition.members.count()
    present = competition.members.filter(present=True).count()
    needed = quorum_needed(total)
    if present < needed:
        raise ApplicationError(
            _(
                "The commission has no quorum: %(present)d of %(total)d members present, "
                "%(needed)d needed (two thirds)."
            )
            % {"present": present, "total": total, "needed": needed},
            code="no_quorum",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Give the reasons of the decision."), field="reason", code="required"
        )
    if winner is not None:  # as it is now, and of this competition
        winner = (
            competition.applications.filter(pk=winner.pk, state=ApplicationState.INTERVIEW).first()
            or _refuse_winner()
        )
    waiting = missing_scores(competition)
    if waiting:
        application, members = waiting[0]
        raise ApplicationError(
            _("%(candidate)s is not scored yet by %(members)s.")
            % {
                "candidate": application.applicant_name(),
                "members": ", ".join(str(m) for m in members),
            },
            code="state",
        )
    invited = list(
        competition.applications.filter(state=ApplicationState.INTERVIEW)
        .annotate(mean=Avg("scores__score"))
        .select_related("user", "employee")
    )
    changes: dict[str, Any] = {}
    for application in invited:
        mean = application.mean
        application.score = (
            Decimal(str(mean)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if mean is not None
            else None
        )
        won = winner is not None and application.pk == winner.pk
        application.state = ApplicationState.WON if won else ApplicationState.NOT_SELECTED
        application.save(update_fields=["score", "state"])
        changes[f"application {application.pk}"] = [
            ApplicationState.INTERVIEW,
            [application.state, str(application.score)],
        ]
    before = competition.stage
    competition.stage = Stage.DECIDED if winner is not None else Stage.FAILED
    competition.decided_at = timezone.now()
    competition.decided_by = actor
    competition.decision_reason = reason
    competition.save(update_fields=["stage", "decided_at", "decided_by", "decision_reason"])
    audit_record(
        actor=actor,
        action="decide",
        obj=competition,
        changes={
            "stage": [before, competition.stage],
            "winner": [None, winner.pk if winner else None],
            "quorum": [None, f"{present}/{total}"],
            **changes,
        },
        reason=reason,
        source=source,
    )
    for application in invited:
        notify.application_state(application)
    return competition
