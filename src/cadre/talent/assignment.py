"""Many vacancies at once: the assignment of reserve members to vacancies that maximises
the total fit, each member placed at most once and each vacancy given at most one member
(decision 0030), beside the greedy ranking on the same candidate set.

The candidate set is sparse: each vacancy keeps its ``per_vacancy`` best members (the
ranking of ``scoring``). The optimum is SciPy's ``min_weight_full_bipartite_matching``
(LAPJVsp) on that graph, with the costs ``M + 1 − fit`` (all positive, so the least total
cost is the greatest total fit) and, for each vacancy, a private "no one" column of cost
``M + 1`` (fit 0), so that a full matching always exists and a vacancy is left unfilled
only when that serves the total. Greedy takes the edges best first, skipping those whose
vacancy or member is taken.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


@dataclass
class Candidates:
    """The sparse candidate set: edge ``i`` joins vacancy ``vacancy[i]`` (0…n−1) and member
    ``member[i]`` (a row of the reserve matrix) with ``fit[i]``."""

    n_vacancies: int
    vacancy: npt.NDArray[np.int64]
    member: npt.NDArray[np.int64]
    fit: npt.NDArray[np.float64]


@dataclass
class Assignment:
    """Pairs chosen (indexes into the candidates' edges), their total fit, and the time."""

    edges: npt.NDArray[np.int64]
    total: float
    seconds: float

    @property
    def placed(self) -> int:
        return len(self.edges)


def optimal(candidates: Candidates) -> Assignment:
    """The assignment of greatest total fit (see the module)."""
    started = time.perf_counter()
    n = candidates.n_vacancies
    if n == 0 or len(candidates.fit) == 0:
        return Assignment(np.empty(0, dtype=np.int64), 0.0, time.perf_counter() - started)
    members, column = np.unique(candidates.member, return_inverse=True)
    m = len(members)
    ceiling = float(candidates.fit.max()) + 1.0
    rows = np.concatenate([candidates.vacancy, np.arange(n)])
    cols = np.concatenate([column, m + np.arange(n)])
    costs = np.concatenate([ceiling - candidates.fit, np.full(n, ceiling)])
    graph = csr_matrix((costs, (rows, cols)), shape=(n, m + n))
    _row, matched = min_weight_full_bipartite_matching(graph)
    # Back from (vacancy, column) to the edge: one lookup table over the real columns.
    key = candidates.vacancy * (m + n) + column
    order = np.argsort(key)
    chosen_key = np.arange(n) * (m + n) + matched
    real = matched < m
    where = np.searchsorted(key[order], chosen_key[real])
    edges = order[where].astype(np.int64)
    total = float(candidates.fit[edges].sum())
    return Assignment(edges, total, time.perf_counter() - started)


def greedy(candidates: Candidates) -> Assignment:
    """Best edge first; an edge whose vacancy or member is taken is skipped."""
    started = time.perf_counter()
    order = np.lexsort((candidates.member, candidates.vacancy, -candidates.fit))
    vacancy_taken = np.zeros(candidates.n_vacancies, dtype=bool)
    member_taken: set[int] = set()
    chosen: list[int] = []
    vacancies = candidates.vacancy.tolist()
    members = candidates.member.tolist()
    for i in order.tolist():
        v, p = vacancies[i], members[i]
        if vacancy_taken[v] or p in member_taken:
            continue
        vacancy_taken[v] = True
        member_taken.add(p)
        chosen.append(i)
    edges = np.array(chosen, dtype=np.int64)
    total = float(candidates.fit[edges].sum()) if len(edges) else 0.0
    return Assignment(edges, total, time.perf_counter() - started)
