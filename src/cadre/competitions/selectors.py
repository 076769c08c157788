"""What pages, the API and the home page read of competitions — scoped to what the user
may see: HR their bodies', a commission member the competitions they sit on, a candidate
their own applications. The public page reads announced competitions only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from cadre.competitions.choices import OPEN_STAGES, ApplicationState, Stage
from cadre.competitions.models import Application, Competition, Member, Recusal, Score
from cadre.core.access import access


def competitions_for(user: Any, action: str = "view") -> QuerySet[Competition]:
    return Competition.objects.restrict(user, action).select_related("organisation")


def competition_for(user: Any, pk: Any, action: str = "view") -> Competition:
    return access(Competition, user, pk, action)


def applications_for(user: Any, action: str = "view") -> QuerySet[Application]:
    return Application.objects.restrict(user, action).select_related(
        "competition", "user", "employee"
    )


def application_for(user: Any, pk: Any, action: str = "view") -> Application:
    return access(
        Application.objects.select_related("competition", "user", "employee"), user, pk, action
    )


def in_progress(user: Any) -> list[str]:
    """The user's applications to competitions still under way (they keep an external
    candidate's account open, decision 0033)."""
    rows = (
        Application.objects.filter(user_id=user.pk, competition__stage__in=OPEN_STAGES)
        .exclude(
            state__in=(
                ApplicationState.REFUSED,
                ApplicationState.FAILED_TEST,
                ApplicationState.WITHDRAWN,
            )
        )
        .values_list("competition__title", flat=True)
        .order_by("competition__title")
    )
    return [
        gettext("the competition “%(competition)s” (under way)") % {"competition": title}
        for title in rows
    ]


def public_open() -> QuerySet[Competition]:
    """Competitions taking applications today, for the public page (no sign-in)."""
    return (
        Competition.objects.filter(
            stage=Stage.ANNOUNCED, applications_close__gte=timezone.localdate()
        )
        .select_related("organisation", "vacancy__post")
        .order_by("applications_close", "pk")
    )


def public_one(pk: int) -> Competition | None:
    """Any published competition, for its public page (its stage is shown)."""
    return Competition.objects.filter(pk=pk).select_related("organisation", "vacancy__post").first()


def members_of(competition: Competition) -> list[Member]:
    return list(competition.members.select_related("user"))


def member_of(user: Any, competition: Competition) -> Member | None:
    return competition.members.filter(user_id=getattr(user, "pk", 0) or 0).first()


def own_application(user: Any, competition: Competition) -> Application | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Application.objects.filter(competition=competition, user_id=user.pk).first()


@dataclass
class Row:
    """A candidate on the competition's page: their state, test result, each member's score
    (None: not scored, "recused": recused) and the mean."""

    application: Application
    scores: list[Any]
    mean: float | None


def board(competition: Competition) -> tuple[list[Member], list[Row]]:
    """The applications with their test results and the commission's scores, best mean
    first (candidates not scored after)."""
    members = members_of(competition)
    scores = {
        (s.member_id, s.application_id): s.score
        for s in Score.objects.filter(application__competition=competition)
    }
    recused = set(
        Recusal.objects.filter(member__competition=competition).values_list(
            "member_id", "application_id"
        )
    )
    rows = []
    for application in competition.applications.select_related("user", "employee"):
        cells: list[Any] = []
        for m in members:
            key = (m.pk, application.pk)
            cells.append("recused" if key in recused else scores.get(key))
        given = [c for c in cells if isinstance(c, int)]
        rows.append(Row(application, cells, sum(given) / len(given) if given else None))
    rows.sort(key=lambda r: (r.mean is None, -(r.mean or 0), r.application.submitted_at))
    return members, rows


def recusals_of(member: Member | None) -> dict[int, str]:
    if member is None:
        return {}
    return dict(member.recusals.values_list("application_id", "reason"))


def scored_by(member: Member | None) -> dict[int, int]:
    if member is None:
        return {}
    return dict(member.scores.values_list("application_id", "score"))


def winner_of(competition: Competition) -> Application | None:
    return (
        competition.applications.filter(state=ApplicationState.WON)
        .select_related("user", "employee")
        .first()
    )


def users_by_ids(actor: Any, ids: list[int]) -> list[Any]:
    """The active accounts among ``ids`` that ``actor`` sees (and so may name); the others
    are left out, whether they exist or not."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.restrict(actor, "view")
    return list(users.filter(pk__in=ids, is_active=True))


def member_candidates(user: Any) -> list[Any]:
    """Accounts HR may name to a commission (those they see), at most 500, by name."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.restrict(user, "view").filter(is_active=True)
    return list(users.order_by("last_name", "username")[:500])


def applicants_seen(user: Any) -> QuerySet[Any]:
    """The accounts that applied to competitions whose applications ``user`` sees
    (talent's ``candidate_sources``)."""
    return Application.objects.restrict(user, "view").values("user")
