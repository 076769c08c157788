"""The verification link's token: signed (``TimestampSigner``, keyed by ``SECRET_KEY``),
expiring after ``CADRE_CANDIDATE_VERIFY_HOURS``, and bound to the sign-up's state so that a
used link, or one replaced by a newer sign-up for the same address, no longer works."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "cadre.candidates.verify"


def _fingerprint(user: Any) -> str:
    state = f"{user.pk}:{user.password}:{user.is_active}:{user.email}"
    return salted_hmac(SALT, state).hexdigest()[:20]


def make(user: Any) -> str:
    return signing.TimestampSigner(salt=SALT).sign(f"{user.pk}.{_fingerprint(user)}")


class Invalid(Exception):
    pass


class Expired(Exception):
    pass


def read(token: str, *, max_age_hours: int) -> tuple[int, str]:
    """``(user id, fingerprint)`` of a token; raises ``Expired`` or ``Invalid``."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=max_age_hours * 3600)
    except signing.SignatureExpired:
        raise Expired from None
    except signing.BadSignature:
        raise Invalid from None
    pk, _sep, fingerprint = value.partition(".")
    if not pk.isdigit() or not fingerprint:
        raise Invalid
    return int(pk), fingerprint


def matches(user: Any, fingerprint: str) -> bool:
    return constant_time_compare(_fingerprint(user), fingerprint)
