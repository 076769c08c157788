"""The cut of a headcount scenario, computed on plain data (no database): the rule-based cut
and the optimised one (a mixed-integer programme solved by HiGHS through
``scipy.optimize.milp``). Units are counted in quarters (integers) and money in minor units,
so nothing drifts. ``docs/staffing.md`` explains the rules; decision 0036 the model."""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix


@dataclass
class Line:
    """A copied staffing line: ``quarters`` of staff units, its ``people`` (employee ids,
    the last appointed first), whether a cut may touch it at all (``eligible``: not
    protected, of a chosen function)."""

    id: int
    quarters: int
    pay_minor: int  # monthly salary + supplements per unit
    eligible: bool
    people: list[int]
    functions: tuple[str, ...] = ()

    @property
    def per_person(self) -> int:
        """Quarters freed by one person leaving: a unit each, or an equal share of a line
        with more people than units."""
        n = len(self.people)
        if n == 0:
            return 0
        return 4 if 4 * n <= self.quarters else self.quarters // n

    @property
    def vacant(self) -> int:
        return self.quarters - self.per_person * len(self.people)


@dataclass
class Problem:
    lines: list[Line]
    target: int  # quarters to cut at least
    signatures: dict[int, tuple[int, ...]]  # employee → required competencies they qualify for
    minimum: list[int]  # per required competency: the qualified holders it needs
    keep_coverage: bool = True
    vacant_first: bool = True


@dataclass
class Cut:
    """What a cut takes: vacant quarters per line and the people who leave, per line."""

    vacant: dict[int, int] = field(default_factory=dict)
    removed: dict[int, list[int]] = field(default_factory=dict)
    reached: bool = True
    solver: str = ""

    def quarters(self, line: Line) -> int:
        return self.vacant.get(line.id, 0) + line.per_person * len(self.removed.get(line.id, ()))

    def total(self, lines: list[Line]) -> int:
        return sum(self.quarters(line) for line in lines)

    def people(self) -> list[int]:
        return [p for ids in self.removed.values() for p in ids]


def holders(problem: Problem) -> list[int]:
    counts = [0] * len(problem.minimum)
    for line in problem.lines:
        for person in line.people:
            for k in problem.signatures.get(person, ()):
                counts[k] += 1
    return counts


def floor_of(problem: Problem, counts: list[int]) -> list[int]:
    """The holders each competency must keep when coverage is kept: its minimum, or all it
    has when it is already below."""
    return [min(m, h) for m, h in zip(problem.minimum, counts, strict=True)]


def rule_cut(problem: Problem) -> Cut:
    """The mechanical cut: vacant places first (when asked), then one person at a time from
    the eligible lines in turn, largest line first, the last appointed of the line first
    (whatever they know); with coverage kept, a person whose leaving would take a required
    competency below its minimum is skipped."""
    cut = Cut(solver="rules")
    left = problem.target
    lines = [line for line in problem.lines if line.eligible]

    def take_vacancies() -> None:
        nonlocal left
        for line in lines:
            if left <= 0:
                return
            take = min(line.vacant, left)
            if take:
                cut.vacant[line.id] = take
                left -= take

    if problem.vacant_first:
        take_vacancies()
    counts = holders(problem)
    keep = floor_of(problem, counts) if problem.keep_coverage else [0] * len(counts)
    queues = {line.id: deque(line.people) for line in lines if line.per_person}
    order = sorted((ln for ln in lines if ln.id in queues), key=lambda ln: (-ln.quarters, ln.id))
    while left > 0 and order:
        still = []
        for line in order:
            if left <= 0:
                break
            queue = queues[line.id]
            while queue:
                person = queue.popleft()
                sig = problem.signatures.get(person, ())
                if all(counts[k] - 1 >= keep[k] for k in sig):
                    for k in sig:
                        counts[k] -= 1
                    cut.removed.setdefault(line.id, []).append(person)
                    left -= line.per_person
                    break
            if queue:
                still.append(line)
        order = still
    if not problem.vacant_first and left > 0:
        take_vacancies()
    cut.reached = left <= 0
    return cut


