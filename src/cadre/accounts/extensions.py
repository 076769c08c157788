"""What apps above accounts add to signing in and out, without accounts importing them (the
identity app adds its providers' buttons and the provider's sign-out). An app appends to
these lists from its ``app.py``; until one does, the sign-in page offers the password form
only and signing out ends Cadre's session only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SignInOption:
    """A button on the sign-in page: a link (GET) that starts another way of signing in."""

    label: Any  # a translated text
    url: str


# request → the other ways of signing in offered on the sign-in page
sign_in_options: list[Callable[[Any], Iterable[SignInOption]]] = []
# request → where to send the browser once Cadre's session has ended (an identity provider's
# sign-out), or None; called before the session is cleared
after_logout: list[Callable[[Any], str | None]] = []
