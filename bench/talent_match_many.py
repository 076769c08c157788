"""Many vacancies matched at once: the optimal assignment beside greedy (decision 0030).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_talent \\
        .venv/bin/python bench/talent_match_many.py --members 100000 --vacancies 5000

On the reserve of ``_talent.py``: the candidate set (each vacancy's ``--per-vacancy`` best
members, ``ranking.candidates_for``), then on the same set the optimal assignment (SciPy's
``min_weight_full_bipartite_matching``, ``assignment.optimal``) and greedy (best edge
first); prints each one's time, placed vacancies and total fit, and the ratios. With
``--store`` it also runs ``matches_propose`` (the job's whole work: reading, matching,
storing the proposals). Target (issue 20): 5,000 × 100,000 ≤ 60 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _talent import admin, setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=5_000)
    parser.add_argument("--per-vacancy", type=int, default=500)
    parser.add_argument("--store", action="store_true")
    args = parser.parse_args()
    setup(args.members, args.vacancies)
    from django.utils import timezone

    from cadre.talent import assignment, ranking, selectors
    from cadre.talent.services.matching import matches_propose

    user = admin()
    today = timezone.localdate()
    t0 = time.perf_counter()
    selectors.forget_matrix()
    matrix = selectors.reserve_matrix()
    t1 = time.perf_counter()
    vacancies = list(selectors.open_vacancies(user))
    targets = selectors.targets_of(vacancies)
    t2 = time.perf_counter()
    prepared = ranking.candidates_for(
        user, vacancies, today=today, per_vacancy=args.per_vacancy, matrix=matrix, targets=targets
    )
    t3 = time.perf_counter()
    best = assignment.optimal(prepared.candidates)
    quick = assignment.greedy(prepared.candidates)
    total = (t3 - t0) + best.seconds
    print(
        f"{len(vacancies):,} vacancies × {len(matrix):,} members; "
        f"{len(prepared.candidates.fit):,} candidate pairs (per vacancy: the vacancies of its "
        f"post group, at most {args.per_vacancy})"
    )
    print(
        f"reserve matrix from the database {t1 - t0:.2f} s; "
        f"vacancies and standards {t2 - t1:.2f} s; "
        f"candidate set {t3 - t2:.2f} s"
    )
    print(
        f"optimal (min_weight_full_bipartite_matching): {best.seconds:.2f} s, "
        f"placed {best.placed:,}, total fit {best.total:,.1f}"
    )
    print(
        f"greedy (best edge first):                    {quick.seconds:.2f} s, "
        f"placed {quick.placed:,}, total fit {quick.total:,.1f}"
    )
    gain = (best.total - quick.total) / quick.total * 100 if quick.total else 0.0
    print(
        f"optimal / greedy: total fit +{gain:.2f} %, "
        f"time {best.seconds / max(quick.seconds, 1e-9):.1f}×"
    )
    print(
        f"whole matching (matrix + candidates + optimal): {total:.1f} s  target ≤ 60 s: "
        f"{'met' if total <= 60 else 'NOT met'}"
    )
    if args.store:
        t = time.perf_counter()
        figures = matches_propose(
            actor=user, within=None, per_vacancy=args.per_vacancy, today=today
        )
        print(
            f"matches_propose (the job's work, {figures['stored']:,} proposals stored): "
            f"{time.perf_counter() - t:.1f} s"
        )


if __name__ == "__main__":
    main()
