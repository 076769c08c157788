"""What competitions put on a home page (decision 0028): for HR, applications to check
and decisions due; for a commission member, candidates to score; for a candidate, their
applications under way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadre.competitions import selectors
from cadre.competitions.choices import OPEN_STAGES, ApplicationState, Stage
from cadre.competitions.models import Application, Competition
from cadre.core.choices import Role
from cadre.core.permissions import can, roles_of
from cadre.core.registry import FIGURE, TASK, HomeItem

SHOWN = 5


def to_check(user: Any) -> Iterator[HomeItem]:
    """HR: competitions with applications waiting for the document check; decisions due."""
    if not can(user, "competitions.competition", "change"):
        return
    mine = Competition.objects.restrict(user, "change")
    checking = (
        mine.filter(stage__in=(Stage.ANNOUNCED, Stage.CHECKING))
        .annotate(
            waiting=Count("applications", filter=Q(applications__state=ApplicationState.SUBMITTED))
        )
        .filter(waiting__gt=0)
        .order_by("applications_close", "pk")[:SHOWN]
    )
    for competition in checking:
        yield HomeItem(
            TASK,
            ngettext(
                "Check %(n)d application to “%(title)s”",
                "Check %(n)d applications to “%(title)s”",
                competition.waiting,
            )
            % {"n": competition.waiting, "title": competition.title},
            competition.get_absolute_url(),
            count=competition.waiting,
            due=competition.applications_close,
        )
    for competition in mine.filter(stage=Stage.INTERVIEW).order_by("interview_on", "pk")[:SHOWN]:
        yield HomeItem(
            TASK,
            _("Record the commission's decision on “%(title)s”") % {"title": competition.title},
            competition.get_absolute_url(),
            due=competition.interview_on,
        )


def to_score(user: Any) -> Iterator[HomeItem]:
    """A commission member present at an interview: the candidates they have still to score."""
    if not getattr(user, "is_authenticated", False):
        return
    rows = (
        Competition.objects.filter(
            stage=Stage.INTERVIEW, members__user_id=user.pk, members__present=True
        )
        .annotate(
            invited=Count(
                "applications",
                filter=Q(applications__state=ApplicationState.INTERVIEW),
                distinct=True,
            )
        )
        .order_by("interview_on", "pk")[:SHOWN]
    )
    for competition in rows:
        done = (
            Application.objects.filter(
                Q(scores__member__user_id=user.pk) | Q(recusals__member__user_id=user.pk),
                competition=competition,
                state=ApplicationState.INTERVIEW,
            )
            .distinct()
            .count()
        )
        left = competition.invited - done
        if left > 0:
            yield HomeItem(
                TASK,
                ngettext(
                    "Score %(n)d candidate of “%(title)s”",
                    "Score %(n)d candidates of “%(title)s”",
                    left,
                )
                % {"n": left, "title": competition.title},
                competition.get_absolute_url(),
                count=left,
                due=competition.interview_on,
            )


def mine(user: Any) -> Iterator[HomeItem]:
    """A candidate: their applications to competitions still under way."""
    if not getattr(user, "is_authenticated", False):
        return
    count = (
        Application.objects.filter(user_id=user.pk, competition__stage__in=OPEN_STAGES)
        .exclude(
            state__in=(
                ApplicationState.REFUSED,
                ApplicationState.FAILED_TEST,
                ApplicationState.WITHDRAWN,
            )
        )
        .count()
    )
    if count:
        yield HomeItem(
            FIGURE,
            _("Your applications under way"),
            reverse("competitions:application_list"),
            value=count,
        )


def open_to_candidates(user: Any) -> Iterator[HomeItem]:
    """An external candidate: how many competitions take applications today (the public
    announcements, where they apply)."""
    if Role.EXTERNAL_CANDIDATE not in roles_of(user):  # cached: no query for other roles
        return
    yield HomeItem(
        FIGURE,
        _("Competitions taking applications"),
        reverse("competitions_public:announcements"),
        value=selectors.public_open().count(),
    )
