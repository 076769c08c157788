"""The scope guard of people's records: the actor keeps the records of the organisation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation
from cadre.people.models import Employee


def _check_reach(
    *, actor: Any, model: Any, organisation: Organisation, action: str, field: str
) -> None:
    require_reach(
        actor,
        model,
        action,
        organisation,
        message=_("You may not keep records of “%(organisation)s”."),
        field=field,
        name="organisation",
    )


def _check_may_change(*, actor: Any, employee: Employee) -> None:
    """The actor keeps the records of the person's organisation (their file may change)."""
    _check_reach(
        actor=actor,
        model=Employee,
        organisation=employee.organisation,
        action="change",
        field="employee",
    )
