"""What the staffing app lets others read (the analytics app among them): the version in
force per body, units, payroll and vacancies per body with their flags, limits, scenarios
and their results. Every list is limited to what the user may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cadre.competitions.choices import OPEN_STAGES
from cadre.competitions.models import Competition
from cadre.core.fields import subtree_q
from cadre.core.permissions import DataClass, can, sees_class
from cadre.orgs.models import Organisation, Post
from cadre.people.choices import AssignmentKind
from cadre.people.models import Assignment, current_q
from cadre.staffing.choices import TableStatus
from cadre.staffing.models import Scenario, StaffingLimit, StaffingLine, StaffingTable

RESTRICTED_ACTION = "read_restricted"


def minor(amount: Decimal) -> int:
    """An amount in minor units (kopecks, tiyn), for sums without rounding drift."""
    return int((amount * 100).to_integral_value())


def in_force_q(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": TableStatus.APPROVED, f"{prefix}effective_from__lte": on}) & (
        Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gte": on})
    )


def tables_for(user: Any, action: str = "view") -> QuerySet[StaffingTable]:
    return StaffingTable.objects.restrict(user, action).select_related("organisation")


def lines_for(user: Any, action: str = "view") -> QuerySet[StaffingLine]:
    return StaffingLine.objects.restrict(user, action).select_related(
        "table__organisation", "post__organisation"
    )


def limits_for(user: Any, action: str = "view") -> QuerySet[StaffingLimit]:
    return StaffingLimit.objects.restrict(user, action).select_related("organisation")


def scenarios_for(user: Any, action: str = "view") -> QuerySet[Scenario]:
    return Scenario.objects.restrict(user, action).select_related("organisation")


def current_tables(
    user: Any, *, within: Organisation | None = None, on: dt.date | None = None
) -> QuerySet[StaffingTable]:
    """The version in force on ``on`` (today) of every body the user sees (in ``within``)."""
    qs = tables_for(user).filter(in_force_q(on or timezone.localdate()))
    return qs.filter(subtree_q("organisation__path", within.path)) if within else qs


def current_table(organisation: Organisation, on: dt.date | None = None) -> StaffingTable | None:
    """The body's version in force (no scope check: the caller has checked the body)."""
    return (
        StaffingTable.objects.filter(
            in_force_q(on or timezone.localdate()), organisation=organisation
        )
        .order_by("-effective_from")
        .first()
    )


def sees_restricted(user: Any) -> bool:
    """Whether the user may read the text of restricted acts."""
    return can(user, "staffing.staffinglimit", RESTRICTED_ACTION)


def act_text(user: Any, limit: StaffingLimit) -> str | None:
    """The act's text, or ``None`` when it is restricted and the user lacks the right."""
    return None if limit.restricted and not sees_restricted(user) else limit.act_text


def limit_in_force(organisation: Organisation, on: dt.date | None = None) -> StaffingLimit | None:
    return (
        StaffingLimit.objects.filter(
            organisation=organisation, effective_from__lte=on or timezone.localdate()
        )
        .order_by("-effective_from")
        .first()
    )


def occupied_by_post(post_ids: list[int], on: dt.date | None = None) -> dict[int, int]:
    """People holding each post as their main post on ``on`` (today)."""
    rows = (
        Assignment.objects.filter(current_q(on=on), kind=AssignmentKind.MAIN, post_id__in=post_ids)
        .values("post_id")
        .annotate(n=Count("pk"))
    )
    return {r["post_id"]: r["n"] for r in rows}


def open_competitions_by_post(post_ids: list[int]) -> dict[int, int]:
    """Competitions still running for a vacancy on each post (those places are spoken for)."""
    rows = (
        Competition.objects.filter(stage__in=OPEN_STAGES, vacancy__post_id__in=post_ids)
        .values("vacancy__post_id")
        .annotate(n=Count("pk"))
    )
    return {r["vacancy__post_id"]: r["n"] for r in rows}


