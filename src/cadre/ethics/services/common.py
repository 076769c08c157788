"""What the ethics services share: who keeps a body's ethics records, and money in minor
units."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from cadre.core.choices import Role
from cadre.core.errors import ApplicationError
from cadre.core.permissions import assignments_of
from cadre.core.scoping import reaches
from cadre.orgs.models import Organisation

NO_MINOR = {"VND"}


def is_officer(actor: Any, organisation: Organisation) -> bool:
    """Whether ``actor`` keeps the ethics records of ``organisation`` (its ethics officer,
    or a role granted the ethics class above it)."""
    from cadre.ethics.models import Case

    return reaches(actor, Case, "change", organisation)


def is_hr(actor: Any, organisation: Organisation) -> bool:
    return any(
        role == Role.HR_OFFICER and (path is None or organisation.path.startswith(path))
        for role, path in assignments_of(actor)
    )


def is_person(actor: Any, employee: Any) -> bool:
    return bool(getattr(actor, "pk", None)) and employee.user_id == actor.pk


def to_minor(value: Any, currency: str) -> int:
    """A value in major units as minor units of ``currency``, exactly, or a refusal."""
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ApplicationError(
            _("Give the currency as its three-letter code."), field="currency", code="invalid"
        )
    try:
        major = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("Give the value as a number."), field="value") from None
    if not major.is_finite() or major < 0:
        raise ApplicationError(_("The value cannot be negative."), field="value")
    minor = major.scaleb(0 if currency in NO_MINOR else 2)
    if minor != minor.to_integral_value() or minor >= 10**15:
        raise ApplicationError(
            _("The value has more decimals than %(currency)s has.") % {"currency": currency},
            field="value",
        )
    return int(minor)


def to_major(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(0 if currency in NO_MINOR else -2)
