"""Who may see a person's personal data (identifier, birth date, contacts): the
``personal`` data class (decisions 0007 and 0016).

Roles granted the class (HR officers, national administrators, auditors: people/app.py)
and the person themself. Managers and others see names, posts and qualifications only;
lists and exports drop the personal columns for them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cadre.core.permissions import DataClass
from cadre.core.scoping import class_q, sees_fields_of


def sees_personal_data(user: Any, employee: Any = None) -> bool:
    """For a list (``employee`` None): whether the user sees the personal columns (a role of
    theirs holds the class somewhere; the cells of the other rows stay empty,
    ``core.tables.masked``). For a person: whether the person is theirs or on the books of
    a body where a role of theirs holds the class (decision 0045)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return sees_fields_of(user, employee, DataClass.PERSONAL)


def personal_data_q(user: Any, via: str = "") -> Q:
    """The people whose personal data ``user`` sees, as a filter: the same rule as
    ``sees_personal_data``, so that a search or an ordering by a personal field can tell
    nothing about anybody else (a manager who types an identifier learns nothing). ``via``
    (``"employee__"``) filters the rows of another app that name a person (pay's salaries
    and run lines)."""
    from cadre.people.models import Employee

    return class_q(user, Employee, DataClass.PERSONAL, via=via)
