"""Writes of the KPI app: periods and their freeze, versioned definitions, assignments with
their cascade, actuals from the three sources, and the achievements computed from them.
Every refusal names the field and the reason, and changes nothing (``docs/pay.md``).

The services live in ``periods`` (periods and their freeze), ``definitions`` (versioned
KPIs), ``assignments`` (a KPI given to a person or a unit, its cascade), ``actuals`` (entered
by hand or imported, and confirmed) and ``achievements`` (the measured actuals and each
person's achievement, computed by a job). Views, the API, jobs, the demo, the benchmarks and
tests call them as ``cadre.kpi.services.<name>``, so this package imports the public names;
new code may import from either.
"""

from cadre.kpi.services.achievements import (
    ACHIEVEMENT_UPDATE,
    CHUNK,
    Progress,
    achievements_compute,
    achievements_compute_start,
    actuals_measure,
    line_of,
)
from cadre.kpi.services.actuals import (
    ACTUAL_AUDITED,
    actual_confirm,
    actual_create,
    actual_delete,
    assignment_find,
)
from cadre.kpi.services.assignments import (
    ASSIGNMENT_AUDITED,
    assignment_check,
    assignment_create,
    assignment_delete,
    assignment_update,
    counted_organisation,
)
from cadre.kpi.services.definitions import (
    DEFINITION_FIELDS,
    definition_check,
    definition_create,
    definition_delete,
    definition_in_use,
    definition_revise,
    definition_update,
)
from cadre.kpi.services.periods import HUNDRED, period_create, period_freeze, weight_sums

__all__ = [
    "ACHIEVEMENT_UPDATE",
    "ACTUAL_AUDITED",
    "ASSIGNMENT_AUDITED",
    "CHUNK",
    "DEFINITION_FIELDS",
    "HUNDRED",
    "Progress",
    "achievements_compute",
    "achievements_compute_start",
    "actual_confirm",
    "actual_create",
    "actual_delete",
    "actuals_measure",
    "assignment_check",
    "assignment_create",
    "assignment_delete",
    "assignment_find",
    "assignment_update",
    "counted_organisation",
    "definition_check",
    "definition_create",
    "definition_delete",
    "definition_in_use",
    "definition_revise",
    "definition_update",
    "line_of",
    "period_create",
    "period_freeze",
    "weight_sums",
]
