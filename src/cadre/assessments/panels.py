"""What assessments show on a person's file (``core.registry.Panel``): the gaps against
their standard and their latest test results, to whoever may open the pages behind them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadre.assessments.choices import AttemptStatus
from cadre.assessments.models import Attempt
from cadre.assessments.selectors import person_gaps, weighted_fit
from cadre.core.numbers import grouped
from cadre.core.permissions import can_at
from cadre.core.registry import Panel

SHOWN = 3


def person_gaps_panel(user: Any, person: Any) -> Panel | None:
    path, owner = person.organisation.path, getattr(person, "user_id", None)
    if not can_at(user, "assessments.proficiency", "view", path, owner):
        return None
    version, gaps = person_gaps(person)
    if version is None:
        return Panel(
            _("Competencies and gaps"),
            empty=_("The person's post has no standard in force."),
            more=(_("Competencies and gaps"), reverse("assessments:person", args=[person.pk])),
            order=40,
        )
    short = sorted(
        (g for g in gaps if g.shortfall), key=lambda g: (-g.shortfall, g.competency.code)
    )
    fit = weighted_fit(gaps)
    return Panel(
        _("Competencies and gaps"),
        figures=(
            (_("standard"), str(version.profile)),
            (_("meets the standard"), f"{grouped(fit * 100, 0)} %" if fit is not None else None),
            (_("competencies below the level"), f"{len(short)} / {len(gaps)}"),
        ),
        items=tuple(
            (
                str(g.competency),
                "",
                _("level %(current)s of %(required)d")
                % {"current": g.current if g.current is not None else "—", "required": g.required},
            )
            for g in short[:SHOWN]
        ),
        more=(_("All competencies and gaps"), reverse("assessments:person", args=[person.pk])),
        order=40,
    )


def person_tests(user: Any, person: Any) -> Panel | None:
    path, owner = person.organisation.path, getattr(person, "user_id", None)
    if not can_at(user, "assessments.attempt", "view", path, owner):
        return None
    done = (
        Attempt.objects.restrict(user, "view")
        .filter(employee=person)
        .exclude(status=AttemptStatus.OPEN)
        .select_related("test")
        .order_by("-started_at", "-pk")
    )
    rows = list(done[:SHOWN])
    items = tuple(
        (
            a.test.title,
            "",
            "{day} · {result}".format(
                day=date_format(a.started_at.date(), "SHORT_DATE_FORMAT"),
                result=_("passed")
                if a.passed
                else (_("not passed") if a.passed is False else a.get_status_display()),
            ),
        )
        for a in rows
    )
    return Panel(_("Tests"), items=items, empty=_("No test taken."), order=45)
