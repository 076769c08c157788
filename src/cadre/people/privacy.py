"""Who may see a person's personal data (identifier, birth date, contacts).

HR officers and administrators who keep the record, auditors, and the person themself.
Managers and others see names, posts and qualifications only; lists and exports drop the
personal columns for them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cadre.accounts.choices import Role
from cadre.accounts.roles import roles_of
from cadre.core.scoping import reach_for


def sees_personal_data(user: Any, employee: Any = None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    from cadre.people.models import Employee

    if not reach_for(user, Employee, "change").nothing:
        return True
    if Role.AUDITOR in roles_of(user):
        return True
    return employee is not None and employee.user_id == user.pk


def personal_data_q(user: Any) -> Q:
    """The people whose personal data ``user`` sees, as a filter: the same rule as
    ``sees_personal_data``, so that a search or an ordering by a personal field can tell
    nothing about anybody else (a manager who types an identifier learns nothing)."""
    if sees_personal_data(user):
        return Q()
    if user is None or not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(user_id=user.pk)
