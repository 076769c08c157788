"""What the audit log's actions and the jobs' kinds are called in the user's language
(issue 18): the log and the job list showed codes such as ``role.grant`` or
``people.figures_refresh`` in every language.

Core names the generic verbs; an app names its own actions from its ``app.py`` with
``audit_actions({...})`` and its job kinds with ``job_handler(kind, label=…)``. An action or
kind nobody named is shown as its code."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

_ACTIONS: dict[str, Any] = {
    "create": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
    "import": _("imported"),
    "export": _("exported"),
    "propose": _("proposed"),
    "approve": _("approved"),
    "withdraw": _("withdrawn"),
    "review": _("reviewed"),
    "launch": _("launched"),
    "decide": _("decided"),
    "close": _("closed"),
    "admit": _("admitted"),
    "file": _("filed"),
    "freeze": _("frozen"),
    "issue": _("issued"),
    "revoke": _("revoked"),
    "start": _("started"),
    "submit": _("submitted"),
    "complete": _("completed"),
    "feedback": _("feedback given"),
}
_JOB_KINDS: dict[str, Any] = {}


def audit_actions(labels: dict[str, Any]) -> None:
    """Name an app's own audit actions: ``{"role.grant": _("role granted"), …}``."""
    _ACTIONS.update(labels)


def action_label(code: str) -> str:
    return str(_ACTIONS.get(code, code))


def job_kind(kind: str, label: Any) -> None:
    _JOB_KINDS[kind] = label


def job_kind_label(kind: str) -> str:
    return str(_JOB_KINDS.get(kind) or kind)


def job_kind_choices() -> list[tuple[str, str]]:
    """Every kind of job Cadre runs, by its name in the active language (the job list's
    filter offers these, not a box to type a code in)."""
    return sorted(
        ((kind, job_kind_label(kind)) for kind in _JOB_KINDS), key=lambda c: c[1].casefold()
    )
