"""Writes of the candidates app: sign-up, verification, a new link, the profile, closing the
account (decision 0033). The account itself is accounts' (its services are called); this
app keeps the profile and the rules of self sign-up."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cadre.accounts import self_services
from cadre.accounts import services as accounts
from cadre.accounts import throttle as login_throttle
from cadre.accounts.roles import assignments_from_database
from cadre.candidates import config, hooks, notify, selectors, throttle, tokens
from cadre.candidates.models import CandidateProfile
from cadre.core.audit import create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource, Role
from cadre.core.errors import ApplicationError, Problems, reject_unknown
from cadre.core.permissions import can

PROFILE_AUDITED = ("phone", "region", "willing_to_relocate", "cv", "verified_at")
PROFILE_FIELDS = ("first_name", "last_name", "phone", "region", "willing_to_relocate", "cv")
# What a username may hold (Django's username validator): the address is the username.
_USERNAME_SAFE = re.compile(r"^[\w.@+-]+\Z")


def _refused_for_throttle(refusal: throttle.Refusal) -> ApplicationError:
    when = formats.date_format(timezone.localtime(refusal.until), "DATETIME_FORMAT")
    if refusal.kind == throttle.DOMAIN:
        message = _(
            "Too many sign-ups with addresses of this e-mail domain just now. "
            "Try again after %(time)s."
        )
    elif refusal.kind == throttle.ADDRESS:
        message = _("Too many new links were asked for this address. Try again after %(time)s.")
    else:
        message = _("Too many sign-ups from your network. Try again after %(time)s.")
    return ApplicationError(message % {"time": when}, code="throttled")


def signup_check(
    *, email: str = "", first_name: str = "", last_name: str = "", language: str = ""
) -> str:
    """The address in the form it is kept (lower case), or every problem of the input;
    reads nothing."""
    from django.conf import settings

    problems = Problems()
    email = email.strip().lower()
    if not email:
        problems.add(_("This field is required."), field="email", code="required")
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.add(_("Enter a valid e-mail address."), field="email")
        else:
            if len(email) > 150 or not _USERNAME_SAFE.match(email):
                problems.add(
                    _(
                        "This address cannot be used to sign in: use one of at most 150 "
                        "letters, digits and the signs . @ + - _"
                    ),
                    field="email",
                )
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        if not value.strip():
            problems.add(_("This field is required."), field=field, code="required")
        elif len(value.strip()) > 150:
            problems.add(_("At most %(n)d characters.") % {"n": 150}, field=field)
    if language and language not in {code for code, _name in settings.LANGUAGES}:
        problems.add(_("Unknown language."), field="language")
    problems.raise_if_any()
    return email


@transaction.atomic
def candidate_signup(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    language: str = "",
    address: str,
    site: str,
    source: str = AuditSource.WEB,
) -> CandidateProfile:
    """Sign up as an external candidate: an inactive account named by its address, a
    profile, and a link to verify the address mailed after commit.

    Refused when sign-up is off here, on bad input, when the network or the e-mail domain
    has made too many attempts in the window (every attempt that gets this far counts,
    refused ones too, so that probing for addresses costs as much as signing up), and when
    the address already belongs to an account — unless that account is a sign-up never
    verified, which this one replaces (the earlier link stops working)."""
    if not config.signup_open():
        raise ApplicationError(_("Signing up is switched off here."), code="closed")
    email = signup_check(email=email, first_name=first_name, last_name=last_name, language=language)
    refusal = throttle.signup_hit(email=email, address=address)
    if refusal is not None:
        raise _refused_for_throttle(refusal)
    existing = selectors.account_of_address(email)
    if existing is not None:
        if not selectors.is_pending_signup(existing):
            raise ApplicationError(
                _(
                    "This e-mail address cannot be used for a new sign-up. If you already "
                    "have an account, sign in; if you signed up and lost the letter, ask for "
                    "a new link."
                ),
                field="email",
                code="unique",
            )
        replaced = _("Replaced by a new sign-up for the same address.")
        delete_audited(
            actor=None,
            obj=existing.candidate_profile,
            audited=PROFILE_AUDITED,
            source=source,
            reason=replaced,
        )
        self_services.user_close(actor=None, user=existing, reason=replaced, source=source)
    user = accounts.user_create(
        actor=None,
        username=email,
        email=email,
        password=password,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        language=language,
        is_active=False,
        source=source,
        reason=_("Signed up as an external candidate."),
    )
    profile = create_audited(
        actor=user,
        obj=CandidateProfile(user=user),
        audited=PROFILE_AUDITED,
        source=source,
    )
    notify.send_verification(user, site)
    return profile


def candidate_link_check(*, token: str) -> Any:
    """The sign-up a verification link names, or the reason it cannot be used (expired,
    not valid, replaced, already used); reads only. The page checks the link when it is
    opened, so that a dead link says so before a password is typed."""
    try:
        pk, fingerprint = tokens.read(token, max_age_hours=config.verify_hours())
    except tokens.Expired:
        raise ApplicationError(
            _("This link has expired. Ask for a new one below."), field="token", code="expired"
        ) from None
    except tokens.Invalid:
        raise ApplicationError(
            _("This link is not valid."), field="token", code="bad_token"
        ) from None
    user = get_user_model().objects.select_related("candidate_profile").filter(pk=pk).first()
    profile = getattr(user, "candidate_profile", None) if user is not None else None
    if user is not None and profile is not None and profile.verified_at is not None:
        raise ApplicationError(
            _("This address is already verified: sign in."), field="token", code="used"
        )
    if user is None or profile is None or not tokens.matches(user, fingerprint):
        raise ApplicationError(
            _(
                "This link is no longer valid: the sign-up was replaced by a newer one or "
                "removed. Use the link in the latest letter."
            ),
            field="token",
            code="bad_token",
        )
    return user


def candidate_verify(
    *, token: str, password: str, address: str, source: str = AuditSource.WEB
) -> Any:
    """Verify a sign-up's address: the link mailed to it and the password chosen at sign-up
    (so that whoever opens a link alone — a mail scanner, someone the letter was forwarded
    to — activates nothing). A wrong password counts as a failed sign-in (decision 0013).
    The account is activated and given the external candidate's role; returns the user."""
    user = candidate_link_check(token=token)
    until = login_throttle.paused_until(username=user.username, address=address)
    if until is None and not user.check_password(password):
        until = accounts.login_failure_record(username=user.username, address=address)
        if until is None:
            raise ApplicationError(
                _("This is not the password chosen at sign-up."),
                field="password",
                code="password",
            )
    if until is not None:
        when = formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")
        raise ApplicationError(
            _("Too many failed attempts. Try again after %(time)s.") % {"time": when},
            code="throttled",
        )
    return _activate(user=user, source=source)


