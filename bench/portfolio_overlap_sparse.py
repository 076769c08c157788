"""An exact, sparse-matrix candidate step for the all-pairs overlap run, measured beside
brute force (decision 0024, "an exact candidate step measured, not adopted").

    .venv/bin/python bench/portfolio_overlap_sparse.py 2000 0.24

The most frequent n-gram features F are set apart while every entry's squared TF-IDF norm
over them stays <= BUDGET (argument 2), so that the F-part of any pair's cosine is below
BUDGET < 0.25 — the least cosine a pair needs to reach the 55 % threshold with identical
capabilities; the candidates are the non-zeros of the chunked product over the other
features whose value plus that bound reaches 0.25. Exact (recall 1.0), but quadratic.
"""

import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
from portfolio_overlap import generate  # noqa: E402

from cadre.portfolio.scoring import Index  # noqa: E402

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
budget = float(sys.argv[2]) if len(sys.argv) > 2 else 0.24
entries = generate(n)
t0 = time.perf_counter()
idx = Index(entries)
t1 = time.perf_counter()
V = idx.vectors.tocsc()
df = np.diff(V.indptr)
order = np.argsort(-df)
# greedily move the most frequent features to F while every row's |a_F|^2 stays <= budget
sq = V.multiply(V).tocsc()
normF = np.zeros(V.shape[0])
F = np.zeros(V.shape[1], bool)
for f in order:
    rows = sq.indices[sq.indptr[f] : sq.indptr[f + 1]]
    vals = sq.data[sq.indptr[f] : sq.indptr[f + 1]]
    if np.any(normF[rows] + vals > budget):
        break
    normF[rows] += vals
    F[f] = True
t2 = time.perf_counter()
print(
    "features",
    V.shape[1],
    "in F",
    F.sum(),
    "max df outside F",
    df[~F].max(),
    "sum df^2 R",
    (df[~F].astype(float) ** 2).sum() / 1e9,
    "G; F",
    (df[F].astype(float) ** 2).sum() / 1e9,
)
R = idx.vectors.tocsc()[:, np.nonzero(~F)[0]].tocsr()
nF = np.sqrt(normF)
minimum = (0.55 - 0.4) / 0.6
cands_l, cands_r = [], []
B = 2000
RT = R.T.tocsr()
for s in range(0, n, B):
    C = (R[s : s + B] @ RT).tocoo()
    i = C.row + s
    j = C.col
    keep = (j > i) & (C.data + nF[i] * nF[j] >= minimum - 1e-6)
    keep &= idx.bodies[i] != idx.bodies[j]
    cands_l.append(i[keep])
    cands_r.append(j[keep])
left = np.concatenate(cands_l)
right = np.concatenate(cands_r)
t3 = time.perf_counter()
pairs = idx._pairs(left, right, 0.55)
t4 = time.perf_counter()
print(
    f"n={n} index {t1 - t0:.1f}s split {t2 - t1:.1f}s products {t3 - t2:.1f}s "
    f"cands {len(left):,} exact {t4 - t3:.1f}s total {t4 - t0:.1f}s pairs {len(pairs):,}"
)
if n <= 3000:
    truth = {(p.a, p.b) for p in idx.brute_force(0.55)}
    found = {(p.a, p.b) for p in pairs}
    print("recall", len(found & truth) / len(truth), len(truth))
