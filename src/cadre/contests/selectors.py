"""What pages, the API and home items read of contests. The organiser's body (HR) sees its
contests and their entries; a juror the contest and the entries of their category; an
applicant their own entries, and every published contest (a public call)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from cadre.contests.choices import EntryState, Stage
from cadre.contests.models import Application, Category, Contest, Criterion, Juror, Recusal, Score
from cadre.core.access import access


def stage_of(contest: Contest, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if contest.results_at is not None:
        return Stage.RESULTS
    for stage, last in (
        (Stage.ANNOUNCED, contest.applications_open - dt.timedelta(days=1)),
        (Stage.APPLICATIONS, contest.applications_close),
        (Stage.SCREENING, contest.screening_close),
        (Stage.SCORING, contest.scoring_close),
    ):
        if today <= last:
            return stage
    return Stage.FINAL


def contests_for(user: Any) -> QuerySet[Contest]:
    return Contest.objects.restrict(user, "view").select_related("organisation")


def contest_for(user: Any, pk: Any, action: str = "view") -> Contest:
    return access(Contest, user, pk, action)


def published(today: dt.date | None = None) -> QuerySet[Contest]:
    """Published contests taking applications (the public call)."""
    today = today or timezone.localdate()
    return (
        Contest.objects.filter(published=True, applications_close__gte=today)
        .select_related("organisation")
        .order_by("applications_close", "pk")
    )


def published_contest(pk: Any) -> Contest | None:
    if not str(pk).isdigit() or int(pk) > 2**63 - 1:
        return None
    return Contest.objects.filter(published=True, pk=int(pk)).select_related("organisation").first()


def categories(contest: Contest) -> list[Category]:
    return list(Category.objects.filter(contest=contest).order_by("code"))


def criteria(contest: Contest) -> list[Criterion]:
    return list(Criterion.objects.filter(contest=contest).select_related("competency"))


def jurors(contest: Contest) -> list[Juror]:
    return list(
        Juror.objects.filter(contest=contest)
        .select_related("user", "category")
        .annotate(recused=Count("recusals"))
        .order_by("category__code", "user__username")
    )


def entries_for(user: Any) -> QuerySet[Application]:
    return Application.objects.restrict(user, "view").select_related("contest", "category")


def entry_for(user: Any, pk: Any) -> Application:
    return access(Application, user, pk)


def recusals_of(entry: Application) -> list[Recusal]:
    """The recusals of an entry, kind and detail included: for the organiser only."""
    return list(Recusal.objects.filter(application=entry).select_related("juror__user"))


def scorecards(entry: Application) -> dict[int, dict[str, int]]:
    """``{juror id: {criterion code: score}}`` of the entry."""
    cards: dict[int, dict[str, int]] = {}
    for juror_id, code, value in Score.objects.filter(application=entry).values_list(
        "juror_id", "criterion__code", "value"
    ):
        cards.setdefault(juror_id, {})[code] = value
    return cards


def scores_visible(
    user: Any, entry: Application, organiser: bool
) -> list[tuple[str, dict[str, int]]]:
    """The scorecards the user may read: all of them for the organiser; for a juror, their
    own, and the others' only once they have submitted theirs (blind until then)."""
    cards = scorecards(entry)
    names = {
        j.pk: j.user.get_full_name() or j.user.username
        for j in Juror.objects.filter(pk__in=cards).select_related("user")
    }
    mine = Juror.objects.filter(category_id=entry.category_id, user_id=user.pk).first()
    if not organiser:
        if mine is None:
            return []
        if mine.pk not in cards:
            return []
    return [(names[j], cards[j]) for j in sorted(cards)]


def to_score(user: Any) -> QuerySet[Application]:
    """Admitted entries of the user's categories they have neither scored nor been recused
    from, in contests still scoring, calibration entries first."""
    today = timezone.localdate()
    juror = Juror.objects.filter(category_id=OuterRef("category_id"), user_id=user.pk)
    scored = Score.objects.filter(application=OuterRef("pk"), juror__user_id=user.pk)
    recused = Recusal.objects.filter(application=OuterRef("pk"), juror__user_id=user.pk)
    return (
        Application.objects.filter(
            Exists(juror),
            state=EntryState.ADMITTED,
            contest__results_at__isnull=True,
            contest__scoring_close__gte=today,
        )
        .filter(~Exists(scored), ~Exists(recused))
        .select_related("contest")
        .order_by("-is_calibration", "contest__scoring_close", "pk")
    )


def my_applications(user: Any) -> QuerySet[Application]:
    return (
        Application.objects.filter(applicant_id=user.pk, is_calibration=False)
        .select_related("contest")
        .order_by("-submitted_at", "pk")
    )


def in_progress(user: Any) -> list[str]:
    """The user's entries to contests whose results are not yet published (they keep an
    external candidate's account open, decision 0033)."""
    rows = (
        Application.objects.filter(
            applicant_id=user.pk,
            is_calibration=False,
            contest__results_at__isnull=True,
        )
        .exclude(state=EntryState.WITHDRAWN)
        .values_list("contest__title", flat=True)
        .order_by("contest__title")
    )
    return [
        gettext("the contest “%(contest)s” (results not yet published)") % {"contest": title}
        for title in rows
    ]


def users_by_ids(actor: Any, ids: list[int]) -> list[Any]:
    """The active accounts among ``ids`` that ``actor`` sees (and so may name); the others
    are left out, whether they exist or not."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.restrict(actor, "view")
    return list(users.filter(pk__in=ids, is_active=True))


def juror_scope(user: Any) -> QuerySet[Any]:
    """Accounts the organiser may name to a jury: the active ones they see (none without a
    user) — what the juror form's user picker offers and accepts."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if user is None:
        return users.none()
    return users.restrict(user, "view").filter(is_active=True)


def competencies() -> QuerySet[Any]:
    from cadre.competencies.models import Competency

    return Competency.objects.filter(is_category=False).order_by("code")


def organisations() -> QuerySet[Any]:
    """Every organisation (a serializer's field narrows it to the user's scope)."""
    from cadre.orgs.models import Organisation

    return Organisation.objects.all()


def category(pk: int) -> Category | None:
    return Category.objects.filter(pk=pk).select_related("contest").first()


def entry_row(pk: int) -> Application:
    """An entry just written by the user's own request (the answer of an API write)."""
    return Application.objects.select_related("contest").get(pk=pk)


def titles(ids: Any) -> dict[int, str]:
    return dict(Application.objects.filter(pk__in=list(ids)).values_list("pk", "title"))


def applicants_seen(user: Any) -> QuerySet[Any]:
    """The accounts that applied to contests whose entries ``user`` sees (talent's
    ``candidate_sources``)."""
    entries = Application.objects.restrict(user, "view").filter(is_calibration=False)
    return entries.values("applicant")


def finalists(path: str, since: dt.date, until: dt.date) -> list[str]:
    """The post group of the contest of every finalist and winner whose results were
    announced between ``since`` and ``until``, of contests organised in the subtree at
    ``path`` (counts only: the workforce forecast's supply)."""
    from cadre.contests.choices import Outcome
    from cadre.core.fields import subtree_q

    return list(
        Application.objects.filter(
            subtree_q("contest__organisation__path", path),
            outcome__in=(Outcome.WINNER, Outcome.FINALIST),
            is_calibration=False,
            contest__results_on__gte=since,
            contest__results_on__lte=until,
        ).values_list("contest__post_group", flat=True)
    )
