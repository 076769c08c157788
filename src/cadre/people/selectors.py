"""Reads about people: scoped lists and the registry indicators.

Every indicator is computed from the records (never typed) and has a drill-down: the same
query fragment that counts it filters the list behind it (``EmployeeFilterSet`` uses the
functions below), so a number and its rows can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cadre.core.fields import subtree_q
from cadre.core.scoping import reaches
from cadre.orgs.models import Organisation, Post
from cadre.people.choices import AssignmentKind, EducationLevel
from cadre.people.models import (
    Assignment,
    Education,
    Employee,
    OrganisationFigures,
    current_q,
)


def _has_it_specialty(on: dt.date | None = None) -> Exists:
    education = Education.objects.filter(employee=OuterRef("pk"), specialty__is_it=True)
    if on is not None:  # graduated by then (or the year is not known)
        education = education.filter(Q(year__isnull=True) | Q(year__lte=on.year))
    return Exists(education)


def _in_it_unit(kind: str = AssignmentKind.MAIN, on: dt.date | None = None) -> Exists:
    return Exists(
        Assignment.objects.filter(
            current_q(on=on),
            employee=OuterRef("pk"),
            kind=kind,
            post__organisation__is_it_unit=True,
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


def main_posts_in_force(on: dt.date | None = None) -> QuerySet[Assignment]:
    """The main assignments in force (today, or on ``on``) of the person of the outer
    query, latest first."""
    return Assignment.objects.filter(
        current_q(on=on), employee=OuterRef("pk"), kind=AssignmentKind.MAIN
    ).order_by("-start_date", "-pk")


def counts_at(on: dt.date | None = None) -> Coalesce:
    """The path of the organisation where a person counts, in every figure, list and
    roll-up (docs/registry.md): where their main post in force is; without one, where they
    are on the books. ``on`` a past day: the main post in force that day."""
    post = main_posts_in_force(on).values("post__organisation__path")[:1]
    return Coalesce(Subquery(post), F("organisation__path"))


def counted_within(
    qs: QuerySet[Employee], path: str, on: dt.date | None = None
) -> QuerySet[Employee]:
    """The people of ``qs`` who count in the subtree at ``path`` (``counts_at``), today or
    on ``on``. The first filter only narrows the search by indexes (people on its books or
    in its posts); the second decides."""
    posted_here = Assignment.objects.filter(
        current_q(on=on), subtree_q("post__organisation__path", path), kind=AssignmentKind.MAIN
    ).values("employee_id")
    near = subtree_q("organisation__path", path) | Q(pk__in=posted_here)
    return qs.filter(near).annotate(_counts_at=counts_at(on)).filter(subtree_q("_counts_at", path))


def employees_in(
    qs: QuerySet[Employee], root: Organisation | None, on: dt.date | None = None
) -> QuerySet[Employee]:
    """The people of ``qs`` who count in ``root``'s subtree (everyone when ``root`` is
    ``None``), in service or not: each figure says which it counts. ``on``: where they
    counted that day (a KPI measure reads the state at its period's end)."""
    return counted_within(qs, root.path, on) if root else qs


def it_staff(qs: QuerySet[Employee], on: dt.date | None = None) -> QuerySet[Employee]:
    """People whose main post in force (today, or on ``on``) is in an IT unit."""
    return qs.filter(_in_it_unit(on=on))


def with_it_specialty(
    qs: QuerySet[Employee], value: bool, on: dt.date | None = None
) -> QuerySet[Employee]:
    """People with (or without) an IT specialty; ``on``: graduated by that day's year."""
    has = _has_it_specialty(on)
    return qs.filter(has) if value else qs.exclude(has)


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


def with_flags(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    """What the people figures are made of, for each person: ``_it`` (main post in force in
    an IT unit), ``_spec`` (has an IT specialty), ``_conc`` (concurrent IT or digital-lead
    duty in force), ``_it_level`` (highest IT-specialty education)."""
    return qs.annotate(
        _it=_in_it_unit(),
        _spec=_has_it_specialty(),
        _conc=_concurrent_it(),
        _it_level=highest_it_level(),
    )


_IN_SERVICE = Q(is_active=True)
_IT = _IN_SERVICE & Q(_it=True)

# The people figures of the dashboard, by name: each one's rows are
# ``figure_rows(people, name)`` and its number is the count of those rows
# (``_parts`` counts them all at once). The dashboard links to ``?figure=<name>``.
PEOPLE_FIGURES: dict[str, Q] = {
    "headcount": _IN_SERVICE,
    "it_headcount": _IT,
    "it_without_it_specialty": _IT & Q(_spec=False),
    "concurrent_it_duties": _IN_SERVICE & Q(_conc=True),
    **{f"it_level_{level}": _IT & Q(_it_level=level) for level in EducationLevel.values},
}


def figure_rows(qs: QuerySet[Employee], name: str) -> QuerySet[Employee]:
    """The people of ``qs`` counted by the figure ``name`` (a key of ``PEOPLE_FIGURES``)."""
    return with_flags(qs).filter(PEOPLE_FIGURES[name])


def bodies_with_digital_lead(orgs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Organisations with a digital-lead post that someone holds (main or concurrent)."""
    held = Assignment.objects.filter(
        current_q(), post__organisation=OuterRef("pk"), post__is_digital_lead=True
    )
    return orgs.filter(Exists(held))


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
    """Posts with fewer main assignments in force than positions: the rows behind the
    "vacant places" figure, each with ``filled`` (its vacant places are positions − filled)."""
    if "filled" not in posts.query.annotations:
        posts = annotate_filled(posts)
    return posts.filter(filled__lt=F("positions"))  # type: ignore[misc]


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
    posts_with_vacancies: int = 0
    concurrent_it_duties: int = 0
    bodies_with_digital_lead: int = 0
    computed_at: dt.datetime | None = None  # set when read from the stored figures

    @property
    def share_without_it_specialty(self) -> float | None:
        if not self.it_headcount:
            return None
        return self.it_without_it_specialty / self.it_headcount


FIGURES = (
    "headcount",
    "it_headcount",
    "it_without_it_specialty",
    "it_units",
    "it_units_without_specialist",
    "positions",
    "filled",
    "vacancies",
    "posts_with_vacancies",
    "concurrent_it_duties",
    "bodies_with_digital_lead",
)


def indicators(*, user: Any, root: Organisation | None) -> Indicators:
    """The registry indicators over ``root``'s subtree, as far as ``user`` may see."""
    return indicator_breakdown(user=user, root=root, children=[])[0]


def indicator_breakdown(
    *, user: Any, root: Organisation | None, children: list[Organisation]
) -> tuple[Indicators, list[Indicators]]:
    """The indicators of ``root`` and of each of ``children`` (organisations under it).

    When the user sees the whole subtree of ``root`` (people, organisations and posts) and
    its figures have been computed, they are read from ``OrganisationFigures`` (one query,
    whatever the size); otherwise they are counted now, within what the user may see, from a
    handful of queries grouped by organisation and rolled up here.

    Either way the figures are read from the streaming replica when one is configured and
    caught up (core/replica.py, decision 0042), else from the primary: they are read-only
    aggregates that may be a few seconds old. Who may see what is still read from the
    primary."""
    from cadre.core.replica import read_alias

    using = read_alias()
    if root is not None and sees_whole_subtree(user, root):
        stored = precomputed([root, *children], using=using)
        if stored is not None:
            return stored[0], stored[1:]
    return counted_breakdown(user=user, root=root, children=children, using=using)


def counted_breakdown(
    *,
    user: Any,
    root: Organisation | None,
    children: list[Organisation],
    using: str = "default",
) -> tuple[Indicators, list[Indicators]]:
    """The indicators counted now from the records, within what ``user`` may see, on the
    database ``using``."""
    people = employees_in(Employee.objects.using(using).restrict(user, "view"), root)
    orgs = Organisation.objects.using(using).restrict(user, "view")
    posts = Post.objects.using(using).restrict(user, "view")
    if root is not None:
        orgs = orgs.filter(subtree_q("path", root.path))
        posts = posts.filter(subtree_q("organisation__path", root.path))
    parts = _parts(people, orgs, posts)
    total = _roll_up(parts)
    return total, [_roll_up(p for p in parts if p[0].startswith(c.path)) for c in children]


def sees_whole_subtree(user: Any, root: Organisation) -> bool:
    """Whether the user's view of people, organisations and posts covers all of ``root``'s
    subtree (reach is by subtree, so reaching the root reaches everything under it)."""
    return all(reaches(user, model, "view", root) for model in (Employee, Organisation, Post))


def precomputed(orgs: list[Organisation], using: str = "default") -> list[Indicators] | None:
    """The stored figures of ``orgs``, in order; ``None`` if any of them has none yet."""
    stored = OrganisationFigures.objects.using(using).filter(organisation__in=[o.pk for o in orgs])
    rows = {f.organisation_id: f for f in stored}
    if any(o.pk not in rows for o in orgs):
        return None
    out = []
    for org in orgs:
        row = rows[org.pk]
        figures = Indicators(
            **{name: getattr(row, name) for name in FIGURES},
            it_by_level={int(k): v for k, v in row.it_by_level.items()},
        )
        figures.computed_at = row.computed_at
        out.append(figures)
    return out


def figures_computed_at(root: Organisation) -> dt.datetime | None:
    return (
        OrganisationFigures.objects.filter(organisation=root)
        .values_list("computed_at", flat=True)
        .first()
    )


def figures_refresh() -> int:
    """Recompute the stored figures of every organisation from the records: the same
    grouped queries as a live count, over everything, rolled up to every ancestor.
    Returns the number of organisations written."""
    from django.db import transaction

    now = timezone.now()
    parts = _parts(Employee.objects.all(), Organisation.objects.all(), Post.objects.all())
    paths = dict(Organisation.objects.values_list("path", "pk"))
    totals: dict[str, list[tuple[str, dict[str, Any]]]] = {path: [] for path in paths}
    for path, values in parts:
        segments = path.strip("/").split("/")
        for depth in range(1, len(segments) + 1):
            ancestor = "/" + "/".join(segments[:depth]) + "/"
            if ancestor in totals:
                totals[ancestor].append((path, values))
    rows = []
    for path, own in totals.items():
        f = _roll_up(own)
        rows.append(
            OrganisationFigures(
                organisation_id=paths[path],
                computed_at=now,
                it_by_level={str(k): v for k, v in f.it_by_level.items()},
                **{name: getattr(f, name) for name in FIGURES},
            )
        )
    with transaction.atomic():
        OrganisationFigures.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["organisation"],
            update_fields=["computed_at", "it_by_level", *FIGURES],
        )
    return len(rows)


def _parts(
    people: QuerySet[Employee], orgs: QuerySet[Organisation], posts: QuerySet[Post]
) -> list[tuple[str, dict[str, Any]]]:
    """The indicators, counted per organisation path (not yet rolled up). Every figure is
    the count of the rows its list shows: ``PEOPLE_FIGURES`` for people (grouped by where
    each person counts, ``counts_at``), and the selectors above for organisations and
    posts."""
    parts: list[tuple[str, dict[str, Any]]] = []
    counted = ("headcount", "it_headcount", "it_without_it_specialty", "concurrent_it_duties")
    grouped = (
        with_flags(people)
        .annotate(_at=counts_at())
        .order_by()
        .values("_at")
        .annotate(**{name: Count("pk", filter=PEOPLE_FIGURES[name]) for name in counted})
    )
    parts.extend((row.pop("_at"), row) for row in grouped)
    # The ``it_level_<n>`` figures, grouped by level rather than counted one by one.
    levels = (
        with_flags(people)
        .filter(_IT & Q(_it_level__isnull=False))
        .annotate(_at=counts_at())
        .order_by()
        .values("_at", "_it_level")
        .annotate(n=Count("pk"))
    )
    parts.extend((row["_at"], {"level": (row["_it_level"], row["n"])}) for row in levels)
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
    for path, n, f in staffing:
        vacant = max(0, n - f)
        parts.append(
            (
                path,
                {
                    "positions": n,
                    "filled": f,
                    "vacancies": vacant,
                    "posts_with_vacancies": 1 if vacant else 0,
                },
            )
        )
    parts.extend(
        (path, {"bodies_with_digital_lead": 1})
        for path in bodies_with_digital_lead(orgs).values_list("path", flat=True)
    )
    return parts


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


def acts_for(actor: Any, model: Any, action: str, employee: Any) -> bool:
    """Whether ``actor`` is someone other than the person whose grants for ``action`` on
    ``model`` reach the person's organisation: their manager or HR officer, never the
    person acting on their own behalf."""
    return employee.user_id != getattr(actor, "pk", None) and reaches(
        actor, model, action, employee.organisation
    )


def with_export_records(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    """People with what their export row needs: the posts they hold now
    (``export_in_force``) and their education (``export_education``), in three queries."""
    return qs.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(current_q()).select_related("post"),
            to_attr="export_in_force",
        ),
        Prefetch(
            "education",
            queryset=Education.objects.select_related("specialty"),
            to_attr="export_education",
        ),
    )


def access_employee(user: Any, pk: Any, action: str = "view") -> Employee:
    """The person ``pk`` with their organisation if ``user`` may do ``action`` on them, else
    the one "not found" (``cadre.core.access``)."""
    from cadre.core.access import access

    return access(Employee.objects.select_related("organisation"), user, pk, action)


def headed_paths(user: Any) -> list[str]:
    """The paths of the units whose head post the user holds now (line management,
    decision 0016): a head manages the people of the unit and of the units under it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return sorted(
        set(
            Assignment.objects.filter(
                current_q(), employee__user=user, post__is_head=True
            ).values_list("post__organisation__path", flat=True)
        )
    )


def organisations_of(employee_ids: list[int]) -> dict[int, int]:
    """The organisation keeping each person's books, by employee id."""
    out: dict[int, int] = {}
    for start in range(0, len(employee_ids), 5000):
        chunk = employee_ids[start : start + 5000]
        out.update(Employee.objects.filter(pk__in=chunk).values_list("pk", "organisation_id"))
    return out


# --- measures for KPIs (registered in app.py, core/measures.py) ----------------------------


def it_specialty_share(
    *, organisation: Organisation | None, employee: Employee | None, start: Any, end: Any
) -> Any:
    """The share (per cent) of the IT staff counted in the organisation's subtree at the
    period's end (people whose main post in force on ``end``, or today if the period has
    not ended, is in an IT unit) who had an IT specialty by then (graduated by that year,
    or the year unknown); the rows are those IT staff. ``None`` when the subtree had no IT
    staff."""
    from decimal import ROUND_HALF_UP, Decimal

    from cadre.core.measures import MeasureResult, as_of

    assert organisation is not None
    day = as_of(end)
    staff = it_staff(employees_in(Employee.objects.all(), organisation, day), day)
    ids = list(staff.values_list("pk", flat=True))
    if not ids:
        return MeasureResult(None, "people.employee")
    with_it = with_it_specialty(Employee.objects.filter(pk__in=ids), True, day).count()
    share = (Decimal(with_it) * 100 / len(ids)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return MeasureResult(share, "people.employee", tuple(ids))


def user_ids_by_personal_id(personal_id: str) -> list[int]:
    """The active user accounts linked to the person with this national identifier — for
    single sign-on matching a provider's verified identifier claim (identity app). A system
    read made before anyone is signed in, so not scoped to a user."""
    if not personal_id:
        return []
    return list(
        Employee.objects.filter(
            personal_id=personal_id, user__isnull=False, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def stored_figures_of(
    organisation_ids: list[int], names: tuple[str, ...]
) -> dict[int, tuple[int, ...]]:
    """The stored registry figures ``names`` of these organisations' subtrees, by id (those
    not yet computed are missing) — analytics reads them in bulk (decision 0037). A system
    read: the caller scopes what it shows."""
    unknown = set(names) - set(FIGURES)
    if unknown:
        raise ValueError(f"unknown figures: {sorted(unknown)}")
    out: dict[int, tuple[int, ...]] = {}
    for start in range(0, len(organisation_ids), 10_000):
        chunk = organisation_ids[start : start + 10_000]
        for row in OrganisationFigures.objects.filter(organisation_id__in=chunk).values_list(
            "organisation_id", *names
        ):
            out[row[0]] = tuple(row[1:])
    return out


def pick(user: Any, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """What the person picker offers for ``text``: up to ``limit`` people ``user`` may see
    whose last, first or middle name holds every word typed, each with their organisation."""
    words = text.split()
    if not words:
        return []
    match = Q()
    for word in words[:4]:
        match &= (
            Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(middle_name__icontains=word)
        )
    found = (
        Employee.objects.restrict(user, "view")
        .filter(match)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")[:limit]
    )
    return [{"id": e.pk, "name": str(e), "path": e.organisation.display_name} for e in found]


def main_posts_by_birth(path: str) -> list[tuple[int, str, int, int, int]]:
    """People holding a main post in force in the subtree at ``path``, counted by post,
    gender and month of birth: ``(post id, gender, birth year, birth month, count)`` —
    aggregated counts for the retirement forecast, no personal data."""
    from django.db.models.functions import ExtractMonth, ExtractYear

    return list(
        Assignment.objects.filter(
            current_q(), subtree_q("post__organisation__path", path), kind=AssignmentKind.MAIN
        )
        .values_list(
            "post_id",
            "employee__gender",
            ExtractYear("employee__birth_date"),
            ExtractMonth("employee__birth_date"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
