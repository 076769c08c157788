"""What ratings put on a home page (decision 0028): citizens' comments to moderate and to
answer before their date, and ratings held for review — counted over the ratings the user
may act on, as the comments and held pages list them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadre.core.permissions import can
from cadre.core.registry import FIGURE, TASK, HomeItem
from cadre.ratings.choices import CommentStatus, RatingStatus
from cadre.ratings.models import EmployeeScore, Rating


def to_handle(user: Any) -> Iterator[HomeItem]:
    if not can(user, "ratings.rating", "change"):
        return
    unanswered = Q(
        comment_status=CommentStatus.PUBLISHED, answered_at__isnull=True, answer_due__isnull=False
    )
    row = Rating.objects.restrict(user, "change").aggregate(
        moderate=Count("pk", filter=Q(comment_status=CommentStatus.PENDING)),
        moderate_due=Min("answer_due", filter=Q(comment_status=CommentStatus.PENDING)),
        answer=Count("pk", filter=unanswered),
        answer_due=Min("answer_due", filter=unanswered),
        held=Count("pk", filter=Q(status=RatingStatus.HELD)),
    )
    comments = reverse("ratings:comments")
    if row["moderate"]:
        yield HomeItem(
            TASK,
            _("Moderate citizens' comments"),
            comments,
            count=row["moderate"],
            due=row["moderate_due"],
        )
    if row["answer"]:
        yield HomeItem(
            TASK,
            _("Answer citizens' comments"),
            comments + "?status=" + CommentStatus.PUBLISHED,
            count=row["answer"],
            due=row["answer_due"],
        )
    if row["held"]:
        yield HomeItem(
            TASK, _("Review ratings held for review"), reverse("ratings:held"), count=row["held"]
        )


def my_score(user: Any) -> Iterator[HomeItem]:
    """An employee's own fair score, as their rating page explains it."""
    employee = getattr(user, "employee", None) if user.is_authenticated else None
    if employee is None:
        return
    score = EmployeeScore.objects.filter(employee=employee).first()
    if score is None or not score.ratings:
        return
    yield HomeItem(
        FIGURE,
        _("Citizens' rating of your service"),
        reverse("ratings:mine"),
        value=f"{score.mean:.1f} / 5".replace(".", get_format("DECIMAL_SEPARATOR"), 1),
        note=ngettext("%(n)d rating counted", "%(n)d ratings counted", score.ratings)
        % {"n": score.ratings},
    )
