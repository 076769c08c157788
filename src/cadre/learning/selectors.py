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


def certificates_earned(*, organisation: Any, employee: Any, start: Any, end: Any) -> Any:
    """KPI measure: the certificates (not revoked) issued from ``start`` to ``end`` to the
    person, or to the people counted in the organisation's subtree at the period's end
    (``as_of``; someone who left after it still counts, who joined after does not); the
    rows are those certificates."""
    from decimal import Decimal

    from cadre.core.measures import MeasureResult, as_of
    from cadre.learning.models import Certificate
    from cadre.people.models import Employee
    from cadre.people.selectors import employees_in

    qs = Certificate.objects.filter(
        issued_on__gte=start, issued_on__lte=end, revoked_at__isnull=True
    )
    if employee is not None:
        qs = qs.filter(employee=employee)
    else:
        people = employees_in(Employee.objects.all(), organisation, as_of(end))
        qs = qs.filter(employee__in=people.values("pk"))
    ids = tuple(qs.order_by("pk").values_list("pk", flat=True))
    return MeasureResult(Decimal(len(ids)), "learning.certificate", ids)


def certificates_earned_many(*, employee_ids: list[int], start: Any, end: Any) -> dict[int, Any]:
    """``certificates_earned`` of each of these people, in one query."""
    from decimal import Decimal

    from cadre.core.measures import MeasureResult
    from cadre.learning.models import Certificate

    found: dict[int, list[int]] = {pk: [] for pk in employee_ids}
    rows = Certificate.objects.filter(
        employee_id__in=employee_ids,
        issued_on__gte=start,
        issued_on__lte=end,
        revoked_at__isnull=True,
    ).order_by("pk")
    for employee_id, pk in rows.values_list("employee_id", "pk"):
        found[employee_id].append(pk)
    return {
        e: MeasureResult(Decimal(len(ids)), "learning.certificate", tuple(ids))
        for e, ids in found.items()
    }


def trained_by_path(*, since: Any) -> list[tuple[str, int]]:
    """The people who completed a course since ``since``, counted by the path of their
    organisation (analytics' training coverage, decision 0037). A system read: the caller
    scopes what it shows."""
    from django.db.models import Count

    return list(
        Enrolment.objects.filter(completed_at__gte=since)
        .order_by()
        .values_list("employee__organisation__path")
        .annotate(n=Count("employee", distinct=True))
    )


def targets_under(user: Any, path: str) -> QuerySet[Any]:
    """The training targets of the subtree at ``path`` that ``user`` may see (analytics)."""
    from cadre.core.fields import subtree_q
    from cadre.learning.models import TrainingTarget

    return (
        TrainingTarget.objects.restrict(user, "view")
        .filter(subtree_q("organisation__path", path))
        .select_related("organisation", "course")
        .order_by("due_on", "pk")
    )


def _taken() -> Any:
    """Places taken in the session of the outer query (requested or enrolled)."""
    from django.db.models import Count, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from cadre.learning.choices import ACTIVE_ENROLMENT

    rows = (
        Enrolment.objects.filter(session=OuterRef("pk"), status__in=ACTIVE_ENROLMENT)
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), Value(0))


def with_free_places(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Each session with ``free``: its places not requested or taken (never below 0)."""
    from django.db.models import F

    return sessions.annotate(taken=_taken()).annotate(free=F("capacity") - F("taken"))


def upcoming(*, today: Any) -> QuerySet[Session]:
    """Sessions not started yet, the soonest first, each with its free places."""
    return with_free_places(Session.objects.filter(starts_on__gte=today)).order_by(
        "starts_on", "pk"
    )


def with_next_session(courses: QuerySet[Any], *, today: Any) -> QuerySet[Any]:
    """Each course with ``upcoming_sessions`` (not started yet), and the date and free
    places of the soonest of them (``next_session_on``, ``next_session_free``)."""
    from django.db.models import Count, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    soonest = upcoming(today=today).filter(course=OuterRef("pk"))
    count = (
        Session.objects.filter(course=OuterRef("pk"), starts_on__gte=today)
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return courses.annotate(
        upcoming_sessions=Coalesce(Subquery(count), Value(0)),
        next_session_on=Subquery(soonest.values("starts_on")[:1]),
        next_session_free=Subquery(soonest.values("free")[:1]),  # type: ignore[misc]
    )


def next_open_sessions(course_ids: list[int], *, today: Any) -> dict[int, Session]:
    """The soonest session of each course not started yet with a free place."""
    out: dict[int, Session] = {}
    open_ = upcoming(today=today).filter(course_id__in=course_ids, free__gt=0)  # type: ignore[misc]
    for session in open_:
        out.setdefault(session.course_id, session)
    return out


def completions_due(path: str, start: Any, end: Any) -> list[tuple[int, Any]]:
    """``(course id, session's last day)`` of every enrolment still running (requested or
    enrolled) of someone kept in the subtree at ``path`` whose session ends between
    ``start`` and ``end``: the training the workforce forecast expects to complete."""
    from cadre.core.fields import subtree_q
    from cadre.learning.choices import ACTIVE_ENROLMENT

    return list(
        Enrolment.objects.filter(
            subtree_q("employee__organisation__path", path),
            status__in=ACTIVE_ENROLMENT,
            session__ends_on__gte=start,
            session__ends_on__lte=end,
        ).values_list("session__course_id", "session__ends_on")
    )


def course_outcomes(course_ids: Any) -> dict[int, list[tuple[str, int]]]:
    """What each course builds: ``[("FRAMEWORK:CODE", level), …]``, highest level first."""
    from cadre.learning.models import CourseOutcome

    out: dict[int, list[tuple[str, int]]] = {}
    rows = (
        CourseOutcome.objects.filter(course_id__in=list(course_ids))
        .order_by("course_id", "-level", "competency__position", "pk")
        .values_list("course_id", "competency__framework__code", "competency__code", "level")
    )
    for course_id, fw, code, level in rows:
        out.setdefault(course_id, []).append((f"{fw}:{code}", level))
    return out
