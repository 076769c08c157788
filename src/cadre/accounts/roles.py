"""What each role may do, and how far it reaches.

A grant is a model label (``"orgs.organisation"``, or ``"*"`` for every model) and the set of
actions allowed on it. A role assignment over an organisation reaches that organisation's
subtree; one without an organisation reaches the whole country. Some models are also open
to their owner whatever the role (``OWN_GRANTS``): one's own API tokens and jobs.

This table is the only place permissions are written down; ``ScopedQuerySet.restrict``
and the API permission class read it.
"""

from __future__ import annotations

from typing import Any

from cadre.accounts.choices import Role
from cadre.core.scoping import Reach

ALL = frozenset({"view", "add", "change", "delete"})
VIEW = frozenset({"view"})

# National classifiers every role may read (``scope_reference`` models).
REFERENCE = ("competencies.framework", "competencies.frameworkversion", "ratings.servicetype")

ROLE_GRANTS: dict[str, dict[str, frozenset[str]]] = {
    Role.NATIONAL_ADMIN: {"*": ALL},
    Role.AUDITOR: {"*": VIEW},
    Role.HR_OFFICER: {
        "orgs.organisation": ALL,
        "orgs.post": ALL,
        "people.employee": ALL,
        "people.assignment": ALL,
        "people.education": ALL,
        "people.certification": ALL,
        "ratings.servicepoint": ALL,
        "ratings.rating": frozenset({"view", "change"}),
        "accounts.user": frozenset({"view", "add", "change"}),
        "accounts.roleassignment": frozenset({"view", "add", "delete"}),
        "core.job": VIEW,
        **dict.fromkeys(REFERENCE, VIEW),
        "competencies.positionprofile": ALL,
        "competencies.profileversion": ALL,
        "assessments.questionbank": ALL,
        "assessments.test": ALL,
        "assessments.attempt": VIEW,
        "assessments.evidence": VIEW,
        "assessments.proficiency": VIEW,
        "assessments.appraisal": VIEW,
        "assessments.gapcell": VIEW,
        "assessments.campaign": ALL,
        "assessments.participant": VIEW,
        "learning.course": VIEW,
        "learning.session": VIEW,
        "learning.enrolment": ALL,
        "learning.certificate": VIEW,
        "learning.learningplan": ALL,
        "learning.trainingtarget": ALL,
    },
    Role.MANAGER: {
        "orgs.organisation": VIEW,
        "orgs.post": VIEW,
        "people.employee": VIEW,
        "ratings.servicepoint": VIEW,
        "ratings.rating": VIEW,
        "accounts.user": VIEW,
        "accounts.roleassignment": VIEW,
        **dict.fromkeys(REFERENCE, VIEW),
        "competencies.positionprofile": VIEW,
        "competencies.profileversion": VIEW,
        "assessments.test": VIEW,
        "assessments.attempt": VIEW,
        "assessments.evidence": VIEW,
        "assessments.proficiency": VIEW,
        "assessments.appraisal": frozenset({"view", "add"}),
        "assessments.gapcell": VIEW,
        "assessments.campaign": VIEW,
        "assessments.participant": VIEW,
        "learning.course": VIEW,
        "learning.session": VIEW,
        "learning.enrolment": frozenset({"view", "add", "change"}),
        "learning.certificate": VIEW,
        "learning.learningplan": frozenset({"view", "add", "change"}),
        "learning.trainingtarget": VIEW,
    },
    Role.EMPLOYEE: {
        "orgs.organisation": VIEW,
        **dict.fromkeys(REFERENCE, VIEW),
        "assessments.test": VIEW,
        "learning.course": VIEW,
        "learning.session": VIEW,
    },
    Role.TRAINING_PROVIDER: {
        "orgs.organisation": VIEW,
        **dict.fromkeys(REFERENCE, VIEW),
        "learning.course": ALL,
        "learning.session": ALL,
        "learning.certificate": frozenset({"view", "change"}),
    },
    # A back-office system that reports completed services and hands out rating links.
    Role.SERVICE_DESK: {
        "orgs.organisation": VIEW,
        "people.employee": VIEW,
        "ratings.servicepoint": VIEW,
        "ratings.servicetype": VIEW,
        "ratings.interaction": frozenset({"view", "add"}),
    },
}

OWN_GRANTS: dict[str, frozenset[str]] = {
    "people.employee": VIEW,
    "accounts.apitoken": frozenset({"view", "add", "delete"}),
    "accounts.user": VIEW,
    "core.job": VIEW,
    "assessments.attempt": VIEW,
    "assessments.evidence": VIEW,
    "assessments.proficiency": VIEW,
    "assessments.appraisal": VIEW,
    "learning.enrolment": VIEW,
    "learning.certificate": VIEW,
    "learning.learningplan": VIEW,
}

# Models that "*" grants do not reach: secrets that belong to their owner alone.
PRIVATE: frozenset[str] = frozenset({"accounts.apitoken"})

# Which roles a holder of a role may hand out, inside their own reach.
GRANTABLE: dict[str, frozenset[str]] = {
    Role.NATIONAL_ADMIN: frozenset(Role.values),
    Role.HR_OFFICER: frozenset(
        {Role.HR_OFFICER, Role.MANAGER, Role.EMPLOYEE, Role.TRAINING_PROVIDER, Role.SERVICE_DESK}
    ),
}


def _allows(role: str, label: str, action: str) -> bool:
    grants = ROLE_GRANTS.get(role, {})
    if action in grants.get(label, frozenset()):
        return True
    return label not in PRIVATE and action in grants.get("*", frozenset())


def assignments_of(user: Any) -> list[tuple[str, str | None]]:
    """``(role, organisation path or None)`` for each of the user's assignments, cached on
    the user object for the request."""
    cached = getattr(user, "_cadre_assignments", None)
    if cached is None:
        from cadre.accounts.models import RoleAssignment

        cached = [
            (role, path)
            for role, path in RoleAssignment.objects.filter(user=user).values_list(
                "role", "organisation__path"
            )
        ]
        user._cadre_assignments = cached
    return cached


def reach_of_user(user: Any, label: str, action: str) -> Reach:
    reach = Reach()
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return reach
    if user.is_superuser and label not in PRIVATE:
        reach.everything = True
        return reach
    for role, path in assignments_of(user):
        if not _allows(role, label, action):
            continue
        if path is None:
            reach.everything = True
            return reach
        reach.paths.append(path)
    if action in OWN_GRANTS.get(label, frozenset()):
        reach.own = True
    return reach


def can(user: Any, label: str, action: str) -> bool:
    """Whether the user may do ``action`` on some row of the model (ignoring which)."""
    return not reach_of_user(user, label, action).nothing


def roles_of(user: Any) -> set[str]:
    return {role for role, _ in assignments_of(user)}


def may(model: str, action: str = "view") -> Any:
    """``user → bool``: whether the user may do ``action`` on ``model`` (a menu entry's
    ``visible``, core/registry.py)."""
    return lambda user: can(user, model, action)


def grant(role: str, grants: dict[str, frozenset[str]]) -> None:
    """Add an app's grants to a role (from the app's ``app.py``; docs/development/
    adding-an-app.md). A model granted twice gets the union of the actions."""
    table = ROLE_GRANTS.setdefault(role, {})
    for model, actions in grants.items():
        table[model] = table.get(model, frozenset()) | actions
