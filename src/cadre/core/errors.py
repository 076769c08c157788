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


class Problems:
    """Every problem found in one request, so that they are all reported at once rather
    than one per submission: a service's rules add to it, then ``raise_if_any``.

    A service whose rules a form cannot express offers them as ``<service>_check``, a
    function taking the service's keyword arguments, each optional (a rule whose inputs
    are missing is skipped), that raises the ``ApplicationError`` of all it finds; the
    service calls it with everything, and the form views (``cadre.core.views.check_form``)
    with whatever fields of a refused form could be read."""

    def __init__(self) -> None:
        self.errors: dict[str | None, list[Any]] = {}
        self.codes: list[str] = []

    def add(self, message: Any, *, field: str | None = None, code: str = "invalid") -> None:
        self.errors.setdefault(field, []).append(message)
        self.codes.append(code)

    def add_error(self, exc: ApplicationError) -> None:
        """Add the problems of a refusal raised by a rule that stops at its first."""
        for field, messages in exc.errors.items():
            for message in messages:
                self.add(message, field=field, code=exc.code)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            first = next(iter(self.errors.values()))[0]
            raise ApplicationError(first, code=self.codes[0], errors=self.errors)


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
