"""Writes of the project office: ``projects`` (programmes, projects, their lifecycle) and
``parts`` (team, outcome KPIs, milestones). Callers use ``cadre.projects.services.<name>``."""

from cadre.projects.services.it import likely_duplicates, project_link_system
from cadre.projects.services.parts import (
    MAX_EVIDENCE_BYTES,
    kpi_link,
    kpi_unlink,
    may_close,
    member_add,
    member_remove,
    milestone_add,
    milestone_close,
)
from cadre.projects.services.projects import (
    TRANSITIONS,
    programme_create,
    programme_delete,
    programme_update,
    project_check,
    project_create,
    project_transition,
    project_update,
)

__all__ = [
    "MAX_EVIDENCE_BYTES",
    "TRANSITIONS",
    "kpi_link",
    "kpi_unlink",
    "likely_duplicates",
    "may_close",
    "member_add",
    "member_remove",
    "milestone_add",
    "milestone_close",
    "programme_create",
    "programme_delete",
    "programme_update",
    "project_check",
    "project_create",
    "project_link_system",
    "project_transition",
    "project_update",
]
