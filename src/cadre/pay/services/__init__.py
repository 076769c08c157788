"""Writes of pay. Each checks the actor's reach, refuses bad input with the field at fault
and changes nothing then, runs in a transaction and is audited.

The services live in ``salaries`` (base salaries), ``rules`` (versioned allocation rules),
``funds`` (bonus funds) and ``runs`` (a fund allocated, proposed, approved, withdrawn,
corrected and exported). Views, the API, the what-if, the export, appeals, the demo, the
benchmarks and tests call them as ``cadre.pay.services.<name>``, so this package imports the
public names; new code may import from either.
"""

from cadre.pay.services.funds import fund_check, fund_create, fund_delete
from cadre.pay.services.rules import RULE_FIELDS, rule_check, rule_create, rule_delete, rule_update
from cadre.pay.services.runs import (
    compute,
    loaded_salary,
    run_approve,
    run_export_check,
    run_exported,
    run_propose,
    run_withdraw,
)
from cadre.pay.services.salaries import salary_check, salary_delete, salary_set

__all__ = [
    "RULE_FIELDS",
    "compute",
    "fund_check",
    "fund_create",
    "fund_delete",
    "loaded_salary",
    "rule_check",
    "rule_create",
    "rule_delete",
    "rule_update",
    "run_approve",
    "run_export_check",
    "run_exported",
    "run_propose",
    "run_withdraw",
    "salary_check",
    "salary_delete",
    "salary_set",
]
