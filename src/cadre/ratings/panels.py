"""What ratings show on a person's file (``core.registry.Panel``): the person's fair
score from citizens' ratings (never a rating or who gave it), to those who see the ratings
dashboard."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cadre.core.numbers import grouped
from cadre.core.permissions import can_at
from cadre.core.registry import Panel
from cadre.ratings.models import EmployeeScore


def _interval(score: EmployeeScore) -> str:
    low, high = grouped(score.ratio_low, 2), grouped(score.ratio_high, 2)
    return f"{grouped(score.ratio, 2)} ({low}–{high})"


def person_rating(user: Any, person: Any) -> Panel | None:
    path = person.organisation.path
    if not can_at(user, "ratings.rating", "view", path, getattr(person, "user_id", None)):
        return None
    score = EmployeeScore.objects.filter(employee=person).first()
    if score is None or not score.ratings:
        return Panel(_("Citizens' ratings"), empty=_("No rating counted yet."), order=50)
    return Panel(
        _("Citizens' ratings"),
        figures=(
            (_("average score"), f"{grouped(score.mean, 1)} / 5"),
            (_("ratings counted"), grouped(score.ratings)),
            (_("negative ratings"), grouped(score.negatives)),
            (
                _("negatives against the expected"),
                _interval(score),
            ),
            (_("reliably worse than expected"), _("yes") if score.reliably_worse else _("no")),
        ),
        order=50,
    )