@dataclass
class LineFigures:
    line: StaffingLine
    occupied: int
    competitions: int
    vacancies: Decimal
    over: bool  # more people than units


@dataclass
class BodyFigures:
    """A body's table in force and what it holds: units, payroll (minor units), occupied,
    vacancies (approved units − occupied − open competitions), and the flags."""

    organisation: Organisation
    table: StaffingTable | None
    limit: StaffingLimit | None
    units: Decimal = Decimal(0)
    payroll_minor: int = 0
    currency: str = ""
    occupied: int = 0
    competitions: int = 0
    vacancies: Decimal = Decimal(0)
    lines: list[LineFigures] = field(default_factory=list)
    unfunded_posts: list[int] = field(default_factory=list)

    @property
    def over_headcount_limit(self) -> bool:
        return self.limit is not None and self.units > self.limit.headcount

    @property
    def over_payroll_limit(self) -> bool:
        return self.limit is not None and self.payroll_minor > minor(self.limit.payroll)

    @property
    def over_lines(self) -> list[LineFigures]:
        return [f for f in self.lines if f.over]


def _fill(
    figures: BodyFigures,
    lines: list[StaffingLine],
    occupied: dict[int, int],
    competitions: dict[int, int],
) -> None:
    for line in lines:
        taken = occupied.get(line.post_id, 0)
        running = competitions.get(line.post_id, 0)
        vacant = max(line.units - taken - running, Decimal(0))
        figures.lines.append(LineFigures(line, taken, running, vacant, taken > line.units))
        figures.units += line.units
        figures.payroll_minor += minor((line.salary + line.supplements) * line.units)
        figures.currency = line.currency
        figures.occupied += taken
        figures.competitions += running
        figures.vacancies += vacant


def body_figures(organisation: Organisation, on: dt.date | None = None) -> BodyFigures:
    """The figures of one body (the caller has checked the user sees it)."""
    table = current_table(organisation, on)
    figures = BodyFigures(organisation, table, limit_in_force(organisation, on))
    if table is None:
        return figures
    lines = list(table.lines.select_related("post__organisation"))
    post_ids = [line.post_id for line in lines]
    _fill(figures, lines, occupied_by_post(post_ids, on), open_competitions_by_post(post_ids))
    # Unfunded: people on posts of the body that its table in force does not list.
    listed = set(post_ids)
    held = (
        Assignment.objects.filter(
            current_q(on=on),
            kind=AssignmentKind.MAIN,
            post__organisation__path__startswith=organisation.path,
        )
        .exclude(post_id__in=listed)
        .values_list("post_id", flat=True)
        .distinct()
    )
    figures.unfunded_posts = sorted(held)
    return figures


def figures_by_body(
    user: Any, *, within: Organisation | None = None, on: dt.date | None = None
) -> list[BodyFigures]:
    """Units, payroll and vacancies of every body with a table in force that the user sees
    (the analytics app's input), in a few queries whatever the number of bodies."""
    tables = list(current_tables(user, within=within, on=on))
    by_table: dict[int, list[StaffingLine]] = defaultdict(list)
    for line in StaffingLine.objects.filter(table__in=tables).select_related("post"):
        by_table[line.table_id].append(line)
    post_ids = [line.post_id for lines in by_table.values() for line in lines]
    occupied = occupied_by_post(post_ids, on)
    competitions = open_competitions_by_post(post_ids)
    limits: dict[int, StaffingLimit] = {}
    for limit in StaffingLimit.objects.filter(
        organisation_id__in=[t.organisation_id for t in tables],
        effective_from__lte=on or timezone.localdate(),
    ).order_by("effective_from"):
        limits[limit.organisation_id] = limit
    out = []
    for table in tables:
        figures = BodyFigures(table.organisation, table, limits.get(table.organisation_id))
        _fill(figures, by_table[table.pk], occupied, competitions)
        out.append(figures)
    return out


def scenario_results(scenario: Scenario) -> dict[str, Any]:
    """The figures computed for a scenario (``docs/staffing.md``, "What a scenario shows")."""
    return dict(scenario.results or {})


