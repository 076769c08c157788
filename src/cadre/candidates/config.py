"""The candidates app's settings (docs/configuration.md): each ``CADRE_CANDIDATE_*`` is read
from Django's settings when set there (tests do), else from the environment, else its
default. Self sign-up is on by default in the embedded profile (a laptop, the demo: mail
goes to the console) and off in production until the operator opens it deliberately
(decision 0033)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _bool(name: str, default: bool) -> bool:
    value = getattr(settings, name, None)
    if isinstance(value, bool):
        return value
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name} must be on or off (1/0, true/false)")
    return raw in _TRUE


def _int(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        number = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number") from None
    if number < 0:
        raise ImproperlyConfigured(f"{name} must not be negative")
    return number


def signup_open() -> bool:
    """Whether people may sign up as external candidates here (``CADRE_CANDIDATE_SIGNUP``)."""
    return _bool("CADRE_CANDIDATE_SIGNUP", default=not getattr(settings, "PRODUCTION", False))


def verify_hours() -> int:
    """How long a verification link stays valid."""
    return max(_int("CADRE_CANDIDATE_VERIFY_HOURS", 48), 1)


def window_minutes() -> int:
    """The window the sign-up throttles count in."""
    return max(_int("CADRE_CANDIDATE_SIGNUP_WINDOW_MINUTES", 60), 1)


def network_max() -> int:
    """Sign-ups (and refused attempts) from one network per window."""
    return _int("CADRE_CANDIDATE_SIGNUP_NETWORK_MAX", 10)


def domain_max() -> int:
    """Sign-ups (and refused attempts) for addresses of one e-mail domain per window."""
    return _int("CADRE_CANDIDATE_SIGNUP_DOMAIN_MAX", 200)


def resend_max() -> int:
    """New verification links asked for one address per window."""
    return _int("CADRE_CANDIDATE_RESEND_MAX", 3)


def min_form_seconds() -> int:
    """The least time between showing the sign-up form and sending it: faster is a robot."""
    return _int("CADRE_CANDIDATE_SIGNUP_MIN_SECONDS", 3)


def unverified_days() -> int:
    """Days after which a sign-up never verified is closed (its address freed)."""
    return max(_int("CADRE_CANDIDATE_UNVERIFIED_DAYS", 7), 1)
