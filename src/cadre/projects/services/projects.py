"""Programmes and projects: registration with one accountable owner, changes (a new owner
needs a reason), the lifecycle. Every refusal names its field and changes nothing; every
change is an audit event of the project, which its history page reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.scoping import require_reach
from cadre.orgs.choices import Currency
from cadre.orgs.models import Organisation
from cadre.people.models import Employee, placed_q
from cadre.projects.choices import MemberRole, ProjectState
from cadre.projects.models import Member, Programme, Project
from cadre.projects.services.it import capability_codes, it_check, new_entry

PROJECT_AUDITED = (
    "name",
    "goal",
    "organisation",
    "programme",
    "owner",
    "sponsor",
    "start",
    "planned_end",
    "budget",
    "currency",
    "state",
    "it_system",
)
# The lifecycle: from each state, the states a project may move to.
TRANSITIONS = {
    ProjectState.DRAFT: {ProjectState.ACTIVE, ProjectState.CANCELLED},
    ProjectState.ACTIVE: {ProjectState.CLOSED, ProjectState.CANCELLED},
    ProjectState.CLOSED: set(),
    ProjectState.CANCELLED: set(),
}


# --- programmes ----------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    description: str = "",
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Programme:
    require_reach(actor, Programme, "add", organisation)
    programme = Programme(
        organisation=organisation, name=(name or "").strip(), description=description or ""
    )
    return create_audited(
        actor=actor,
        obj=programme,
        audited=("organisation", "name", "description"),
        source=source,
        reason=reason,
    )


@transaction.atomic
def programme_update(
    *,
    actor: Any,
    instance: Programme,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Programme:
    programme = (
        Programme.objects.select_for_update().select_related("organisation").get(pk=instance.pk)
    )
    require_reach(actor, Programme, "change", programme.organisation)
    fields = {k: v for k, v in fields.items() if k in ("name", "description")}
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
    return update_audited(
        actor=actor,
        obj=programme,
        fields=fields,
        audited=("name", "description"),
        source=source,
        reason=reason,
    )


@transaction.atomic
def programme_delete(
    *, actor: Any, instance: Programme, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    programme = (
        Programme.objects.select_for_update().select_related("organisation").get(pk=instance.pk)
    )
    require_reach(actor, Programme, "delete", programme.organisation)
    if programme.projects.exists():
        raise ApplicationError(
            _("This programme has projects and cannot be deleted."), code="in_use"
        )
    delete_audited(actor=actor, obj=programme, audited=("name",), source=source, reason=reason)


# --- projects ------------------------------------------------------------------------------

MISSING: Any = object()  # an argument a form could not read: its rules are skipped


def _within(employee: Employee, body: Organisation) -> bool:
    """Whether the person works in the body: booked in its subtree, or holding their main
    post in it (where they count, docs/registry.md)."""
    if employee.organisation.path.startswith(body.path):
        return True
    return Employee.objects.filter(placed_q(body.path), pk=employee.pk).exists()


def project_check(
    *,
    actor: Any = None,
    instance: Project | None = None,
    organisation: Organisation | None = None,
    programme: Programme | None = None,
    owner: Any = MISSING,
    sponsor: Employee | None = None,
    start: dt.date | None = None,
    planned_end: dt.date | None = None,
    budget: int | None = None,
    currency: str | None = None,
    it_system: Any = None,
    capabilities: Any = None,
    **_ignored: Any,
) -> None:
    """The rules of a project a form cannot express, all reported at once: the owner (one,
    within the body's scope), the programme of the same body, dates in order, a budget
    above zero in a known currency; for an IT project, its IT portfolio entry (one the
    actor keeps, of the body, not linked elsewhere) or the capabilities of a new one."""
    problems = Problems()
    body = organisation or (instance.organisation if instance is not None else None)
    if owner is None:
        problems.add(_("A project needs an accountable owner."), field="owner", code="required")
    if owner not in (None, MISSING) and body is not None and not _within(owner, body):
        problems.add(
            _(
                "%(person)s does not work in “%(org)s” or under it: the owner answers "
                "within the body."
            )
            % {"person": owner, "org": body},
            field="owner",
            code="scope",
        )
    if (
        programme is not None
        and body is not None
        and not body.path.startswith(programme.organisation.path)
    ):
        problems.add(
            _("The programme “%(programme)s” is kept by a body other than “%(org)s” or above it.")
            % {"programme": programme, "org": body},
            field="programme",
        )
    if start is not None and planned_end is not None and planned_end < start:
        problems.add(_("The planned end is before the start."), field="planned_end")
    if budget is not None and budget <= 0:
        problems.add(_("The budget must be more than zero."), field="budget", code="min_value")
    if currency is not None and currency not in Currency.values:
        problems.add(_("Unknown currency “%(code)s”.") % {"code": currency}, field="currency")
    if it_system is not None or capability_codes(capabilities):
        linked = it_check(
            actor=actor, organisation=body, it_system=it_system, capabilities=capabilities
        )
        for field, messages in linked.errors.items():
            problems.errors.setdefault(field, []).extend(messages)
        problems.codes.extend(linked.codes)
    problems.raise_if_any()


def _team(project: Project, role: str, employee: Employee | None) -> None:
    """Keep the owner's or the sponsor's team row in step with the project."""
    Member.objects.filter(project=project, role=role).exclude(employee=employee).update(
        role=MemberRole.MEMBER
    )
    if employee is not None:
        Member.objects.update_or_create(project=project, employee=employee, defaults={"role": role})


@transaction.atomic
def project_create(
    *,
    actor: Any,
    name: str,
    goal: str,
    organisation: Organisation,
    owner: Employee | None,
    start: dt.date,
    planned_end: dt.date,
    budget: int,
    currency: str,
    programme: Programme | None = None,
    sponsor: Employee | None = None,
    it_system: Any = None,
    capabilities: Any = None,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Project:
    """Register a project of ``organisation`` as a draft. An IT project is linked to the
    IT portfolio: to ``it_system``, an entry of the body, or to a new entry registered
    from the project with ``capabilities`` (its likely duplicates in other bodies are
    shown before: ``services.it.likely_duplicates``; after saving, its overlaps are
    looked for in the background, as for any new entry)."""
    require_reach(actor, Project, "add", organisation)
    project_check(
        actor=actor,
        it_system=it_system,
        capabilities=capabilities,
        organisation=organisation,
        programme=programme,
        owner=owner,
        sponsor=sponsor,
        start=start,
        planned_end=planned_end,
        budget=budget,
        currency=currency,
    )
    project = Project(
        name=(name or "").strip(),
        goal=(goal or "").strip(),
        organisation=organisation,
        programme=programme,
        owner=owner,
        sponsor=sponsor,
        start=start,
        planned_end=planned_end,
        budget=budget,
        currency=currency,
        it_system=it_system,
    )
    if it_system is None and capability_codes(capabilities):
        project.it_system = new_entry(
            actor=actor,
            name=name,
            goal=goal,
            organisation=organisation,
            budget=budget,
            currency=currency,
            capabilities=capabilities,
            reason=reason,
            source=source,
        )
    create_audited(actor=actor, obj=project, audited=PROJECT_AUDITED, source=source, reason=reason)
    _team(project, MemberRole.SPONSOR, sponsor)
    _team(project, MemberRole.OWNER, owner)
    return project


def _locked(project: Project) -> Project:
    return (
        Project.objects.select_for_update()
        .select_related("organisation", "owner__organisation")
        .get(pk=project.pk)
    )


@transaction.atomic
def project_update(
    *,
    actor: Any,
    instance: Project,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Project:
    """Change a project; a new accountable owner needs the reason of the change."""
    project = _locked(instance)
    require_reach(actor, Project, "change", project.organisation)
    allowed = ("name", "goal", "programme", "owner", "sponsor", "start", "planned_end")
    fields = {k: v for k, v in fields.items() if k in (*allowed, "budget", "currency")}
    check = {k: fields.get(k, getattr(project, k)) for k in (*allowed, "budget", "currency")}
    project_check(instance=project, **check)
    if "owner" in fields and fields["owner"].pk != project.owner_id and not (reason or "").strip():
        raise ApplicationError(
            _("Say why the accountable owner changes."), field="reason", code="required"
        )
    for text in ("name", "goal"):
        if text in fields:
            fields[text] = (fields[text] or "").strip()
    update_audited(
        actor=actor,
        obj=project,
        fields=fields,
        audited=PROJECT_AUDITED,
        source=source,
        reason=reason,
    )
    _team(project, MemberRole.SPONSOR, project.sponsor)
    _team(project, MemberRole.OWNER, project.owner)
    return project


@transaction.atomic
def project_transition(
    *,
    actor: Any,
    project: Project,
    state: str,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Project:
    """Move a project on in its lifecycle: draft → active → closed, or cancelled."""
    project = _locked(project)
    require_reach(actor, Project, "change", project.organisation)
    if state not in TRANSITIONS.get(ProjectState(project.state), set()):
        raise ApplicationError(
            _("A project that is %(state)s cannot become %(new)s.")
            % {
                "state": project.get_state_display(),
                "new": dict(ProjectState.choices).get(state, state),
            },
            field="state",
            code="state",
        )
    before = project.state
    project.state = state
    project.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="state",
        obj=project,
        changes={"state": [before, state]},
        reason=reason,
        source=source,
    )
    return project
