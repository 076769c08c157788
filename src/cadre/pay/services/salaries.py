"""People's base monthly salaries (minor units, from a date); runs keep their own copy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import create_audited, delete_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import Problems
from cadre.core.reasons import require_reason
from cadre.core.scoping import require_reach
from cadre.pay.models import Salary
from cadre.people.models import Employee


def salary_check(*, amount: int | None = None, **_others: Any) -> None:
    """Every problem with a salary's values (a form calls it with what it could read)."""
    problems = Problems()
    if amount is not None and amount <= 0:
        problems.add(_("A salary must be more than zero."), field="amount")
    problems.raise_if_any()


@transaction.atomic
def salary_set(
    *,
    actor: Any,
    employee: Employee,
    amount: int,
    currency: str,
    valid_from: dt.date,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Salary:
    """A person's base monthly salary from ``valid_from`` (minor units)."""
    require_reach(
        actor,
        Salary,
        "add",
        employee.organisation,
        message=_("You may not set the salaries of “%(org)s”."),
        field="employee",
    )
    salary_check(amount=amount)
    return create_audited(
        actor=actor,
        obj=Salary(employee=employee, amount=amount, currency=currency, valid_from=valid_from),
        audited=("employee", "amount", "currency", "valid_from"),
        source=source,
        reason=reason,
    )


@transaction.atomic
def salary_delete(
    *, actor: Any, salary: Salary, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    """Delete a salary entered by mistake (runs keep their own copy), with the reason."""
    reason = require_reason(reason, model=Salary, action="delete", source=source)
    require_reach(
        actor,
        Salary,
        "delete",
        salary.employee.organisation,
        message=_("You may not set the salaries of “%(org)s”."),
        field="employee",
    )
    delete_audited(
        actor=actor,
        obj=salary,
        audited=("employee", "amount", "currency", "valid_from"),
        source=source,
        reason=reason,
    )
