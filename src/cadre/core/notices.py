"""E-mail notices to users, each in their own language (the one kept on their account,
else the site's default), sent once the transaction that decided them commits. Accounts
without an address are skipped; a failed send is logged and never undoes the step. (The
appeals' notices, ``appeals/notify.py``, work the same way.)"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)

# Writes a notice's subject and body in the active language.
Notice = Callable[[], tuple[str, str]]


def send_notice(users: Iterable[Any], notice: Notice) -> int:
    """Write ``notice`` once per language of its recipients and send it after commit; how
    many addresses it goes to."""
    by_language: dict[str, set[str]] = defaultdict(set)
    for user in users:
        if user is not None and user.email and user.is_active:
            by_language[user.language or settings.LANGUAGE_CODE].add(user.email)
    letters = []
    for language, addresses in sorted(by_language.items()):
        with translation.override(language):
            subject, body = notice()
        letters += [(address, subject, body) for address in sorted(addresses)]

    def deliver() -> None:
        for address, subject, body in letters:
            try:
                send_mail(subject, body, None, [address])
            except Exception:  # the step stands; the log says who was not told
                logger.exception("notice to %s not sent", address)

    if letters:
        transaction.on_commit(deliver)
    return len(letters)
