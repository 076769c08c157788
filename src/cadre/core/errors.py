"""The one domain error. Services raise it; views, the API and commands render it."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A refused operation, with a message for the user and, where known, the field at fault.

    ``errors`` maps a field name (or ``None`` for the whole request) to a list of messages;
    ``code`` is a stable machine-readable reason for API clients.
    """

    def __init__(
        self,
        message: Any,
        *,
        field: str | None = None,
        code: str = "invalid",
        errors: dict[str | None, list[Any]] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.errors: dict[str | None, list[Any]] = errors or {field: [message]}

    def __str__(self) -> str:
        return str(self.message)


def full_clean_or_raise(obj: Any, **kwargs: Any) -> None:
    """``obj.full_clean(...)``, with Django's ValidationError turned into ApplicationError
    (field by field), so that services refuse bad values the same way everywhere."""
    from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        errors: dict[str | None, list[Any]] = {}
        for field, messages in exc.message_dict.items():
            errors[None if field == NON_FIELD_ERRORS else field] = list(messages)
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, errors=errors, code="invalid") from None


def reject_unknown(fields: Any, allowed: Any) -> None:
    """Refuse keyword fields a service does not take, naming the first one."""
    from django.utils.translation import gettext as _

    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ApplicationError(_("Unknown field."), field=unknown[0], code="unknown")