def optimised_cut(problem: Problem, *, time_limit: float = 60.0) -> Cut:
    """The least costly cut of at least ``target`` quarters: people on eligible lines are
    grouped by what they qualify for and the quarters one of them frees; the programme
    chooses how many of each group leave and how many vacant quarters go, minimising, in
    this order, the required competencies that fall below their minimum, those left with a
    single holder, the qualifications lost and the people affected. Coverage kept: no
    competency may fall below its minimum (or below what it has, if it has less)."""
    lines = [line for line in problem.lines if line.eligible]
    counts = holders(problem)
    n_comp = len(problem.minimum)
    groups: Counter[tuple[tuple[int, ...], int]] = Counter()
    for line in lines:
        w = line.per_person
        for person in line.people:
            groups[(problem.signatures.get(person, ()), w)] += 1
    keys = sorted(groups)
    vacant_total = sum(line.vacant for line in lines)
    # Variables: y_g (people of group g leaving), v (vacant quarters cut), z_k (below
    # minimum), s_k (one holder or none left).
    n_g = len(keys)
    n_var = n_g + 1 + 2 * n_comp
    iv, iz, is_ = n_g, n_g + 1, n_g + 1 + n_comp
    cost = np.zeros(n_var)
    for i, (sig, _w) in enumerate(keys):
        cost[i] = 10 * len(sig) + 1
    cost[iz : iz + n_comp] = 1e6
    cost[is_ : is_ + n_comp] = 1e3
    upper = np.zeros(n_var)
    for i, key in enumerate(keys):
        upper[i] = groups[key]
    upper[iv] = vacant_total
    upper[iz:] = 1
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []

    def constraint(terms: list[tuple[int, float]], low: float, high: float) -> None:
        r = len(lo)
        for col, val in terms:
            rows.append(r)
            cols.append(col)
            vals.append(val)
        lo.append(low)
        hi.append(high)

    # Enough cut: Σ w·y + v ≥ target.
    constraint(
        [*((i, float(w)) for i, (_sig, w) in enumerate(keys)), (iv, 1.0)], problem.target, np.inf
    )
    members: dict[int, list[int]] = defaultdict(list)
    for i, (sig, _w) in enumerate(keys):
        for k in sig:
            members[k].append(i)
    keep = floor_of(problem, counts)
    for k in range(n_comp):
        h, m = counts[k], problem.minimum[k]
        if not members[k]:
            continue
        leaving = [(i, 1.0) for i in members[k]]
        # Below the minimum unless z_k: Σ y ≤ h − m + m·z_k.
        constraint([*leaving, (iz + k, -m)], -np.inf, h - m)
        # Two holders at least unless s_k: Σ y ≤ h − 2 + 2·s_k.
        constraint([*leaving, (is_ + k, -2)], -np.inf, h - 2)
        if problem.keep_coverage:
            constraint(leaving, -np.inf, h - keep[k])
    r = len(lo)
    matrix = coo_matrix((vals, (rows, cols)), shape=(r, n_var)).tocsr()
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, lo, hi),
        integrality=np.ones(n_var),
        bounds=Bounds(np.zeros(n_var), upper),
        options={"time_limit": time_limit, "mip_rel_gap": 0},
    )
    cut = Cut(solver="highs")
    if result.x is None:
        cut.reached = False
        return cut
    x = np.rint(result.x).astype(int)
    wanted = {key: int(x[i]) for i, key in enumerate(keys) if x[i]}
    vacant_left = int(x[iv])
    for line in lines:
        if vacant_left <= 0:
            break
        take = min(line.vacant, vacant_left)
        if take:
            cut.vacant[line.id] = take
            vacant_left -= take
    for line in sorted(lines, key=lambda ln: (-ln.quarters, ln.id)):
        w = line.per_person
        for person in sorted(line.people):
            key = (problem.signatures.get(person, ()), w)
            if wanted.get(key):
                wanted[key] -= 1
                cut.removed.setdefault(line.id, []).append(person)
    cut.reached = cut.total(problem.lines) >= problem.target
    return cut
