"""The verification letter, written in the language the candidate chose and sent once the
sign-up commits (an account that is not active yet gets no other notice, so
``core.notices`` would skip it)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cadre.candidates import config, tokens

logger = logging.getLogger(__name__)


def verify_link(user: Any, site: str) -> str:
    return site.rstrip("/") + reverse("candidates:verify", args=[tokens.make(user)])


def send_verification(user: Any, site: str) -> None:
    """Mail ``user`` a link to verify their address, after the transaction commits."""
    link = verify_link(user, site)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Cadre: confirm your e-mail address")
        body = _(
            "Hello %(name)s,\n\n"
            "you signed up to Cadre as an external candidate. To confirm that this address "
            "is yours, open the link below and enter the password you chose. The link is "
            "valid for %(hours)d hours.\n\n%(link)s\n\n"
            "If you did not sign up, ignore this letter: the sign-up is removed after "
            "%(days)d days."
        ) % {
            "name": user.get_full_name() or user.email,
            "hours": config.verify_hours(),
            "link": link,
            "days": config.unverified_days(),
        }
    address = user.email

    def deliver() -> None:
        try:
            send_mail(subject, body, None, [address])
        except Exception:  # the sign-up stands; a new link can be asked for
            logger.exception("verification link to user %s not sent", user.pk)

    transaction.on_commit(deliver)
