"""Who hears of each step of an appeal, by e-mail once the step is committed: the person,
the HR officer who proposed the run, and the panel — each in their own language (the one
kept on their account, else the site's default). Accounts without an address are skipped; a
failed send is logged, never undoes the step."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Writes a notice's subject and body in the active language.
Notice = Callable[[], tuple[str, str]]


def _send(users: Iterable[Any], notice: Notice) -> None:
    """Write the notice once per language of its recipients, and send it after commit."""
    by_language: dict[str, set[str]] = defaultdict(set)
    for user in users:
        if user is not None and user.email:
            by_language[user.language or settings.LANGUAGE_CODE].add(user.email)
    if not by_language:
        return
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
                logger.exception("appeal notice to %s not sent", address)

    transaction.on_commit(deliver)


def _people(appeal: Any) -> tuple[Any, Any]:
    line = appeal.line
    return line.employee.user, line.run.proposed_by


def filed(appeal: Any) -> None:
    person, proposer = _people(appeal)
    _send(
        [person, proposer],
        lambda: (
            _("Appeal %(id)s filed") % {"id": appeal.pk},
            _(
                "An appeal against a line of “%(run)s” was filed on %(date)s. HR admits it and "
                "names the panel that decides it."
            )
            % {"run": appeal.line.run, "date": appeal.filed_at.date().isoformat()},
        ),
    )


def admitted(appeal: Any, panel: list[Any]) -> None:
    person, _proposer = _people(appeal)
    due = appeal.decide_by.isoformat()
    _send(
        panel,
        lambda: (
            _("You sit on the panel of appeal %(id)s") % {"id": appeal.pk},
            _("Appeal %(id)s awaits the panel's decision by %(date)s: %(url)s")
            % {"id": appeal.pk, "date": due, "url": appeal.get_absolute_url()},
        ),
    )
    _send(
        [person],
        lambda: (
            _("Appeal %(id)s admitted") % {"id": appeal.pk},
            _("Your appeal is admitted; the panel decides it by %(date)s.") % {"date": due},
        ),
    )


def decided(appeal: Any) -> None:
    person, proposer = _people(appeal)

    def notice() -> tuple[str, str]:
        body = _("Appeal %(id)s: %(state)s. Reasons: %(reason)s") % {
            "id": appeal.pk,
            "state": appeal.get_state_display(),
            "reason": appeal.decision_reason,
        }
        if appeal.correction is not None:
            body += "\n" + _("A correction run is proposed: %(url)s") % {
                "url": appeal.correction.get_absolute_url()
            }
        return _("Appeal %(id)s decided") % {"id": appeal.pk}, body

    _send([person, proposer], notice)


def withdrawn(appeal: Any, panel: list[Any]) -> None:
    _person, proposer = _people(appeal)
    _send(
        [proposer, *panel],
        lambda: (
            _("Appeal %(id)s withdrawn") % {"id": appeal.pk},
            _("Appeal %(id)s was withdrawn by the person who filed it.") % {"id": appeal.pk},
        ),
    )


def overdue(appeal: Any, panel: list[Any]) -> None:
    _person, proposer = _people(appeal)
    _send(
        [proposer, *panel],
        lambda: (
            _("Appeal %(id)s: the decision is overdue") % {"id": appeal.pk},
            _("The panel's decision on appeal %(id)s was due by %(date)s and is not taken: %(url)s")
            % {
                "id": appeal.pk,
                "date": appeal.decide_by.isoformat(),
                "url": appeal.get_absolute_url(),
            },
        ),
    )