@transaction.atomic
def _activate(*, user: Any, source: str) -> Any:
    profile = CandidateProfile.objects.select_for_update().get(user=user)
    if profile.verified_at is not None:  # two clicks at once: the first one won
        raise ApplicationError(
            _("This address is already verified: sign in."), field="token", code="used"
        )
    self_services.external_candidate_activate(user=user, source=source)
    update_audited(
        actor=user,
        obj=profile,
        fields={"verified_at": timezone.now(), "updated_by": user},
        audited=PROFILE_AUDITED,
        source=source,
    )
    return user


def candidate_link_resend(
    *, email: str, address: str, site: str, source: str = AuditSource.WEB
) -> bool:
    """Mail a new verification link to a sign-up not verified yet. The caller tells the
    user the same whatever happened (no answer says whether the address has an account);
    returns whether a letter went. Throttled per address and per network."""
    refusal = throttle.resend_hit(email=email, address=address)
    if refusal is not None:
        raise _refused_for_throttle(refusal)
    user = selectors.account_of_address(email)
    if user is None or not selectors.is_pending_signup(user):
        return False
    with transaction.atomic():
        notify.send_verification(user, site)
    return True


@transaction.atomic
def candidate_profile_open(
    *, actor: Any, user: Any, source: str = AuditSource.WEB
) -> CandidateProfile:
    """A verified profile for an account an administrator gave the external candidate's
    role (the demo's candidate; a person registered on paper): the one who may hand out
    roles vouches for the person instead of a mailed link."""
    if not can(actor, "accounts.roleassignment", "add"):
        raise ApplicationError(_("You may not open candidate profiles."), code="scope")
    held = {role for role, _where in assignments_from_database(user)}  # not a cached copy
    if Role.EXTERNAL_CANDIDATE not in held:
        raise ApplicationError(
            _("This user is not an external candidate."), field="user", code="invalid"
        )
    if CandidateProfile.objects.filter(user=user).exists():
        raise ApplicationError(
            _("This user already has a candidate profile."), field="user", code="unique"
        )
    return create_audited(
        actor=actor,
        obj=CandidateProfile(user=user, verified_at=timezone.now()),
        audited=PROFILE_AUDITED,
        source=source,
    )


