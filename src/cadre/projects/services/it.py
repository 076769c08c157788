"""An IT project's link to the IT portfolio (``cadre.portfolio``, docs/projects.md): at
registration, or later, a project is linked to an existing entry of its body's portfolio,
or a new entry is registered from the project (its name, goal, budget, the capabilities
given), after its likely duplicates in other bodies were shown. The portfolio is read and
written only through its selectors and services (it sits below the project office)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation
from cadre.portfolio import selectors as portfolio
from cadre.portfolio import services as portfolio_services
from cadre.portfolio.choices import Stage, SystemKind
from cadre.projects.models import Project


def capability_codes(capabilities: Any) -> list[str]:
    """The capability codes given (a list, or text separated by commas); empty: none."""
    if capabilities is None:
        return []
    if isinstance(capabilities, str):
        capabilities = capabilities.replace(";", ",").split(",")
    return [str(c).strip() for c in capabilities if str(c).strip()]


def it_check(
    *,
    actor: Any,
    organisation: Organisation | None,
    it_system: Any = None,
    capabilities: Any = None,
    project: Project | None = None,
) -> Problems:
    """The problems of linking a project of ``organisation`` to the IT portfolio: an
    existing entry (``it_system``) or a new one with ``capabilities`` — not both."""
    problems = Problems()
    codes = capability_codes(capabilities)
    if project is not None and project.it_system_id is not None:
        problems.add(
            _("The project is linked to the IT portfolio entry “%(entry)s” already.")
            % {"entry": project.it_system},
            field="it_system",
            code="linked",
        )
        return problems
    if it_system is not None and codes:
        problems.add(
            _(
                "Link an existing IT portfolio entry or choose the capabilities of a new "
                "one, not both."
            ),
            field="it_system",
        )
        return problems
    if it_system is not None:
        if actor is not None and not portfolio.may_keep(actor, it_system.owner, "change"):
            problems.add(
                _("You may not keep the IT portfolio of “%(org)s”.") % {"org": it_system.owner},
                field="it_system",
                code="scope",
            )
        elif organisation is not None and not it_system.owner.path.startswith(organisation.path):
            problems.add(
                _("The entry “%(entry)s” belongs to “%(owner)s”, not to “%(org)s” or under it.")
                % {"entry": it_system, "owner": it_system.owner, "org": organisation},
                field="it_system",
                code="scope",
            )
        else:
            taken = Project.objects.filter(it_system=it_system)
            if project is not None:
                taken = taken.exclude(pk=project.pk)
            if taken.exists():
                problems.add(
                    _("The entry “%(entry)s” is linked to another project already.")
                    % {"entry": it_system},
                    field="it_system",
                    code="linked",
                )
    if codes:
        try:
            portfolio_services.capabilities_from(codes)
        except ApplicationError as exc:
            problems.add_error(exc)
        if (
            actor is not None
            and organisation is not None
            and not portfolio.may_keep(actor, organisation, "add")
        ):
            problems.add(
                _("You may not keep the IT portfolio of “%(org)s”.") % {"org": organisation},
                field="capabilities",
                code="scope",
            )
    return problems


def likely_duplicates(
    *, organisation: Organisation, name: str, goal: str, capabilities: Any
) -> list[Any]:
    """The other bodies' IT portfolio entries that a new IT project would likely
    duplicate (``portfolio.selectors.likely_duplicates``), best first; nothing saved."""
    codes = capability_codes(capabilities)
    if not codes:
        return []
    return portfolio.likely_duplicates(
        name=(name or "").strip(),
        description=(goal or "").strip(),
        capabilities=codes,
        body=organisation,
    )


def _language() -> str:
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def new_entry(
    *,
    actor: Any,
    name: str,
    goal: str,
    organisation: Organisation,
    budget: int,
    currency: str,
    capabilities: Any,
    reason: str = "",
    source: str = AuditSource.WEB,
) -> Any:
    """Register the IT portfolio entry of a project: an IT project, an idea, with the
    project's name, its goal as the description and its budget as the cost."""
    return portfolio_services.system_create(
        actor=actor,
        kind=SystemKind.PROJECT,
        name=(name or "").strip(),
        description=(goal or "").strip(),
        language=_language(),
        owner=organisation,
        capabilities=capability_codes(capabilities),
        stage=Stage.IDEA,
        cost=budget,
        currency=currency,
        reason=reason,
        source=source,
    )


@transaction.atomic
def project_link_system(
    *,
    actor: Any,
    project: Project,
    it_system: Any = None,
    capabilities: Any = None,
    reason: str = "",
    source: str = AuditSource.WEB,
) -> Project:
    """Link a registered project to its IT portfolio entry: ``it_system`` (an existing
    entry of its body) or a new one registered from the project with ``capabilities``."""
    project = Project.objects.select_for_update().select_related("organisation").get(pk=project.pk)
    require_reach(actor, Project, "change", project.organisation)
    if it_system is None and not capability_codes(capabilities):
        raise ApplicationError(
            _("Pick the IT portfolio entry, or choose the capabilities of a new one."),
            field="it_system",
            code="required",
        )
    it_check(
        actor=actor,
        organisation=project.organisation,
        it_system=it_system,
        capabilities=capabilities,
        project=project,
    ).raise_if_any()
    if it_system is None:
        it_system = new_entry(
            actor=actor,
            name=project.name,
            goal=project.goal,
            organisation=project.organisation,
            budget=project.budget,
            currency=project.currency,
            capabilities=capabilities,
            reason=reason,
            source=source,
        )
    project.it_system = it_system
    project.save(update_fields=["it_system", "updated_at"])
    audit_record(
        actor=actor,
        action="update",
        obj=project,
        changes={"it_system": [None, it_system.pk]},
        reason=reason,
        source=source,
    )
    return project
