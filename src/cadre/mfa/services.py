"""Writes of the second factor (decision 0027): enrolling an authenticator app (TOTP) with
ten recovery codes, verifying a sign-in with a code or a recovery code, renewing the
recovery codes, and an administrator's reset. The secrets never reach the audit log.

A TOTP code is accepted within ``TOLERANCE`` steps of 30 seconds either side of the server's
clock, and only once: a code of a step at or before the last one accepted is refused as
reused. A code that would match further out (up to ``WIDE`` steps) is refused as out of its
time window, so that the user learns that their device's clock is wrong; any other code is
refused as wrong. Wrong codes slow the next attempt down (django-otp's throttling: 1, 2, 4…
seconds), and so do reused ones."""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cadre.accounts.models import User
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.mfa import selectors

STEP = 30  # seconds of one TOTP code
DIGITS = 6
TOLERANCE = 1  # steps either side of now that are accepted
WIDE = 10  # steps either side within which a code is told "out of its window"
RECOVERY_CODES = 10
# No 0/o, 1/l/i: a recovery code is read off paper.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def now() -> float:
    """The server's clock in Unix seconds (tests move it)."""
    return time.time()


def secret_new() -> str:
    """A new TOTP secret: 20 random bytes, hex as django-otp keeps it."""
    return secrets.token_hex(20)


