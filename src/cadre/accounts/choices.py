"""The roles are core's vocabulary (core/choices.py); accounts keeps who holds them."""

from cadre.core.choices import NATIONAL_ROLES, Role

__all__ = ["NATIONAL_ROLES", "Role"]
