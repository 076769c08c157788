"""A project's parts: its team, its outcome KPIs and its milestones — added, and a
milestone closed only with evidence (a file, a link, or a Cadre event evaluated now).
Each change is an audit event of the project (its history)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.access import may
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.measures import measure_get
from cadre.core.scoping import require_reach
from cadre.kpi import selectors as kpi_selectors
from cadre.kpi.models import Definition, Period
from cadre.people.models import Employee
from cadre.projects.choices import Evidence, MemberRole, ProjectState
from cadre.projects.models import Member, Milestone, OutcomeKpi, Project

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def _project(actor: Any, project: Project) -> Project:
    """The project locked, after checking that the actor may change it."""
    project = Project.objects.select_for_update().select_related("organisation").get(pk=project.pk)
    require_reach(
        actor,
        Project,
        "change",
        project.organisation,
        message=_("You may not change the projects of “%(org)s”."),
        field=None,
    )
    return project


def _open(project: Project) -> None:
    if project.state in (ProjectState.CLOSED, ProjectState.CANCELLED):
        raise ApplicationError(
            _("The project is %(state)s: it changes no more.")
            % {"state": project.get_state_display()},
            code="state",
        )


def _record(actor: Any, project: Project, action: str, changes: dict[str, Any], **kw: Any) -> None:
    audit_record(actor=actor, action=action, obj=project, changes=changes, **kw)


# --- team ----------------------------------------------------------------------------------


@transaction.atomic
def member_add(
    *,
    actor: Any,
    project: Project,
    employee: Employee,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Member:
    """Put a person (of any body) on the team: they reach the project by membership."""
    project = _project(actor, project)
    _open(project)
    if Member.objects.filter(project=project, employee=employee).exists():
        raise ApplicationError(
            _("This person is on the team already."), field="employee", code="unique"
        )
    member = Member.objects.create(project=project, employee=employee, role=MemberRole.MEMBER)
    _record(
        actor,
        project,
        "member_add",
        {"member": [None, str(employee)]},
        reason=reason,
        source=source,
    )
    return member


@transaction.atomic
def member_remove(
    *, actor: Any, member: Member, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    project = _project(actor, member.project)
    if member.role != MemberRole.MEMBER:
        raise ApplicationError(
            _("The owner and the sponsor stay on the team; change them on the project."),
            field="employee",
            code="in_use",
        )
    _record(
        actor,
        project,
        "member_remove",
        {"member": [str(member.employee), None]},
        reason=reason,
        source=source,
    )
    member.delete()


# --- outcome KPIs --------------------------------------------------------------------------


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite():
        raise ApplicationError(_("Give a number."), field=field)
    return number


@transaction.atomic
def kpi_link(
    *,
    actor: Any,
    project: Project,
    definition: Definition,
    period: Period,
    target: Any,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> OutcomeKpi:
    """The project answers for ``definition`` reaching ``target`` in ``period``; the KPI
    must exist for the period (kpi's KPI set, or a measured KPI of the period's kind)."""
    project = _project(actor, project)
    _open(project)
    if not kpi_selectors.definition_exists_for(definition, period):
        raise ApplicationError(
            _("The KPI %(code)s does not exist for the period %(period)s.")
            % {"code": definition.code, "period": period.code},
            field="definition",
            code="invalid",
        )
    target = _decimal(target, "target")
    if target <= 0:
        raise ApplicationError(_("The target must be more than zero."), field="target")
    if OutcomeKpi.objects.filter(project=project, definition=definition, period=period).exists():
        raise ApplicationError(
            _("The project has this KPI for the period already."), field="definition", code="unique"
        )
    link = OutcomeKpi.objects.create(
        project=project, definition=definition, period=period, target=target
    )
    _record(
        actor,
        project,
        "kpi_link",
        {"kpi": [None, f"{definition.code} {period.code}"], "target": [None, str(target)]},
        reason=reason,
        source=source,
    )
    return link


@transaction.atomic
def kpi_unlink(
    *, actor: Any, link: OutcomeKpi, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    project = _project(actor, link.project)
    _record(
        actor,
        project,
        "kpi_unlink",
        {"kpi": [f"{link.definition.code} {link.period.code}", None]},
        reason=reason,
        source=source,
    )
    link.delete()


# --- milestones ----------------------------------------------------------------------------


@transaction.atomic
def milestone_add(
    *,
    actor: Any,
    project: Project,
    name: str,
    due: dt.date | None,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Milestone:
    """A milestone due on ``due``, which may not be before the project starts."""
    project = _project(actor, project)
    _open(project)
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Name the milestone."), field="name", code="required")
    if due is None:
        raise ApplicationError(_("Give the due date."), field="due", code="required")
    if due < project.start:
        raise ApplicationError(
            _("The milestone is due on %(due)s, before the project starts on %(start)s.")
            % {"due": due.isoformat(), "start": project.start.isoformat()},
            field="due",
        )
    milestone = Milestone.objects.create(project=project, name=name, due=due)
    _record(
        actor,
        project,
        "milestone_add",
        {"milestone": [None, name], "due": [None, due.isoformat()]},
        reason=reason,
        source=source,
    )
    return milestone


def may_close(user: Any, project: Project) -> bool:
    """The accountable owner closes milestones; so does whoever may change the project."""
    owner_user = getattr(project.owner, "user_id", None)
    return (owner_user is not None and owner_user == getattr(user, "pk", None)) or may(
        user, project, "change"
    )


def _event(project: Project, measure: str, threshold: Any, today: dt.date) -> Decimal:
    """Evaluate the Cadre event "``measure`` of the project's body ≥ ``threshold``" now,
    over the project's dates so far; refused when not met, naming the measured value."""
    entry = measure_get(measure or "")
    if entry is None:
        raise ApplicationError(
            _("No measure is registered as “%(code)s”.") % {"code": measure},
            field="event_measure",
        )
    if threshold in (None, ""):
        raise ApplicationError(
            _("Give the value the measure must reach."), field="event_threshold", code="required"
        )
    at_least = _decimal(threshold, "event_threshold")
    result = entry.compute(organisation=project.organisation, start=project.start, end=today)
    if result.value is None or result.value < at_least:
        raise ApplicationError(
            _(
                "The event has not happened: %(measure)s of “%(org)s” is %(value)s, "
                "not yet %(at_least)s."
            )
            % {
                "measure": entry.code,
                "org": project.organisation,
                "value": "—" if result.value is None else f"{result.value.normalize():f}",
                "at_least": f"{at_least.normalize():f}",
            },
            field="event_threshold",
            code="not_met",
        )
    return result.value


