"""Writes to a user's own account: a self sign-up activated once its address is verified,
the user's own name, and closing the account (decision 0033). Kept apart from
``services.py``, which holds the writes administrators make."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.accounts.choices import Role
from cadre.accounts.models import ApiToken, RoleAssignment, User
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError


@transaction.atomic
def external_candidate_activate(*, user: User, source: str = AuditSource.WEB) -> RoleAssignment:
    """A self sign-up whose address is verified (the candidates app checked the link and the
    password): the account is activated and given the external candidate's role, held
    without an organisation, which reaches nothing but the user's own rows. The actor is the
    user themselves: nobody else hands out this role, and it is the only one so given."""
    row = User.objects.select_for_update().get(pk=user.pk)
    if row.is_active:
        raise ApplicationError(
            _("This account is already active."), field="user", code="already_active"
        )
    if RoleAssignment.objects.filter(user=row).exists():
        raise ApplicationError(
            _("This account already holds a role."), field="user", code="has_role"
        )
    row.is_active = True
    row.save(update_fields=["is_active"])
    audit_record(
        actor=row,
        action="user.activate",
        obj=row,
        changes={"is_active": [False, True]},
        reason=_("E-mail address verified."),
        source=source,
    )
    assignment = RoleAssignment.objects.create(user=row, role=Role.EXTERNAL_CANDIDATE)
    audit_record(
        actor=row,
        action="role.grant",
        obj=assignment,
        changes={"user": [None, row.username], "role": [None, assignment.role]},
        reason=_("E-mail address verified."),
        source=source,
    )
    user.is_active = True
    return assignment


@transaction.atomic
def user_names_set(
    *, actor: Any, user: User, first_name: str, last_name: str, source: str = AuditSource.WEB
) -> User:
    """A user's own name, set by themselves (an external candidate's profile)."""
    if getattr(actor, "pk", None) != user.pk:
        raise ApplicationError(_("Only the user sets their own name."), code="scope")
    problems: dict[str | None, list[Any]] = {}
    for field, value, limit in (("first_name", first_name, 150), ("last_name", last_name, 150)):
        if not value.strip():
            problems[field] = [_("This field is required.")]
        elif len(value.strip()) > limit:
            problems[field] = [_("At most %(n)d characters.") % {"n": limit}]
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(first, errors=problems, code="invalid")
    row = User.objects.select_for_update().get(pk=user.pk)
    changes = {
        name: [getattr(row, name), value.strip()]
        for name, value in (("first_name", first_name), ("last_name", last_name))
        if getattr(row, name) != value.strip()
    }
    if changes:
        for name, (_before, after) in changes.items():
            setattr(row, name, after)
            setattr(user, name, after)
        row.save(update_fields=list(changes))
        audit_record(actor=actor, action="update", obj=row, changes=changes, source=source)
    return row


@transaction.atomic
def user_close(*, actor: Any, user: User, reason: str, source: str = AuditSource.WEB) -> None:
    """Close an account at its owner's request, or a self sign-up never verified (``actor``
    None: the system). Users are never deleted (the audit log points at them): the account
    is deactivated, its personal data (names, address, the username that was the address)
    erased, its password made unusable and its roles and API tokens removed, all audited."""
    if actor is not None and getattr(actor, "pk", None) != user.pk:
        raise ApplicationError(_("Only the user closes their own account."), code="scope")
    row = User.objects.select_for_update().get(pk=user.pk)
    closed = f"closed-{row.pk}"
    # The erased values are not repeated in the log: it names the fields only.
    changes: dict[str, Any] = {
        "username": ["…", closed],
        "erased": ["first_name", "last_name", "email"],
        "is_active": [row.is_active, False],
    }
    for assignment in RoleAssignment.objects.filter(user=row):
        audit_record(
            actor=actor,
            action="role.revoke",
            obj=assignment,
            changes={"user": [closed, None], "role": [assignment.role, None]},
            reason=reason,
            source=source,
        )
        assignment.delete()
    ApiToken.objects.filter(user=row, revoked_at__isnull=True).update(revoked_at=timezone.now())
    row.username, row.first_name, row.last_name, row.email = closed, "", "", ""
    row.is_active = False
    row.set_unusable_password()
    row.save()
    audit_record(
        actor=actor, action="user.close", obj=row, changes=changes, reason=reason, source=source
    )
