"""Who may open the pay pages: the model's grant (the API's check, ``core.permissions.can``)
and the pay data class (decision 0016). An employee's grant on their own salary and a head
of unit's on their people's lines do not open the setup pages; those are read on "My bonus"
and on the lines."""

from __future__ import annotations

from typing import Any

from cadre.core.permissions import DataClass, can, sees_class


def may_open(user: Any, label: str, action: str = "view") -> bool:
    return can(user, label, action) and sees_class(user, DataClass.PAY)


def opens(label: str, action: str = "view") -> Any:
    """``user → bool`` for a menu entry."""
    return lambda user: may_open(user, label, action)
