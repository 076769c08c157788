"""Writes to vacancies: opened on a post with a vacant position (with the post's standard
in force), filled — by an employee or an external candidate, whose record the registry's
services then create — or cancelled. Filling is what the competitions app calls on
appointment: the assignment is made through the people services, the person's active
reserve entries become "appointed"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.competencies.choices import StandardStatus
from cadre.competencies.models import ProfilePost, ProfileVersion
from cadre.core.audit import create_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, reject_unknown
from cadre.core.scoping import require_reach
from cadre.orgs.models import Post
from cadre.people import services as people
from cadre.people.models import Assignment, Employee
from cadre.people.selectors import annotate_filled
from cadre.talent.choices import MatchStatus, VacancyStatus
from cadre.talent.models import Match, Vacancy
from cadre.talent.services.reserve import entries_appoint

VACANCY_FIELDS = (
    "post",
    "organisation",
    "standard",
    "status",
    "opened_on",
    "closed_on",
    "filled_by",
    "status_reason",
)
# What the caller may give of an external candidate's new record (the rest is the account's).
CANDIDATE_FIELDS = ("personal_id", "birth_date", "gender", "phone", "middle_name")


def vacant_places(post: Post) -> tuple[int, int]:
    """``(positions, held)``: the post's positions and its main assignments in force."""
    row = annotate_filled(Post.objects.filter(pk=post.pk)).values_list(  # type: ignore[misc]
        "positions", "filled"
    )
    positions, held = row.get()
    return int(positions), int(held)


def standard_in_force(post: Post) -> ProfileVersion | None:
    """The version in force of the post's position standard, if it has one."""
    link = ProfilePost.objects.filter(post=post).values_list("profile_id", flat=True).first()
    if link is None:
        return None
    return ProfileVersion.objects.filter(profile_id=link, status=StandardStatus.IN_FORCE).first()


def _no_vacant_place(post: Post, positions: int, held: int) -> ApplicationError:
    return ApplicationError(
        _("The post “%(post)s” has no vacant position: %(positions)s positions, %(held)s held.")
        % {"post": post.title, "positions": positions, "held": held},
        field="post",
        code="state",
    )


@transaction.atomic
def vacancy_open(
    *,
    actor: Any,
    post: Post,
    reason: str = "",
    source: str = AuditSource.WEB,
    today: dt.date | None = None,
) -> Vacancy:
    """Open a vacancy on a post with a vacant position not yet opened as a vacancy."""
    post = Post.objects.select_for_update().select_related("organisation").get(pk=post.pk)
    require_reach(
        actor,
        Vacancy,
        "add",
        post.organisation,
        message=_("You may not open vacancies in “%(org)s”."),
        field="post",
    )
    positions, held = vacant_places(post)
    if held >= positions:
        raise _no_vacant_place(post, positions, held)
    opened = Vacancy.objects.filter(post=post, status=VacancyStatus.OPEN).count()
    if held + opened >= positions:
        raise ApplicationError(
            _("Every vacant position of the post “%(post)s” has an open vacancy already.")
            % {"post": post.title},
            field="post",
            code="state",
        )
    vacancy = Vacancy(
        post=post,
        organisation=post.organisation,
        standard=standard_in_force(post),
        opened_on=today or timezone.localdate(),
    )
    return create_audited(
        actor=actor, obj=vacancy, audited=VACANCY_FIELDS, source=source, reason=reason
    )


def _locked_open(actor: Any, vacancy: Vacancy) -> Vacancy:
    obj = (
        Vacancy.objects.select_for_update(of=("self",))
        .select_related("post", "organisation")
        .get(pk=vacancy.pk)
    )
    require_reach(
        actor,
        Vacancy,
        "change",
        obj.organisation,
        message=_("You may not fill vacancies in “%(org)s”."),
        field="vacancy",
    )
    if obj.status != VacancyStatus.OPEN:
        raise ApplicationError(
            _("The vacancy is %(status)s, not open.") % {"status": obj.get_status_display()},
            field="vacancy",
            code="state",
        )
    return obj


