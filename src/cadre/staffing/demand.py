"""Workforce demand: which specialists, how many, from where (issue 22; docs/staffing.md,
"Workforce demand"; decision 0043).

For a subtree (a region or a body) and the next one to three calendar years, per
competency family (a top category of a published framework), the **demand** lines —

- ``planned``: staff units the approved versions coming into force in the year add (or
  remove) against the version before them, less the units the approved scenarios (not yet
  applied) cut, counted in the first year;
- ``vacant``: units vacant now in the tables in force (units − people in post − open
  competitions), to be filled in the first year;
- ``vacancies``: vacancies expected to open in the year at the current pace (a linear trend
  of those opened in the last three years, this one included);
- ``retirements``: people in post who reach the retirement age of their country and gender
  in the year (``CADRE_RETIREMENT_AGES``), counted, never listed —

against the **supply** lines —

- ``reserve``: active entries of the talent reserve (first year);
- ``training``: enrolments still running whose session ends in the year (the first year
  also takes those ending from today to its start);
- ``finalists``: contest winners and finalists announced in the last twelve months (first
  year);
- ``graduates``: the figures entered for the year, or where none is entered, the linear
  trend of the years entered.

The **gap** is demand − supply. A post's family is that of the highest-weight requirement
of its standard in force; a reserve entry's or a contest's post group takes the family most
of the subtree's posts of that group have; a course's, that of the competency it builds to
the highest level. What has no family counts under "Not classified"."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from cadre.competencies import selectors as competencies
from cadre.contests import selectors as contests
from cadre.core.errors import ApplicationError
from cadre.core.fields import subtree_q
from cadre.learning import selectors as learning
from cadre.orgs.models import Organisation, Post
from cadre.people import selectors as people
from cadre.staffing.choices import ScenarioStatus, TableStatus
from cadre.staffing.models import GraduateSupply, ScenarioLine, StaffingLine, StaffingTable
from cadre.staffing.selectors import in_force_q, occupied_by_post, open_competitions_by_post
from cadre.talent import selectors as talent

UNCLASSIFIED = ""
BASE_YEARS = 3  # the complete years before this one that the pace of vacancies is measured over
MAX_HORIZON = 3
DEMAND = (
    ("planned", _l("Posts planned (approved versions and scenarios)")),
    ("vacant", _l("Units vacant now")),
    ("vacancies", _l("Vacancies expected at the current pace")),
    ("retirements", _l("Reaching retirement age")),
)
SUPPLY = (
    ("reserve", _l("Talent reserve")),
    ("training", _l("Training completing")),
    ("finalists", _l("Contest winners and finalists")),
    ("graduates", _l("Graduates of partner institutions")),
)
LINES = tuple(k for k, _label in DEMAND + SUPPLY)
ZERO = Decimal(0)


def method_text(*, ages: bool = True) -> str:
    text = _(
        "Demand = posts planned (approved staffing versions coming into force, less the cuts "
        "of approved scenarios, in the first year; changes due later this year count in the "
        "first year) + units vacant now (first year) + vacancies expected at the current pace "
        "+ people reaching retirement age (in the first year also those reaching it later "
        "this year). Supply = the active talent reserve, contest winners and finalists of the "
        "last twelve months (first year) + training completing in the year + graduates. "
        "Gap = demand − supply. “At the current pace”: the least-squares line through the "
        "vacancies opened in each of the last three complete years, and for graduates through "
        "the years entered, extended to the year, never below zero, rounded to whole people; "
        "such cells are marked *. Lines may overlap: vacancies of the past include those left "
        "by retirements, and a finalist may also be in the reserve."
    )
    if not ages:
        text += " " + _(
            "Retirements are counted only for readers granted personal data over this "
            "organisation: they are left out here."
        )
    return text


def parse_horizon(value: Any) -> int:
    """The horizon in years, 1 to 3 (3 when not given); anything else is refused."""
    if value in (None, ""):
        return MAX_HORIZON
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_HORIZON:
        raise ApplicationError(
            _("The horizon is 1, 2 or 3 years (got “%(value)s”).") % {"value": value},
            field="horizon",
            code="invalid",
        )
    return int(text)


def trend(points: dict[int, int], year: int) -> Decimal:
    """The value at ``year`` of the least-squares line through ``points`` (one point: that
    value), never below zero, rounded to a whole number (half up)."""
    if not points:
        return ZERO
    xs = sorted(points)
    if len(xs) == 1:
        value = Decimal(points[xs[0]])
    else:
        n = Decimal(len(xs))
        mx = sum(Decimal(x) for x in xs) / n
        my = sum(Decimal(points[x]) for x in xs) / n
        sxx = sum(((Decimal(x) - mx) ** 2 for x in xs), ZERO)
        sxy = sum(((Decimal(x) - mx) * (Decimal(points[x]) - my) for x in xs), ZERO)
        value = my + sxy / sxx * (Decimal(year) - mx)
    return max(value, ZERO).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def retirement_year(country: str, gender: str, birth_year: int, birth_month: int) -> int:
    ages = settings.CADRE_RETIREMENT_AGES
    age = ages.get(country or "DEFAULT", ages["DEFAULT"]).get(gender, ages["DEFAULT"]["M"])
    months = birth_month - 1 + int(Decimal(str(age)) * 12)
    return birth_year + months // 12


@dataclass
class FamilyForecast:
    key: str
    name: str
    years: list[int]
    lines: dict[str, list[Decimal]] = field(default_factory=dict)
    # which cells are a trend rather than counted or entered
    forecast: dict[str, list[bool]] = field(default_factory=dict)
    opened: dict[int, int] = field(default_factory=dict)  # vacancies opened per base year
    filled: dict[int, int] = field(default_factory=dict)
    entered: dict[int, int] = field(default_factory=dict)  # graduates entered per year

    def __post_init__(self) -> None:
        for key in LINES:
            self.lines.setdefault(key, [ZERO] * len(self.years))
            self.forecast.setdefault(key, [False] * len(self.years))

    def add(self, line: str, index: int, value: Any) -> None:
        self.lines[line][index] += Decimal(value)

    def total(self, keys: tuple[tuple[str, Any], ...]) -> list[Decimal]:
        return [sum((self.lines[k][i] for k, _l in keys), ZERO) for i in range(len(self.years))]

    @property
    def demand(self) -> list[Decimal]:
        return self.total(DEMAND)

    @property
    def supply(self) -> list[Decimal]:
        return self.total(SUPPLY)

    @property
    def gap(self) -> list[Decimal]:
        return [d - s for d, s in zip(self.demand, self.supply, strict=True)]


@dataclass
class Forecast:
    root: Organisation
    today: dt.date
    years: list[int]
    base_years: list[int]
    families: list[FamilyForecast]
    ages: bool = True

    @property
    def total(self) -> FamilyForecast:
        out = FamilyForecast("*", _("All families"), self.years)
        for fam in self.families:
            for key in LINES:
                for i, value in enumerate(fam.lines[key]):
                    out.add(key, i, value)
        return out


def _country_of(path: str, named: list[tuple[str, str]]) -> str:
    best = ""
    length = -1
    for prefix, country in named:
        if path.startswith(prefix) and len(prefix) > length:
            best, length = country, len(prefix)
    return best


def _group_families(path: str, groups: set[str]) -> dict[str, str]:
    """The family most posts of each post group in the subtree have (ties: by key)."""
    groups = {g for g in groups if g}
    if not groups:
        return {}
    posts = dict(
        Post.objects.filter(subtree_q("organisation__path", path), category__in=groups).values_list(
            "pk", "category"
        )
    )
    fams = competencies.post_families(list(posts))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for post_id, group in posts.items():
        if post_id in fams:
            counts[group][fams[post_id]] += 1
    return {g: min(c, key=lambda k: (-c[k], k)) for g, c in counts.items()}


def forecast(
    root: Organisation,
    horizon: int = MAX_HORIZON,
    *,
    today: dt.date | None = None,
    family: str | None = None,
    ages: bool = True,
) -> Forecast:
    """The demand, supply and gap per family of the subtree of ``root`` (the caller has
    checked the user may see it) for the ``horizon`` years after ``today``'s. Without
    ``ages`` (a reader not granted personal data over ``root``) retirements, which count
    people by age, are left out."""
    horizon = parse_horizon(horizon)
    today = today or timezone.localdate()
    years = [today.year + k for k in range(1, horizon + 1)]
    base_years = [today.year - k for k in range(BASE_YEARS, 0, -1)]
    path = root.path
    cells: dict[str, FamilyForecast] = {}

    def fam(key: str) -> FamilyForecast:
        if key not in cells:
            cells[key] = FamilyForecast(key, "", years)
        return cells[key]

    def index(year: int) -> int | None:
        return year - years[0] if years[0] <= year <= years[-1] else None

    # --- staffing: versions in force, approved versions to come, approved scenarios
    in_force = list(
        StaffingTable.objects.filter(in_force_q(today), subtree_q("organisation__path", path))
    )
    coming = list(
        StaffingTable.objects.filter(
            subtree_q("organisation__path", path),
            status=TableStatus.APPROVED,
            effective_from__gt=today,
            effective_from__year__lte=years[-1],
        ).order_by("organisation_id", "effective_from")
    )
    earlier = {
        t.pk: t
        for t in StaffingTable.objects.filter(
            status=TableStatus.APPROVED,
            organisation_id__in={t.organisation_id for t in coming},
            effective_from__lte=dt.date(years[-1], 12, 31),
        )
    }
    table_ids = {t.pk for t in in_force} | {t.pk for t in coming} | set(earlier)
    lines = list(
        StaffingLine.objects.filter(table_id__in=table_ids).values_list(
            "table_id", "post_id", "units"
        )
    )
    scenario_cuts = list(
        ScenarioLine.objects.filter(
            subtree_q("scenario__organisation__path", path),
            scenario__status=ScenarioStatus.APPROVED,
            cut_units__gt=0,
        ).values_list("post_id", "cut_units")
    )
    vacancy_rows = talent.vacancy_history(path, base_years[0])
    people_rows = people.main_posts_by_birth(path)
    post_ids = (
        {p for _t, p, _u in lines}
        | {p for p, _c in scenario_cuts}
        | {r[0] for r in vacancy_rows}
        | {r[0] for r in people_rows}
    )
    families = competencies.post_families(sorted(post_ids))

    def of_post(post_id: int) -> str:
        return families.get(post_id, UNCLASSIFIED)

    by_table: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for table_id, post_id, units in lines:
        by_table[table_id].append((post_id, units))
    in_force_posts = [p for t in in_force for p, _u in by_table[t.pk]]
    occupied = occupied_by_post(in_force_posts, today)
    running = open_competitions_by_post(in_force_posts)
    for table in in_force:
        for post_id, units in by_table[table.pk]:
            vacant = max(units - occupied.get(post_id, 0) - running.get(post_id, 0), ZERO)
            if vacant:
                fam(of_post(post_id)).add("vacant", 0, vacant)
    approved = sorted(
        [*in_force, *earlier.values(), *coming], key=lambda t: (t.organisation_id, t.effective_from)
    )
    seen: set[int] = set()
    previous: dict[int, StaffingTable] = {}
    for table in approved:
        if table.pk in seen:
            continue
        seen.add(table.pk)
        before = previous.get(table.organisation_id)
        previous[table.organisation_id] = table
        # a change due later this year is not in force yet: it counts in the first year
        i = index(max(table.effective_from.year, years[0]))
        if table.effective_from <= today or i is None:
            continue
        delta: dict[str, Decimal] = defaultdict(Decimal)
        for post_id, units in by_table[table.pk]:
            delta[of_post(post_id)] += units
        for post_id, units in by_table[before.pk] if before else []:
            delta[of_post(post_id)] -= units
        for key, value in delta.items():
            if value:
                fam(key).add("planned", i, value)
    for post_id, cut in scenario_cuts:
        fam(of_post(post_id)).add("planned", 0, -cut)

    # --- vacancies at the current pace
    opened: dict[str, Counter[int]] = defaultdict(Counter)
    filled: dict[str, Counter[int]] = defaultdict(Counter)
    for post_id, opened_on, closed_on, status in vacancy_rows:
        key = of_post(post_id)
        if opened_on.year in base_years:
            opened[key][opened_on.year] += 1
        if status == "filled" and closed_on is not None and closed_on.year in base_years:
            filled[key][closed_on.year] += 1
    for key in set(opened) | set(filled):
        cell = fam(key)
        cell.opened = {y: opened[key][y] for y in base_years}
        cell.filled = {y: filled[key][y] for y in base_years}
        for i, year in enumerate(years):
            cell.add("vacancies", i, trend(cell.opened, year))
            cell.forecast["vacancies"][i] = True

    # --- retirements (counts by post, gender and month of birth; no one is listed)
    named = list(Organisation.objects.exclude(country="").values_list("path", "country"))
    post_paths = dict(
        Post.objects.filter(pk__in={r[0] for r in people_rows}).values_list(
            "pk", "organisation__path"
        )
    )
    for post_id, gender, birth_year, birth_month, n in people_rows if ages else []:
        country = _country_of(post_paths[post_id], named)
        year = retirement_year(country, gender, birth_year, birth_month)
        # those reaching the age later this year leave in the first year too
        i = index(max(year, years[0])) if year >= today.year else None
        if i is not None:
            fam(of_post(post_id)).add("retirements", i, n)

    # --- supply: the reserve, contests' finalists (their post groups), training, graduates
    pool = talent.reserve_pool(path, dt.date(years[0], 1, 1))
    picked = contests.finalists(path, today - dt.timedelta(days=365), today)
    groups = _group_families(path, set(pool) | set(picked))
    for group in pool:
        fam(groups.get(group, UNCLASSIFIED)).add("reserve", 0, 1)
    for group in picked:
        fam(groups.get(group, UNCLASSIFIED)).add("finalists", 0, 1)
    due = learning.completions_due(path, today, dt.date(years[-1], 12, 31))
    outcomes = learning.course_outcomes({c for c, _d in due})
    builds = competencies.family_of_codes({o[0][0] for o in outcomes.values() if o})
    for course_id, ends_on in due:
        first = outcomes.get(course_id)
        key = builds.get(first[0][0], UNCLASSIFIED) if first else UNCLASSIFIED
        fam(key).add("training", max(index(ends_on.year) or 0, 0), 1)
    entered: dict[str, Counter[int]] = defaultdict(Counter)
    for key, year, count in GraduateSupply.objects.filter(
        subtree_q("organisation__path", path), year__lte=years[-1]
    ).values_list("family", "year", "count"):
        entered[key][year] += count
    for key, by_year in entered.items():
        cell = fam(key)
        cell.entered = dict(sorted(by_year.items()))
        for i, year in enumerate(years):
            if year in by_year:
                cell.add("graduates", i, by_year[year])
            else:
                cell.add("graduates", i, trend(dict(by_year), year))
                cell.forecast["graduates"][i] = True

    names = dict(competencies.families())
    for key, cell in cells.items():
        cell.name = names.get(key, key) if key else str(_("Not classified"))
    ordered = sorted(cells.values(), key=lambda c: (c.key == UNCLASSIFIED, c.key))
    if family is not None:
        ordered = [c for c in ordered if c.key == family]
    return Forecast(root, today, years, base_years, ordered, ages)


def explained(fam: FamilyForecast) -> list[tuple[str, str, list[tuple[Decimal, bool]]]]:
    """A family's lines as the page shows them: ``(kind, label, [(value, forecast?) …])``,
    the demand lines, their total, the supply lines, their total, and the gap."""
    n = len(fam.years)
    rows: list[tuple[str, str, list[tuple[Decimal, bool]]]] = []
    for key, label in DEMAND:
        rows.append(
            ("demand", str(label), list(zip(fam.lines[key], fam.forecast[key], strict=True)))
        )
    rows.append(("demand-total", _("Demand"), [(v, False) for v in fam.demand]))
    for key, label in SUPPLY:
        rows.append(
            ("supply", str(label), list(zip(fam.lines[key], fam.forecast[key], strict=True)))
        )
    rows.append(("supply-total", _("Supply"), [(v, False) for v in fam.supply]))
    rows.append(("gap", _("Gap (demand − supply)"), [(v, False) for v in fam.gap]))
    assert all(len(r[2]) == n for r in rows)
    return rows
