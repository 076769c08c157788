"""Reads of the second factor: who must have one, whether a user has enrolled, whether a
session has been verified, and whom an administrator may reset (decision 0027)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cadre.accounts.choices import Role
from cadre.accounts.models import User
from cadre.core.permissions import ROLE_CLASSES, DataClass, assignments_of, can

# Roles that must sign in with a second factor whatever they see; besides them, every role
# granted the pay class (``ROLE_CLASSES``, filled by the apps at start).
REQUIRED_ROLES = frozenset(
    {Role.NATIONAL_ADMIN, Role.HR_OFFICER, Role.AUDITOR, Role.ETHICS_OFFICER}
)


def required_for(user: Any) -> bool:
    """Whether ``user`` must have a second factor: a superuser, a national administrator, an
    HR officer, an auditor, an ethics officer, or anyone holding a role that is granted the
    pay class."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    for role, _path in assignments_of(user):
        if role in REQUIRED_ROLES or DataClass.PAY in ROLE_CLASSES.get(role, frozenset()):
            return True
    return False


def totp_device_of(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator (one per user), if they have enrolled."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()


@dataclass(frozen=True)
class SessionState:
    """Where a signed-in session stands: verified with a device of its user, or not, and
    whether the user has enrolled at all."""

    verified: bool
    enrolled: bool


def session_state(user: Any, device_id: str | None) -> SessionState:
    """The state of a session whose verified device (django-otp's session key) is
    ``device_id``: one query when verified, one when not. A device deleted since (a reset)
    leaves the session unverified."""
    if device_id:
        device = Device.from_persistent_id(device_id)
        if device is not None and device.user_id == user.pk and device.confirmed:
            return SessionState(verified=True, enrolled=True)
    return SessionState(verified=False, enrolled=enrolled(user))


def resettable_users(actor: Any) -> Any:
    """The users whose second factor ``actor`` may reset: those they may change (a national
    administrator: everyone; an HR officer: the users of their bodies), never themselves."""
    return User.objects.restrict(actor, "change").exclude(pk=actor.pk)


def reset_target(actor: Any, username: str) -> User | None:
    """The user named ``username`` among those ``actor`` may change (themselves included:
    the service refuses that with its own reason); anyone else is not found."""
    return User.objects.restrict(actor, "change").filter(username__iexact=username).first()


def may_reset_any(user: Any) -> bool:
    """Whether ``user`` may reset someone's second factor (the reset page's menu entry)."""
    return can(user, "accounts.user", "change")