def table_figures(table: StaffingTable, on: dt.date | None = None) -> BodyFigures:
    """A version's lines with today's occupancy, open competitions and vacancies."""
    figures = BodyFigures(table.organisation, table, limit_in_force(table.organisation, on))
    lines = list(table.lines.select_related("post__organisation"))
    post_ids = [line.post_id for line in lines]
    _fill(figures, lines, occupied_by_post(post_ids, on), open_competitions_by_post(post_ids))
    return figures


def scenario_lines(scenario: Scenario) -> QuerySet[Any]:
    """The lines a scenario cuts, with their post and body."""
    from cadre.staffing.models import ScenarioLine

    return (
        ScenarioLine.objects.filter(scenario=scenario, cut_units__gt=0)
        .select_related("post", "body")
        .order_by("body__path", "post__title", "id")
    )


def all_organisations() -> QuerySet[Organisation]:
    """Every organisation (a serializer's field restricts it to the user's scope)."""
    return Organisation.objects.all()


def all_posts() -> QuerySet[Post]:
    return Post.objects.all()


def all_tables() -> QuerySet[StaffingTable]:
    return StaffingTable.objects.all()


def posts_for(user: Any, within: Organisation | None = None) -> QuerySet[Post]:
    """The posts the user sees (in ``within``'s subtree): those a line may name."""
    qs = Post.objects.restrict(user, "view")
    return qs.filter(subtree_q("organisation__path", within.path)) if within else qs


def table_lines(table: StaffingTable) -> QuerySet[StaffingLine]:
    return StaffingLine.objects.filter(table=table)


def sees_pay(user: Any, organisation: Organisation) -> bool:
    """Whether ``user`` sees the pay figures (salaries, payroll) of ``organisation``'s staffing:
    a role granted the pay class over that organisation, not anywhere (a user who is HR in
    one body and a manager in another sees salaries in the first only)."""
    return bool(getattr(user, "is_authenticated", False)) and sees_class(
        user, DataClass.PAY, organisation.path
    )


def sees_ages(user: Any, organisation: Organisation) -> bool:
    """Whether the workforce forecast of ``organisation`` may count retirements for
    ``user``: they count people by age, so only with the personal class over it."""
    return bool(getattr(user, "is_authenticated", False)) and sees_class(
        user, DataClass.PERSONAL, organisation.path
    )


def demand_root(user: Any, pk: Any = None) -> Organisation:
    """The region or body a workforce forecast is about: ``pk`` if the user may read the
    forecast there (graduate figures' view over it), else refused with the reason; without
    ``pk``, the highest the user reaches."""
    from django.utils.translation import gettext as _

    from cadre.core.errors import ApplicationError
    from cadre.core.scoping import reach_for, reaches
    from cadre.staffing.models import GraduateSupply

    if pk not in (None, ""):
        root = None
        if str(pk).isascii() and str(pk).isdigit():
            root = Organisation.objects.filter(pk=int(pk)).first()
        if root is None or not reaches(user, GraduateSupply, "view", root):
            raise ApplicationError(
                _("This organisation is not in your scope (or does not exist): no forecast of it."),
                field="org",
                code="scope",
            )
        return root
    reach = reach_for(user, GraduateSupply, "view")
    qs = Organisation.objects.all()
    if not reach.everything:
        qs = qs.filter(path__in=reach.paths)
    top = qs.order_by("depth", "name", "pk").first()
    if top is None:
        raise ApplicationError(
            _("You may not read the workforce forecast of any organisation."),
            field="org",
            code="scope",
        )
    return top


def graduates_for(user: Any, action: str = "view") -> QuerySet[Any]:
    from cadre.staffing.models import GraduateSupply

    return GraduateSupply.objects.restrict(user, action).select_related("organisation")


def children_of(root: Organisation, limit: int = 60) -> list[Organisation]:
    """The organisations just below ``root`` (the forecast page links to theirs)."""
    return list(Organisation.objects.filter(parent=root).order_by("name", "pk")[:limit])
