"""A competition: announced for an open vacancy, changed while applications are open, moved
on from stage to stage by HR (document check, testing with pass marks per section, the
interview)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.assessments.selectors import sitting_results
from cadre.competitions import notify
from cadre.competitions.choices import NEXT_STAGE, OPEN_STAGES, ApplicationState, Stage
from cadre.competitions.models import Application, Competition
from cadre.competitions.services.commission import MIN_MEMBERS, recuse_conflicts
from cadre.competitions.services.common import locked, require_hr, require_stage
from cadre.core.audit import audit_record, create_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.translated import clean_texts
from cadre.talent.models import Vacancy

EDITABLE = ("title", "announcement", "test", "applications_close", "interview_on")


def _dates_check(
    problems: Problems,
    applications_close: Any,
    interview_on: Any,
    today: dt.date,
    *,
    close: Any = None,
) -> None:
    """A new closing date is not in the past; the interview comes after it."""
    if applications_close is not None and applications_close < today:
        problems.add(
            _("The closing date of applications cannot be in the past."),
            field="applications_close",
        )
    close = close or applications_close
    if interview_on is not None and close is not None and interview_on <= close:
        problems.add(_("The interview comes after applications close."), field="interview_on")


@transaction.atomic
def competition_create(
    *,
    actor: Any,
    vacancy: Vacancy,
    title: str,
    announcement: Any,
    applications_close: dt.date,
    test: Any = None,
    interview_on: dt.date | None = None,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Competition:
    """Announce a competition for an open vacancy: published at once on the public page."""
    vacancy = (
        Vacancy.objects.select_for_update(of=("self",))
        .select_related("post__organisation")
        .get(pk=vacancy.pk)
    )
    organisation = vacancy.post.organisation
    competition = Competition(
        vacancy=vacancy,
        organisation=organisation,
        title=(title or "").strip(),
        test=test,
        applications_close=applications_close,
        interview_on=interview_on,
        published_at=timezone.now(),
    )
    require_hr(actor, competition)
    problems = Problems()
    if vacancy.status != "open":
        problems.add(
            _("The vacancy is not open: it is %(status)s.")
            % {"status": vacancy.get_status_display()},
            field="vacancy",
        )
    elif Competition.objects.filter(vacancy=vacancy, stage__in=OPEN_STAGES).exists():
        problems.add(_("This vacancy already has a competition under way."), field="vacancy")
    try:
        competition.announcement = clean_texts(
            announcement, field="announcement", max_length=10_000
        )
    except ApplicationError as exc:
        problems.add_error(exc)
    _dates_check(problems, applications_close, interview_on, timezone.localdate())
    problems.raise_if_any()
    return create_audited(
        actor=actor,
        obj=competition,
        audited=("vacancy", "organisation", "title", *EDITABLE[1:]),
        source=source,
        reason=reason,
    )


@transaction.atomic
def competition_update(
    *,
    actor: Any,
    instance: Competition,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Competition:
    """Change the announcement, the test or the dates while applications are open."""
    competition = locked(instance)
    require_hr(actor, competition)
    require_stage(competition, Stage.ANNOUNCED)
    fields = {k: v for k, v in fields.items() if k in EDITABLE}
    problems = Problems()
    if "announcement" in fields:
        try:
            fields["announcement"] = clean_texts(
                fields["announcement"], field="announcement", max_length=10_000
            )
        except ApplicationError as exc:
            problems.add_error(exc)
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
    close = fields.get("applications_close", competition.applications_close)
    moved = close != competition.applications_close
    _dates_check(
        problems,
        close if moved else None,
        fields.get("interview_on", competition.interview_on),
        timezone.localdate(),
        close=close,
    )
    problems.raise_if_any()
    return update_audited(
        actor=actor,
        obj=competition,
        fields=fields,
        audited=EDITABLE,
        source=source,
        reason=reason,
    )


def _sitting_check(application: Application, sections: list[dict[str, Any]]) -> bool:
    """Passed: a result for every section, each at or above its pass mark."""
    return bool(sections) and all(s.get("passed") for s in sections)


def _apply_test(competition: Competition) -> list[Application]:
    """Move every admitted applicant on: invited to the interview when they passed every
    section's pass mark (and the test's overall mark), out otherwise; returns the changed."""
    admitted = list(
        competition.applications.filter(state=ApplicationState.ADMITTED).select_related(
            "user", "employee"
        )
    )
    results = {}
    if competition.test_id is not None:
        results = sitting_results(
            competition.test_id,
            [a.employee_id for a in admitted if a.employee_id is not None],
            competition.published_at,
        )
    overall = competition.test.pass_mark if competition.test is not None else 0
    for application in admitted:
        if competition.test_id is None:
            application.state = ApplicationState.INTERVIEW
        else:
            found = results.get(application.employee_id or 0)
            if found is not None:
                application.test_sections = found.sections
                application.test_correct = found.correct
            passed = (
                _sitting_check(application, application.test_sections)
                and (application.test_correct or 0) >= overall
            )
            application.state = (
                ApplicationState.INTERVIEW if passed else ApplicationState.FAILED_TEST
            )
        application.save(update_fields=["state", "test_sections", "test_correct"])
    return admitted


@transaction.atomic
def competition_advance(
    *,
    actor: Any,
    competition: Competition,
    source: str = AuditSource.WEB,
    reason: str = "",
    today: dt.date | None = None,
) -> Competition:
    """HR closes the current stage: applications (after their deadline) → document check
    (every application checked) → testing (results read; a section failed is out) → the
    interview (a commission of at least three named)."""
    competition = locked(competition)
    require_hr(actor, competition)
    require_stage(competition, *NEXT_STAGE)
    today = today or timezone.localdate()
    before = Stage(competition.stage)
    after = NEXT_STAGE[before]
    changed: list[Application] = []
    if before == Stage.ANNOUNCED and today <= competition.applications_close:
        raise ApplicationError(
            _("Applications are open until %(date)s; the document check starts after.")
            % {"date": competition.applications_close.isoformat()},
            code="state",
        )
    if before == Stage.CHECKING:
        waiting = competition.applications.filter(state=ApplicationState.SUBMITTED).count()
        if waiting:
            raise ApplicationError(
                _("%(n)d applications are not checked yet.") % {"n": waiting}, code="state"
            )
        if competition.test_id is None:
            after = Stage.INTERVIEW
    if after == Stage.INTERVIEW:
        if competition.members.count() < MIN_MEMBERS:
            raise ApplicationError(
                _("Name the commission (at least %(n)d members) before the interview.")
                % {"n": MIN_MEMBERS},
                code="state",
            )
        changed = _apply_test(competition)
    competition.stage = after
    competition.save(update_fields=["stage"])
    recused = recuse_conflicts(competition) if after == Stage.INTERVIEW else {}
    audit_record(
        actor=actor,
        action="advance",
        obj=competition,
        changes={
            "stage": [before, after],
            **{f"application {a.pk}": [ApplicationState.ADMITTED, a.state] for a in changed},
            **recused,
        },
        reason=reason,
        source=source,
    )
    for application in changed:
        notify.application_state(application)
    return competition
