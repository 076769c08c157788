"""Reads about people: scoped lists and the registry indicators.

Every indicator is computed from the records (never typed) and has a drill-down: the same
query fragment that counts it filters the list behind it (``EmployeeFilterSet`` uses the
functions below), so a number and its rows can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cadre.core.fields import subtree_q
from cadre.orgs.models import Organisation, Post
from cadre.people.choices import AssignmentKind, EducationLevel
from cadre.people.models import Assignment, Education, Employee


def current_q(prefix: str = "", on: dt.date | None = None) -> Q:
    """Assignments in force on ``on`` (today by default)."""
    day = on or timezone.localdate()
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def _has_it_specialty() -> Exists:
    return Exists(Education.objects.filter(employee=OuterRef("pk"), specialty__is_it=True))


def _in_it_unit(kind: str = AssignmentKind.MAIN) -> Exists:
    return Exists(
        Assignment.objects.filter(
            current_q(), employee=OuterRef("pk"), kind=kind, post__organisation__is_it_unit=True
        )
    )


def _concurrent_it() -> Exists:
    return Exists(
        Assignment.objects.filter(
            current_q(),
            Q(post__organisation__is_it_unit=True) | Q(post__is_digital_lead=True),
            employee=OuterRef("pk"),
            kind=AssignmentKind.CONCURRENT,
        )
    )


def employees_in(qs: QuerySet[Employee], root: Organisation | None) -> QuerySet[Employee]:
    qs = qs.filter(is_active=True)
    return qs.filter(subtree_q("organisation__path", root.path)) if root else qs


def it_staff(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    """People whose main post in force is in an IT unit."""
    return qs.filter(_in_it_unit())


def with_it_specialty(qs: QuerySet[Employee], value: bool) -> QuerySet[Employee]:
    return qs.filter(_has_it_specialty()) if value else qs.exclude(_has_it_specialty())


def with_concurrent_it_duty(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    return qs.filter(_concurrent_it())


def highest_it_level() -> Subquery:
    """The highest level among a person's IT-specialty education (a correlated subquery)."""
    return Subquery(
        Education.objects.filter(employee=OuterRef("pk"), specialty__is_it=True)
        .values("employee")
        .annotate(m=Max("level"))
        .values("m")
    )


def with_highest_it_level(qs: QuerySet[Employee], level: int) -> QuerySet[Employee]:
    """People whose highest IT-specialty education is ``level``."""
    return qs.annotate(_it_level=highest_it_level()).filter(_it_level=level)


def it_units_without_specialist(orgs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """IT units in which nobody in post (main or concurrent) holds an IT specialty."""
    staffed_by_specialist = Assignment.objects.filter(
        current_q(),
        post__organisation=OuterRef("pk"),
        employee__is_active=True,
        employee__education__specialty__is_it=True,
    )
    return orgs.filter(is_it_unit=True).exclude(Exists(staffed_by_specialist))


def posts_with_vacancies(posts: QuerySet[Post]) -> QuerySet[Post]:
    return annotate_filled(posts).filter(filled__lt=F("positions"))  # type: ignore[misc]


def annotate_filled(posts: QuerySet[Post]) -> QuerySet[Post]:
    """``filled``: main assignments in force on each post (a subquery, so it can be summed)."""
    in_force = (
        Assignment.objects.filter(current_q(), post=OuterRef("pk"), kind=AssignmentKind.MAIN)
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return posts.annotate(filled=Coalesce(Subquery(in_force), Value(0)))


@dataclass
class Indicators:
    headcount: int = 0
    it_headcount: int = 0
    it_without_it_specialty: int = 0
    it_by_level: dict[int, int] = field(default_factory=dict)
    it_units: int = 0
    it_units_without_specialist: int = 0
    positions: int = 0
    filled: int = 0
    vacancies: int = 0
    concurrent_it_duties: int = 0
    bodies_with_digital_lead: int = 0

    @property
    def share_without_it_specialty(self) -> float | None:
        if not self.it_headcount:
            return None
        return self.it_without_it_specialty / self.it_headcount


def indicators(*, user: Any, root: Organisation | None) -> Indicators:
    """The registry indicators over ``root``'s subtree, as far as ``user`` may see."""
    return indicator_breakdown(user=user, root=root, children=[])[0]


def indicator_breakdown(
    *, user: Any, root: Organisation | None, children: list[Organisation]
) -> tuple[Indicators, list[Indicators]]:
    """The indicators of ``root`` and of each of ``children`` (organisations under it), from
    a handful of queries grouped by organisation and rolled up here, whatever the number of
    children."""
    people = employees_in(Employee.objects.restrict(user, "view"), root)
    orgs = Organisation.objects.restrict(user, "view")
    posts = Post.objects.restrict(user, "view")
    if root is not None:
        orgs = orgs.filter(subtree_q("path", root.path))
        posts = posts.filter(subtree_q("organisation__path", root.path))
    parts: list[tuple[str, dict[str, Any]]] = []

    flagged = people.annotate(
        _it=_in_it_unit(), _spec=_has_it_specialty(), _conc=_concurrent_it()
    ).order_by()
    grouped = flagged.values("organisation__path").annotate(
        headcount=Count("pk"),
        it_headcount=Count("pk", filter=Q(_it=True)),
        it_without_it_specialty=Count("pk", filter=Q(_it=True, _spec=False)),
        concurrent_it_duties=Count("pk", filter=Q(_conc=True)),
    )
    parts.extend((row.pop("organisation__path"), row) for row in grouped)
    levels = (
        with_it_specialty(it_staff(people), True)
        .annotate(_it_level=highest_it_level())
        .values("organisation__path", "_it_level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    parts.extend(
        (row["organisation__path"], {"level": (row["_it_level"], row["n"])}) for row in levels
    )
    parts.extend(
        (path, {"it_units": 1})
        for path in orgs.filter(is_it_unit=True).values_list("path", flat=True)
    )
    parts.extend(
        (path, {"it_units_without_specialist": 1})
        for path in it_units_without_specialist(orgs).values_list("path", flat=True)
    )
    staffing = annotate_filled(posts).values_list(  # type: ignore[misc]
        "organisation__path", "positions", "filled"
    )
    parts.extend(
        (path, {"positions": n, "filled": f, "vacancies": max(0, n - f)}) for path, n, f in staffing
    )
    leads = (
        Assignment.objects.filter(current_q(), post__in=posts.filter(is_digital_lead=True))
        .values_list("post__organisation__path", flat=True)
        .distinct()
    )
    parts.extend((path, {"bodies_with_digital_lead": 1}) for path in leads)

    total = _roll_up(parts)
    return total, [_roll_up(p for p in parts if p[0].startswith(c.path)) for c in children]


def _roll_up(parts: Any) -> Indicators:
    out = Indicators(it_by_level=dict.fromkeys(EducationLevel.values, 0))
    for _, values in parts:
        for name, value in values.items():
            if name == "level":
                level, n = value
                out.it_by_level[level] = out.it_by_level.get(level, 0) + n
            else:
                setattr(out, name, getattr(out, name) + value)
    return out