def secret_base32(key_hex: str) -> str:
    """The secret as an authenticator app takes it typed: base32, in groups of four."""
    raw = base64.b32encode(bytes.fromhex(key_hex)).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def provisioning_uri(*, user: Any, key_hex: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    issuer = settings.OTP_TOTP_ISSUER
    secret = secret_base32(key_hex).replace(" ", "")
    label = quote(f"{issuer}:{user.get_username()}")
    return (
        f"otpauth://totp/{label}?secret={secret}&algorithm=SHA1&digits={DIGITS}"
        f"&period={STEP}&issuer={quote(issuer)}"
    )


def totp_code(key_hex: str, at: float) -> str:
    """The code an authenticator app shows at Unix time ``at`` (tests and the demo)."""
    return f"{hotp(bytes.fromhex(key_hex), int(at // STEP), DIGITS):0{DIGITS}d}"


def _new_codes() -> list[str]:
    return [
        "".join(secrets.choice(_ALPHABET) for _ in range(4))
        + "-"
        + "".join(secrets.choice(_ALPHABET) for _ in range(4))
        for _ in range(RECOVERY_CODES)
    ]


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


@dataclass(frozen=True)
class _Match:
    outcome: str  # "ok", "wrong", "expired", "reused"
    step: int = -1


def _match_totp(key_hex: str, code: str, *, last_t: int, drift: int = 0) -> _Match:
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return _Match("wrong")
    key = bytes.fromhex(key_hex)
    current = int(now() // STEP) + drift
    for offset in sorted(range(-WIDE, WIDE + 1), key=abs):
        step = current + offset
        if step >= 0 and hotp(key, step, DIGITS) == int(code):
            if abs(offset) > TOLERANCE:
                return _Match("expired", step)
            if step <= last_t:
                return _Match("reused", step)
            return _Match("ok", step)
    return _Match("wrong")


def _totp_error(outcome: str) -> ApplicationError:
    if outcome == "reused":
        return ApplicationError(
            _("This code has already been used. Wait for the next code in your app."),
            field="code",
            code="reused",
        )
    if outcome == "expired":
        return ApplicationError(
            _(
                "This code is outside its time window. Check that the clock of your device "
                "is right, then enter the code it shows now."
            ),
            field="code",
            code="expired",
        )
    return ApplicationError(
        _("Wrong code. Enter the 6-digit code your app shows now, or a recovery code."),
        field="code",
        code="wrong",
    )


def _throttled(until: Any) -> ApplicationError:
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
    return ApplicationError(
        ngettext(
            "Too many wrong codes. Try again in %(n)d second.",
            "Too many wrong codes. Try again in %(n)d seconds.",
            seconds,
        )
        % {"n": seconds},
        field="code",
        code="throttled",
    )


def _recovery_codes_set(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = _new_codes()
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=_normalise_code(code)) for code in codes
    )
    return codes


def totp_enrol(
    *, actor: User, key_hex: str, code: str, source: str = AuditSource.WEB
) -> tuple[TOTPDevice, list[str]]:
    """Enrol ``actor``'s authenticator app on the secret they were shown, confirmed by the
    code it shows now. Returns the device and ten new recovery codes (shown once)."""
    if not code.strip():
        raise ApplicationError(_("Enter the code your app shows."), field="code", code="required")
    match = _match_totp(key_hex, code, last_t=-1)
    if match.outcome != "ok":
        raise _totp_error(match.outcome)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one enrolment at once
        if selectors.enrolled(actor):
            raise ApplicationError(
                _("You already have an authenticator app. Sign in with it."),
                field="code",
                code="already_enrolled",
            )
        TOTPDevice.objects.filter(user=actor).delete()
        device = TOTPDevice.objects.create(
            user=actor,
            name="authenticator app",
            key=key_hex,
            step=STEP,
            digits=DIGITS,
            tolerance=TOLERANCE,
            last_t=match.step,
            confirmed=True,
        )
        codes = _recovery_codes_set(actor)
        audit_record(
            actor=actor,
            action="mfa.enrol",
            obj=actor,
            changes={"second_factor": [None, "totp"], "recovery_codes": [None, len(codes)]},
            source=source,
        )
    return device, codes


def second_factor_verify(*, user: User, code: str, source: str = AuditSource.WEB) -> Any:
    """Check the code ``user`` typed after their password: the code of their authenticator
    app, or one of their recovery codes (each works once; its use is audited). Returns the
    device that accepted it; refuses with the reason (wrong, reused, out of its window,
    too many attempts) otherwise, keeping the count of failures."""
    if not code.strip():
        raise ApplicationError(_("Enter the code your app shows."), field="code", code="required")
    digits = code.strip().replace(" ", "")
    if digits.isdigit():
        return _verify_totp(user, digits)
    return _verify_recovery(user, code, source)


def _verify_totp(user: User, code: str) -> TOTPDevice:
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            raise ApplicationError(
                _("You have no authenticator app yet: enrol one first."),
                field="code",
                code="not_enrolled",
            )
        allowed, why = device.verify_is_allowed()
        if not allowed:
            error = _throttled(why["locked_until"])
        else:
            match = _match_totp(device.key, code, last_t=device.last_t, drift=device.drift)
            if match.outcome == "ok":
                device.last_t = match.step
                device.throttle_reset(commit=False)
                device.set_last_used_timestamp(commit=False)
                device.save()
                return device
            device.throttle_increment(commit=True)
            error = _totp_error(match.outcome)
    raise error  # after the commit: the failure is counted


def _verify_recovery(user: User, code: str, source: str) -> StaticDevice:
    with transaction.atomic():
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None or not selectors.enrolled(user):
            raise ApplicationError(
                _("You have no authenticator app yet: enrol one first."),
                field="code",
                code="not_enrolled",
            )
        allowed, why = device.verify_is_allowed()
        if not allowed:
            error = _throttled(why["locked_until"])
        else:
            token = device.token_set.filter(token=_normalise_code(code)).first()
            if token is not None:
                token.delete()
                device.throttle_reset(commit=False)
                device.set_last_used_timestamp(commit=False)
                device.save()
                left = device.token_set.count()
                audit_record(
                    actor=user,
                    action="mfa.recovery_code_used",
                    obj=user,
                    changes={"recovery_codes": [left + 1, left]},
                    source=source,
                )
                return device
            device.throttle_increment(commit=True)
            error = ApplicationError(
                _("Wrong recovery code, or one already used."), field="code", code="wrong"
            )
    raise error


@transaction.atomic
def recovery_codes_renew(*, actor: User, source: str = AuditSource.WEB) -> list[str]:
    """Ten new recovery codes for ``actor`` (the old ones stop working)."""
    if not selectors.enrolled(actor):
        raise ApplicationError(
            _("You have no authenticator app yet: enrol one first."), code="not_enrolled"
        )
    before = selectors.recovery_codes_left(actor)
    codes = _recovery_codes_set(actor)
    audit_record(
        actor=actor,
        action="mfa.recovery_codes_renew",
        obj=actor,
        changes={"recovery_codes": [before, len(codes)]},
        source=source,
    )
    return codes


@transaction.atomic
def second_factor_reset(
    *, actor: Any, user: User, reason: str, source: str = AuditSource.WEB
) -> None:
    """Remove ``user``'s authenticator app and recovery codes (a lost phone): they enrol
    again at their next page. A national administrator resets anyone, an HR officer the
    users of their bodies; nobody resets their own; the reason is required and audited.
    From the server's shell (``cadre manage cadre_mfa_reset``, no actor) anyone."""
    shell = actor is None and source == AuditSource.CLI  # the server's shell: trusted
    if not shell and getattr(actor, "pk", None) == user.pk:
        raise ApplicationError(
            _("You may not reset your own second factor; ask an administrator."),
            field="user",
            code="own",
        )
    if not shell and not selectors.resettable_users(actor).filter(pk=user.pk).exists():
        raise ApplicationError(
            _("You may not reset this user's second factor."), field="user", code="scope"
        )
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the reset."), field="reason", code="required")
    totp = TOTPDevice.objects.filter(user=user).count()
    codes = selectors.recovery_codes_left(user)
    if not totp and not codes:
        raise ApplicationError(
            _("This user has no second factor to reset."), field="user", code="not_enrolled"
        )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action="mfa.reset",
        obj=user,
        changes={"second_factor": ["totp", None], "recovery_codes": [codes, 0]},
        reason=reason.strip(),
        source=source,
    )
