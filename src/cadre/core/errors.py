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