def _own_profile(actor: Any, action: str) -> CandidateProfile:
    profile = selectors.profile_of(actor, action)
    if profile is None or profile.verified_at is None:
        raise ApplicationError(_("You have no candidate profile."), code="not_found")
    return profile


@transaction.atomic
def candidate_profile_update(
    *, actor: Any, source: str = AuditSource.WEB, **changes: Any
) -> CandidateProfile:
    """Change the actor's own profile: any of their names, contact phone, preferred region
    (a country or a region), willingness to relocate and short CV."""
    reject_unknown(changes, PROFILE_FIELDS)
    profile = _own_profile(actor, "change")
    profile = CandidateProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    names = {k: changes.pop(k) for k in ("first_name", "last_name") if k in changes}
    if names:
        self_services.user_names_set(
            actor=actor,
            user=profile.user,
            first_name=names.get("first_name", profile.user.first_name),
            last_name=names.get("last_name", profile.user.last_name),
            source=source,
        )
    if "phone" in changes:
        changes["phone"] = (changes["phone"] or "").strip()
    if "cv" in changes:
        changes["cv"] = (changes["cv"] or "").strip()
    if changes:
        update_audited(
            actor=actor,
            obj=profile,
            fields={**changes, "updated_by": actor},
            audited=PROFILE_AUDITED,
            source=source,
        )
    return profile


@transaction.atomic
def candidate_account_close(*, actor: Any, password: str, source: str = AuditSource.WEB) -> None:
    """Close the actor's own account: refused for an account with an employee record (its
    erasure goes through privacy's erasure request), while any app says they have something
    in progress (``hooks.in_progress``), and without their password. The profile is deleted
    and the account closed by accounts (deactivated, personal data erased), all audited."""
    profile = _own_profile(actor, "delete")
    if not actor.check_password(password):
        raise ApplicationError(_("The password is not correct."), field="password", code="password")
    if selectors.has_employee_record(actor):
        # Closing would erase the name and drop the employee's roles past any legal hold.
        raise ApplicationError(
            _(
                "Your account cannot be closed: it belongs to an employee record kept by HR. "
                "Ask for the erasure of your personal data instead."
            ),
            code="employee",
        )
    busy = hooks.in_progress_of(actor)
    if busy:
        raise ApplicationError(
            _(
                "Your account cannot be closed while you have applications in progress: "
                "%(list)s. Withdraw them or wait for their decision first."
            )
            % {"list": "; ".join(str(reason) for reason in busy)},
            code="in_progress",
        )
    reason = _("Closed by its owner.")
    delete_audited(actor=actor, obj=profile, audited=PROFILE_AUDITED, source=source, reason=reason)
    self_services.user_close(actor=actor, user=actor, reason=reason, source=source)


def unverified_close(*, source: str = AuditSource.TASK) -> int:
    """Close the sign-ups never verified within ``CADRE_CANDIDATE_UNVERIFIED_DAYS`` (their
    addresses free again); how many."""
    before = timezone.now() - timedelta(days=config.unverified_days())
    closed = 0
    for profile in selectors.unverified_since(before)[:1000]:
        with transaction.atomic():
            user = profile.user
            delete_audited(
                actor=None,
                obj=profile,
                audited=PROFILE_AUDITED,
                source=source,
                reason=_("Sign-up never verified."),
            )
            self_services.user_close(
                actor=None, user=user, reason=_("Sign-up never verified."), source=source
            )
        closed += 1
    return closed
