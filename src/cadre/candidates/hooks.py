"""What apps above candidates add to an external candidate's account (decision 0033).

- ``in_progress``: ``user → [reason…]``, what the user has in progress (an application to
  a contest or a competition not yet decided); an account with anything in progress is
  not closed, and each reason is shown to the user. The contests and competitions apps
  register theirs from their ``app.py``.
- ``candidate_pages``: the URL names of the menu entries an external candidate is shown
  (the menu shows them nothing else); an app adds the pages it offers them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

in_progress: list[Callable[[Any], Iterable[Any]]] = []

candidate_pages: set[str] = {"core:home", "candidates:profile", "mfa:status"}


def in_progress_of(user: Any) -> list[Any]:
    """Every reason, from every app, why ``user`` has something in progress."""
    return [reason for check in in_progress for reason in check(user)]