def _employee_of_candidate(
    *, actor: Any, candidate: Any, post: Post, fields: dict[str, Any], reason: str, source: str
) -> Employee:
    """The external candidate's record, created from their account and ``fields``."""
    existing = Employee.objects.filter(user=candidate).first()
    if existing is not None:
        return existing
    reject_unknown(fields, CANDIDATE_FIELDS)
    for name, value in fields.items():
        if not isinstance(value, str | dt.date) or isinstance(value, dt.datetime):
            raise ApplicationError(
                _("Give this as text (a date as YYYY-MM-DD)."),
                field=f"employee_fields.{name}",
                code="invalid",
            )
    employee = people.employee_create(
        actor=actor,
        source=source,
        reason=reason,
        organisation=post.organisation,
        last_name=candidate.last_name or candidate.username,
        first_name=candidate.first_name or candidate.username,
        email=candidate.email,
        **fields,
    )
    return people.employee_link_user(actor=actor, employee=employee, user=candidate, source=source)


@transaction.atomic
def vacancy_fill(
    *,
    actor: Any,
    vacancy: Vacancy,
    employee: Employee | None = None,
    candidate: Any = None,
    start_date: dt.date,
    reason: str,
    employee_fields: dict[str, Any] | None = None,
    source: str = AuditSource.WEB,
) -> Assignment:
    """Appoint a person to the vacancy's post from ``start_date``: the post's assignment
    (through the people services; an external candidate's record is created first from
    their account and ``employee_fields``), the person's active reserve entries appointed,
    the vacancy filled. Refused when the vacancy is not open or the post no longer vacant."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Give the reason for this change; it is kept in the audit log."),
            field="reason",
            code="required",
        )
    if (employee is None) == (candidate is None):
        raise ApplicationError(
            _("Choose either an employee or an external candidate."),
            field="employee",
            code="required",
        )
    obj = _locked_open(actor, vacancy)
    post = Post.objects.select_for_update().get(pk=obj.post_id)
    positions, held = vacant_places(post)
    if held >= positions:
        raise _no_vacant_place(post, positions, held)
    if candidate is not None:
        employee = _employee_of_candidate(
            actor=actor,
            candidate=candidate,
            post=post,
            fields=dict(employee_fields or {}),
            reason=reason,
            source=source,
        )
    assert employee is not None
    assignment = people.assignment_create(
        actor=actor,
        employee=employee,
        post=post,
        start_date=start_date,
        reason=reason,
        source=source,
    )
    entries_appoint(
        actor=actor, employee=employee, candidate=candidate, reason=reason, source=source
    )
    obj.filled_by = employee
    update_audited(
        actor=actor,
        obj=obj,
        fields={"status": VacancyStatus.FILLED, "closed_on": start_date, "status_reason": reason},
        audited=VACANCY_FIELDS,
        source=source,
        reason=reason,
    )
    Match.objects.filter(vacancy=obj, status=MatchStatus.PROPOSED).update(
        status=MatchStatus.REJECTED
    )
    return assignment


@transaction.atomic
def vacancy_cancel(
    *, actor: Any, vacancy: Vacancy, reason: str, source: str = AuditSource.WEB
) -> Vacancy:
    """Close an open vacancy without filling it, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Give the reason for this change; it is kept in the audit log."),
            field="reason",
            code="required",
        )
    obj = _locked_open(actor, vacancy)
    updated: Vacancy = update_audited(
        actor=actor,
        obj=obj,
        fields={
            "status": VacancyStatus.CANCELLED,
            "closed_on": timezone.localdate(),
            "status_reason": reason[:500],
        },
        audited=VACANCY_FIELDS,
        source=source,
        reason=reason,
    )
    return updated
