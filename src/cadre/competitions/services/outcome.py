"""The outcome of a competition: the winner appointed through the talent services, and
candidates who passed but were not chosen entered in the reserve."""

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
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.talent import services as talent


@transaction.atomic
def competition_appoint(
    *,
    actor: Any,
    competition: Competition,
    start_date: dt.date,
    reason: str,
    employee_fields: dict[str, Any] | None = None,
    source: str = AuditSource.WEB,
) -> Any:
    """Appoint the winner to the post: the talent services fill the vacancy, creating the
    assignment (and, for an external candidate, their employee record) — refused as they
    refuse, e.g. when the post is no longer vacant."""
    competition = locked(competition)
    require_hr(actor, competition)
    require_stage(competition, Stage.DECIDED)
    winner = competition.applications.select_related("user", "employee").get(
        state=ApplicationState.WON
    )
    external = winner.kind == ApplicantKind.EXTERNAL
    assignment = talent.vacancy_fill(
        actor=actor,
        vacancy=competition.vacancy,
        employee=None if external else winner.employee,
        candidate=winner.user if external else None,
        start_date=start_date,
        reason=reason,
        employee_fields=employee_fields or {},
    )
    competition.stage = Stage.APPOINTED
    competition.appointed_at = timezone.now()
    competition.save(update_fields=["stage", "appointed_at"])
    audit_record(
        actor=actor,
        action="appoint",
        obj=competition,
        changes={
            "stage": [Stage.DECIDED, Stage.APPOINTED],
            "assignment": [None, assignment.pk],
            "start_date": [None, start_date.isoformat()],
        },
        reason=reason,
        source=source,
    )
    return assignment


@transaction.atomic
def application_reserve(
    *,
    actor: Any,
    application: Application,
    reason: str = "",
    source: str = AuditSource.WEB,
) -> Application:
    """Put a candidate who passed the test and the interview, but was not chosen, in the
    body's reserve for the post's group (source: competition)."""
    application = locked_application(application)
    competition = application.competition
    require_hr(actor, competition)
    require_stage(competition, Stage.DECIDED, Stage.APPOINTED, Stage.FAILED)
    if application.state != ApplicationState.NOT_SELECTED:
        raise ApplicationError(
            _("Only a candidate who passed and was not selected may enter the reserve."),
            code="state",
        )
    if application.reserve_entry_id is not None:
        raise ApplicationError(_("This candidate is already in the reserve."), code="state")
    external = application.kind == ApplicantKind.EXTERNAL
    entry = talent.reserve_entry_create(
        actor=actor,
        employee=None if external else application.employee,
        candidate=application.user if external else None,
        organisation=competition.organisation,
        post_group=competition.vacancy.post.category,
        source="competition",
        source_ref=f"competition-application:{application.pk}",
        reason=reason,
    )
    application.reserve_entry = entry
    application.save(update_fields=["reserve_entry"])
    audit_record(
        actor=actor,
        action="reserve",
        obj=application,
        changes={"reserve_entry": [None, entry.pk]},
        reason=reason,
        source=source,
    )
    notify.reserved(application)
    return application
