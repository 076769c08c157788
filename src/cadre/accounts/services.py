"""Writes to accounts: logins and lockout, role assignments, API tokens, users."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.accounts import throttle
from cadre.accounts.choices import NATIONAL_ROLES, Role
from cadre.accounts.models import ApiToken, LoginThrottle, RoleAssignment, User, hash_token
from cadre.accounts.roles import GRANTABLE, assignments_of
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.orgs.models import Organisation


@transaction.atomic
def login_failure_record(*, username: str, address: str) -> datetime | None:
    """Count a failed sign-in under its network, its account and its account from that
    network (``throttle``); a counter that reaches its limit imposes a pause, twice as long
    as its previous one. Returns until when this attempt's place is now paused, if it is.

    The same for any username typed, an account or not; a pause of a real account is
    audited (``user.locked``), a pause of a network too (``login.network_paused``)."""
    keys = throttle.Keys.of(username=username, address=address)
    now = timezone.now()
    paused: dict[str, datetime] = {}
    for kind, key in (
        (throttle.NETWORK, keys.network),
        (throttle.ACCOUNT, keys.account),
        (throttle.ACCOUNT_AT_NETWORK, keys.account_at_network),
    ):
        row = LoginThrottle.objects.select_for_update().filter(key=key).first()
        if row is None:
            row = LoginThrottle(key=key, last_failure_at=now)
        else:
            old_failures, old_strikes = throttle.forgotten(row, now)
            if old_failures:
                row.failures = 0
            if old_strikes:
                row.strikes = 0
        if row.blocked_until is not None and row.blocked_until > now:
            row.last_failure_at = now  # tried while paused: counts nothing more
        else:
            row.failures += 1
            row.last_failure_at = now
            if row.failures >= throttle.limit_of(kind):
                row.strikes += 1
                row.failures = 0
                row.blocked_until = now + throttle.pause_after(row.strikes)
                paused[kind] = row.blocked_until
        row.save()
    if paused:
        _audit_pause(username=username, address=address, paused=paused)
    return throttle.paused_until(username=username, address=address)


def _audit_pause(*, username: str, address: str, paused: dict[str, datetime]) -> None:
    account_until = paused.get(throttle.ACCOUNT_AT_NETWORK) or paused.get(throttle.ACCOUNT)
    user = User.objects.filter(username__iexact=username.strip()).first()
    if account_until is not None and user is not None:
        audit_record(
            actor=None,
            action="user.locked",
            obj=user,
            changes={
                "locked_until": [None, account_until],
                "everywhere_it_failed": throttle.ACCOUNT in paused,
            },
            reason=_("Too many failed logins."),
            source=AuditSource.WEB,
        )
    if throttle.NETWORK in paused:
        audit_record(
            actor=None,
            action="login.network_paused",
            object_type="network",
            object_id=throttle.client_network(address),
            object_repr=throttle.client_network(address),
            changes={"paused_until": [None, paused[throttle.NETWORK]]},
            reason=_("Too many failed logins."),
            source=AuditSource.WEB,
        )


@transaction.atomic
def login_success_record(*, username: str, address: str) -> None:
    """A right password from a place that may try: that place's count for the account
    starts again (its network's and the account's counts do not: a distributed guess goes
    on being counted)."""
    keys = throttle.Keys.of(username=username, address=address)
    LoginThrottle.objects.filter(key=keys.account_at_network).delete()


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    language: str = "",
    is_active: bool = True,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> User:
    """A new user; ``is_active=False`` for one who may not sign in yet (a self sign-up
    waiting for its address to be verified)."""
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(
            _("A user with this username already exists."), field="username", code="unique"
        )
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        language=language,
        is_active=is_active,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(
            exc.messages[0], errors={"password": list(exc.messages)}, code="password"
        ) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="create",
        obj=user,
        changes={
            "username": [None, username],
            "email": [None, email],
            **({} if is_active else {"is_active": [None, False]}),
        },
        reason=reason,
        source=source,
    )
    return user


@transaction.atomic
def user_create_with_role(
    *,
    actor: Any,
    role: str,
    organisation: Organisation | None,
    source: str = AuditSource.WEB,
    reason: str = "",
    **data: Any,
) -> User:
    """Create a user with a first role, so that the creator can see them at once."""
    user = user_create(actor=actor, source=source, reason=reason, **data)
    role_assignment_create(
        actor=actor, user=user, role=role, organisation=organisation, source=source, reason=reason
    )
    return user


@transaction.atomic
def national_admin_bootstrap(
    *, username: str, password: str, first_name: str = "", last_name: str = "", email: str = ""
) -> User:
    """Create a national administrator from the command line (no actor exists yet)."""
    user = user_create(
        actor=None,
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        email=email,
        source=AuditSource.CLI,
    )
    assignment = RoleAssignment.objects.create(user=user, role=NATIONAL_ROLES[0])
    audit_record(
        actor=None,
        action="role.grant",
        obj=assignment,
        changes={"user": [None, username], "role": [None, assignment.role]},
        reason="bootstrap",
        source=AuditSource.CLI,
    )
    return user


def _may_grant(actor: Any, role: str, organisation: Organisation | None) -> bool:
    if getattr(actor, "is_superuser", False):
        return True
    for held, path in assignments_of(actor):
        if role not in GRANTABLE.get(held, frozenset()):
            continue
        if path is None:
            return True
        if organisation is not None and organisation.path.startswith(path):
            return True
    return False


@transaction.atomic
def role_assignment_create(
    *,
    actor: Any,
    user: User,
    role: str,
    organisation: Organisation | None,
    reason: str = "",
    source: str = AuditSource.WEB,
) -> RoleAssignment:
    if organisation is None and role not in NATIONAL_ROLES:
        raise ApplicationError(
            _("This role must be given over an organisation."),
            field="organisation",
            code="required",
        )
    if not _may_grant(actor, role, organisation):
        raise ApplicationError(
            _("You may not give this role over this organisation."),
            field="role",
            code="scope",
        )
    if RoleAssignment.objects.filter(user=user, role=role, organisation=organisation).exists():
        raise ApplicationError(
            _("This user already holds this role here."), field="role", code="unique"
        )
    assignment = RoleAssignment.objects.create(user=user, role=role, organisation=organisation)
    audit_record(
        actor=actor,
        action="role.grant",
        obj=assignment,
        changes={"user": [None, user.username], "role": [None, role]},
        reason=reason,
        source=source,
    )
    return assignment


@transaction.atomic
def role_assignment_delete(
    *, actor: Any, assignment: RoleAssignment, reason: str = "", source: str = AuditSource.WEB
) -> None:
    """Take a role from a user. Nobody removes their own role (another administrator does,
    so that no one locks themselves out by mistake), and the country always keeps a national
    administrator: without one, nobody could give the role again except from a shell."""
    if not _may_grant(actor, assignment.role, assignment.organisation):
        raise ApplicationError(_("You may not remove this role."), field="role", code="scope")
    if assignment.role == Role.NATIONAL_ADMIN and assignment.organisation_id is None:
        # Lock every national administrator's grant, this one included, so that two removals
        # at once (each of the other's grant) cannot both see another one left.
        national_admins = RoleAssignment.objects.select_for_update(of=("self",)).filter(
            role=Role.NATIONAL_ADMIN, organisation__isnull=True, user__is_active=True
        )
        if not [pk for pk in national_admins.values_list("pk", flat=True) if pk != assignment.pk]:
            raise ApplicationError(
                _(
                    "This is the last national administrator; give the role to someone else "
                    "before removing it."
                ),
                field="role",
                code="last_national_admin",
            )
    if getattr(actor, "pk", None) is not None and assignment.user_id == actor.pk:
        raise ApplicationError(
            _("You may not remove your own role; ask someone else who may give it."),
            field="user",
            code="own_role",
        )
    audit_record(
        actor=actor,
        action="role.revoke",
        obj=assignment,
        changes={"user": [assignment.user.username, None], "role": [assignment.role, None]},
        reason=reason,
        source=source,
    )
    assignment.delete()


@transaction.atomic
def api_token_create(
    *,
    actor: User,
    name: str,
    days: int | None = None,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> tuple[ApiToken, str]:
    """Create a token for ``actor``; returns the token and its key, which is not stored."""
    days = settings.CADRE_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= 366:
        raise ApplicationError(
            _("A token must be valid for 1 to 366 days."), field="days", code="range"
        )
    if not name.strip():
        raise ApplicationError(_("This field is required."), field="name", code="required")
    key = "cdr_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name.strip()[:100],
        prefix=key[4:12],
        key_hash=hash_token(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        actor=actor,
        action="token.create",
        obj=token,
        changes={"name": [None, token.name], "expires_at": [None, token.expires_at]},
        reason=reason,
        source=source,
    )
    return token, key


@transaction.atomic
def api_token_revoke(
    *, actor: User, token: ApiToken, source: str = AuditSource.WEB, reason: str = ""
) -> ApiToken:
    if not ApiToken.objects.restrict(actor, "delete").filter(pk=token.pk).exists():
        raise ApplicationError(_("You may not revoke this token."), code="scope")
    if token.revoked_at is not None:
        raise ApplicationError(_("This token is already revoked."), code="revoked")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="token.revoke",
        obj=token,
        changes={"revoked_at": [None, token.revoked_at]},
        reason=reason,
        source=source,
    )
    return token


@transaction.atomic
def user_language_set(
    *, actor: Any, user: Any, language: str, source: str = AuditSource.WEB
) -> User:
    """The language a user reads Cadre in, and their e-mail notices (blank: the site's
    default). Only the user themselves sets it."""
    known = {code for code, _name in settings.LANGUAGES}
    if actor.pk != user.pk:
        raise ApplicationError(_("Only the user sets their own language."), code="scope")
    if language and language not in known:
        raise ApplicationError(
            _("Unknown language “%(code)s”; use one of %(codes)s.")
            % {"code": language, "codes": ", ".join(sorted(known))},
            field="language",
            code="invalid",
        )
    row = User.objects.select_for_update().get(pk=user.pk)
    if row.language != language:
        before, row.language = row.language, language
        row.save(update_fields=["language"])
        audit_record(
            actor=actor,
            action="language",
            obj=row,
            changes={"language": [before, language]},
            source=source,
        )
    user.language = language
    return row