@transaction.atomic
def milestone_close(
    *,
    actor: Any,
    milestone: Milestone,
    kind: str = "",
    file: Any = None,
    link: str = "",
    event_measure: str = "",
    event_threshold: Any = None,
    source: str = AuditSource.WEB,
    reason: str = "",
    today: dt.date | None = None,
) -> Milestone:
    """Close a milestone with its evidence: ``kind`` is file, link or event. Without
    evidence, or with an event not met, nothing is closed."""
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("project__organisation", "project__owner")
        .get(pk=milestone.pk)
    )
    project = milestone.project
    if not may_close(actor, project):
        raise ApplicationError(
            _("Only the project's accountable owner or its office may close a milestone."),
            code="scope",
        )
    _open(project)
    if milestone.closed_on is not None:
        raise ApplicationError(_("The milestone is closed already."), code="state")
    today = today or timezone.localdate()
    changes: dict[str, Any] = {"milestone": [None, milestone.name], "evidence": [None, kind]}
    if kind == Evidence.FILE:
        if file is None:
            raise ApplicationError(_("Attach the evidence file."), field="file", code="required")
        if file.size > MAX_EVIDENCE_BYTES:
            raise ApplicationError(
                _("The evidence file is larger than %(mb)s MB.")
                % {"mb": MAX_EVIDENCE_BYTES // 2**20},
                field="file",
                code="too_large",
            )
        milestone.evidence_file = file
        changes["file"] = [None, getattr(file, "name", "")]
    elif kind == Evidence.LINK:
        link = (link or "").strip()
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ApplicationError(
                _("Give the evidence link as a web address (https://…)."), field="link"
            ) from None
        if len(link) > 500:
            raise ApplicationError(_("The link is longer than 500 characters."), field="link")
        milestone.evidence_link = link
        changes["link"] = [None, link]
    elif kind == Evidence.EVENT:
        value = _event(project, event_measure, event_threshold, today)
        milestone.event_measure = event_measure
        milestone.event_threshold = _decimal(event_threshold, "event_threshold")
        milestone.event_value = value
        changes["event"] = [
            None,
            f"{event_measure} = {value.normalize():f} ≥ {milestone.event_threshold.normalize():f}",
        ]
    else:
        raise ApplicationError(
            _("A milestone is closed only with evidence: a file, a link or a Cadre event."),
            field="kind",
            code="required",
        )
    milestone.evidence_kind = kind
    milestone.closed_on = today
    milestone.closed_by = actor
    milestone.save()
    _record(actor, project, "milestone_close", changes, reason=reason, source=source)
    return milestone
