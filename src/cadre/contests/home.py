"""What contests put on a home page (decision 0028): a juror's entries to score, with the
scoring deadline (calibration entries first); an applicant's applications and their
status."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cadre.contests import selectors
from cadre.core.choices import Role
from cadre.core.permissions import roles_of
from cadre.core.registry import FIGURE, TASK, HomeItem

SHOWN = 5


def to_score(user: Any) -> Iterator[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return
    for entry in selectors.to_score(user)[:SHOWN]:
        text = (
            _("Score the calibration entry of “%(contest)s” first")
            if entry.is_calibration
            else _("Score the entry “%(entry)s” of “%(contest)s”")
        )
        yield HomeItem(
            TASK,
            text % {"entry": entry.title, "contest": entry.contest.title},
            entry.get_absolute_url(),
            due=entry.contest.scoring_close,
        )


def my_applications(user: Any) -> Iterator[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return
    for entry in selectors.my_applications(user)[:SHOWN]:
        status = (
            entry.get_outcome_display()
            if entry.outcome and entry.contest.results_at
            else (entry.get_state_display())
        )
        yield HomeItem(
            FIGURE,
            _("Your application “%(entry)s” to “%(contest)s”")
            % {"entry": entry.title, "contest": entry.contest.title},
            entry.get_absolute_url(),
            value=status,
        )


def open_to_candidates(user: Any) -> Iterator[HomeItem]:
    """An external candidate: how many contests take applications today (the calls)."""
    if Role.EXTERNAL_CANDIDATE not in roles_of(user):  # cached: no query for other roles
        return
    yield HomeItem(
        FIGURE,
        _("Contests taking applications"),
        reverse("contests:calls"),
        value=selectors.published().count(),
    )
