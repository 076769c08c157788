"""Reads: what a user may see of sessions and their participants."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cadre.learning.models import Enrolment, Session


def enrolment_list(*, user: Any, session: Session | None = None) -> QuerySet[Enrolment]:
    """The enrolments ``user`` may see (``GET /api/v1/enrolments/`` lists the same rows):
    those of the people in their scope, their own, and — for a training provider — everyone
    in the sessions it runs (those it may change), whom it records results for."""
    runs = Session.objects.restrict(user, "change")
    qs = Enrolment.objects.restrict(user, "view") | Enrolment.objects.filter(session__in=runs)
    if session is not None:
        qs = qs.filter(session=session)
    return qs
