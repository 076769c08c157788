"""Applications: an employee or a registered external candidate applies before the
deadline; HR admits or refuses each at the document check (a refusal with its reason) and
records the test results of external candidates, who sit the test at a testing centre."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.competitions import notify
from cadre.competitions.choices import ApplicantKind, ApplicationState, Stage
from cadre.competitions.models import Application, Competition
from cadre.competitions.services.common import (
    locked,
    locked_application,
    require_hr,
    require_stage,
)
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource, Role
from cadre.core.errors import ApplicationError
from cadre.core.permissions import roles_of
from cadre.ethics import selectors as ethics
from cadre.ethics.rules import COMPETITION
from cadre.people.models import Employee


def _applicant(actor: Any) -> tuple[str, Employee | None]:
    employee = Employee.objects.filter(user_id=getattr(actor, "pk", 0) or 0, is_active=True).first()
    if employee is not None:
        return ApplicantKind.INTERNAL, employee
    if Role.EXTERNAL_CANDIDATE in roles_of(actor):
        return ApplicantKind.EXTERNAL, None
    raise ApplicationError(
        _("Only employees and registered external candidates may apply."),
        field="competition",
        code="not_applicant",
    )


@transaction.atomic
def application_submit(
    *,
    actor: Any,
    competition: Competition,
    motivation: str = "",
    source: str = AuditSource.WEB,
    today: dt.date | None = None,
) -> Application:
    """Apply to an announced competition, on or before its closing date."""
    competition = locked(competition)
    today = today or timezone.localdate()
    if competition.stage != Stage.ANNOUNCED or today > competition.applications_close:
        raise ApplicationError(
            _("Applications to this competition closed on %(date)s.")
            % {"date": competition.applications_close.isoformat()},
            field="competition",
            code="too_late",
        )
    kind, employee = _applicant(actor)
    if employee is not None:
        # A sanction in force keeps the person out where the country's rule says so
        # (ethics control, decision 0035); the reason cites the rule and the case.
        why = ethics.blocked([employee], COMPETITION, on=today).get(employee.pk)
        if why:
            raise ApplicationError(why, field="competition", code="sanction")
    if Application.objects.filter(competition=competition, user_id=actor.pk).exists():
        raise ApplicationError(
            _("You have already applied to this competition."), field="competition", code="unique"
        )
    application = Application.objects.create(
        competition=competition,
        user=actor,
        employee=employee,
        kind=kind,
        submitted_at=timezone.now(),
        motivation=(motivation or "").strip(),
    )
    audit_record(
        actor=actor,
        action="apply",
        obj=application,
        changes={"state": [None, application.state], "kind": [None, kind]},
        source=source,
    )
    notify.application_state(application)
    return application


@transaction.atomic
def application_check(
    *,
    actor: Any,
    application: Application,
    admitted: bool,
    reason: str = "",
    source: str = AuditSource.WEB,
) -> Application:
    """HR admits an application to the test, or refuses it, saying why."""
    application = locked_application(application)
    competition = application.competition
    require_hr(actor, competition)
    require_stage(competition, Stage.ANNOUNCED, Stage.CHECKING)
    if application.state != ApplicationState.SUBMITTED:
        raise ApplicationError(
            _("This application is already checked: %(state)s.")
            % {"state": application.get_state_display()},
            code="state",
        )
    reason = (reason or "").strip()
    if not admitted and not reason:
        raise ApplicationError(
            _("Give the reason for refusing the application."), field="reason", code="required"
        )
    before = application.state
    application.state = ApplicationState.ADMITTED if admitted else ApplicationState.REFUSED
    application.check_reason = reason
    application.save(update_fields=["state", "check_reason"])
    audit_record(
        actor=actor,
        action="check",
        obj=application,
        changes={"state": [before, application.state]},
        reason=reason,
        source=source,
    )
    notify.application_state(application)
    return application


@transaction.atomic
def application_test_record(
    *,
    actor: Any,
    application: Application,
    correct: dict[Any, Any],
    reason: str = "",
    source: str = AuditSource.WEB,
) -> Application:
    """HR records an external candidate's results at the testing centre: the correct
    answers in each section of the competition's test."""
    application = locked_application(application)
    competition = application.competition
    require_hr(actor, competition)
    require_stage(competition, Stage.TESTING)
    if application.kind != ApplicantKind.EXTERNAL:
        raise ApplicationError(
            _("An employee's results are read from their attempt at the test."), code="state"
        )
    if application.state != ApplicationState.ADMITTED:
        raise ApplicationError(
            _("Only an admitted application has test results; this one is %(state)s.")
            % {"state": application.get_state_display()},
            code="state",
        )
    test = competition.test
    assert test is not None  # the testing stage is skipped without a test
    given = {str(k): v for k, v in (correct or {}).items()}
    sections = []
    total = 0
    for section in test.sections.order_by("position", "pk"):
        value = given.pop(str(section.pk), None)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= section.draw:
            raise ApplicationError(
                _("%(section)s: give the correct answers as a number from 0 to %(n)d.")
                % {"section": section.title, "n": section.draw},
                field=f"correct.{section.pk}",
            )
        total += value
        sections.append(
            {
                "section": section.pk,
                "title": section.title,
                "correct": value,
                "of": section.draw,
                "pass_mark": section.pass_mark,
                "passed": value >= section.pass_mark,
            }
        )
    if given:
        raise ApplicationError(
            _("The test has no section %(ids)s.") % {"ids": ", ".join(sorted(given))},
            field="correct",
        )
    before = application.test_sections
    application.test_sections = sections
    application.test_correct = total
    application.save(update_fields=["test_sections", "test_correct"])
    audit_record(
        actor=actor,
        action="test_record",
        obj=application,
        changes={"test_sections": [before, sections]},
        reason=reason,
        source=source,
    )
    return application
