"""How alike two portfolio entries are (decision 0024). Pure: no database, no Django.

The score of a pair is ``WEIGHT_CAPABILITIES × Jaccard(capabilities) + WEIGHT_TEXT ×
cosine(TF-IDF)``. The text is the entry's name, description, data sets and technology,
**normalised** first — lower case, Cyrillic (Russian and Kazakh letters) written in Latin
letters, Vietnamese and other accents dropped — so that "электрондық құжат айналымы",
"электронный документооборот" and "electronic document management" share character
n-grams ("elektron", "dokument"); its vector is the TF-IDF of character n-grams of 3 to 5
letters inside words, fitted on the whole portfolio (no model is downloaded; nothing but
the entries themselves is learned).

All pairs of a large portfolio are not compared one by one: each entry's MinHash over its
``TOP_FEATURES`` heaviest n-grams and its capabilities goes into a MinHash-LSH index
(``LSH_BANDS`` bands of ``LSH_ROWS`` rows), whose buckets give the candidate pairs; only
those are scored exactly. ``bench/portfolio_overlap.py`` measures the recall of that step
against the exact score of every pair of a sample.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

WEIGHT_CAPABILITIES = 0.4
WEIGHT_TEXT = 0.6
NGRAMS = (3, 5)
TOP_FEATURES = 100
CAPABILITY_SET_TOKENS = 60  # elements of the MinHash set that stand for the capability set
LSH_BANDS, LSH_ROWS = 32, 3
NUM_PERM = LSH_BANDS * LSH_ROWS
CHUNK = 200_000

# Russian and Kazakh Cyrillic in Latin letters (close to the Kazakh Latin alphabet of 2021).
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        [
            "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o",
            "p", "r", "s", "t", "u", "f", "h", "ts", "ch", "sh", "sh", "", "y", "", "e", "iu",
            "ia", "a", "g", "q", "ng", "o", "u", "u", "h", "i",
        ],
        strict=True,
    )
)  # fmt: skip
_TABLE = str.maketrans({**_CYRILLIC, "đ": "d"})
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """``text`` in lower-case Latin letters and digits, one space between words."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_TABLE)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", text).strip()


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """|a ∩ b| / |a ∪ b|; 0 when both are empty."""
    left, right = set(a), set(b)
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def combine(capabilities: Any, text: Any) -> Any:
    """The score of numbers, or of arrays of them."""
    return WEIGHT_CAPABILITIES * capabilities + WEIGHT_TEXT * text


@dataclass(frozen=True)
class Entry:
    """What the score reads of a portfolio entry."""

    id: int
    body: int
    capabilities: frozenset[str]
    text: str


@dataclass(frozen=True)
class Pair:
    """Two entries of different bodies (``a < b``) with their score and its components."""

    a: int
    b: int
    score: float
    capabilities: float
    text: float


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=NGRAMS,
        lowercase=False,
        sublinear_tf=True,
        dtype=np.float32,
    )


class Index:
    """The TF-IDF vectors and capability sets of a whole portfolio, for scoring its pairs
    (``all_pairs``) or a new entry against it (``query``)."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        self.ids = np.array([e.id for e in self.entries], dtype=np.int64)
        self.bodies = np.array([e.body for e in self.entries], dtype=np.int64)
        self.position = {e.id: i for i, e in enumerate(self.entries)}
        self.vectorizer = _vectorizer()
        texts = [normalise(e.text) for e in self.entries]
        if self.entries:
            self.vectors = self.vectorizer.fit_transform(texts).tocsr()
        else:
            self.vectors = sparse.csr_matrix((0, 0), dtype=np.float32)
        codes = sorted({c for e in self.entries for c in e.capabilities})
        self.capability_column = {c: i for i, c in enumerate(codes)}
        self.capabilities = self._capability_matrix([e.capabilities for e in self.entries])
        self.capability_counts = np.asarray(self.capabilities.sum(axis=1)).ravel()

    def _capability_matrix(self, sets: Sequence[frozenset[str]]) -> sparse.csr_matrix:
        rows, cols = [], []
        for i, caps in enumerate(sets):
            for code in caps:
                if code in self.capability_column:
                    rows.append(i)
                    cols.append(self.capability_column[code])
        data = np.ones(len(rows), dtype=np.float32)
        shape = (len(sets), len(self.capability_column))
        return sparse.csr_matrix((data, (rows, cols)), shape=shape)

    # --- exact scores ----------------------------------------------------------------------

    def score_pairs(self, left: np.ndarray, right: np.ndarray) -> tuple[Any, Any, Any]:
        """Text cosine, capability Jaccard and score of the pairs of positions
        ``(left[k], right[k])``, computed in chunks."""
        texts, caps = [], []
        for start in range(0, len(left), CHUNK):
            i, j = left[start : start + CHUNK], right[start : start + CHUNK]
            texts.append(np.asarray(self.vectors[i].multiply(self.vectors[j]).sum(axis=1)))
            inter = np.asarray(
                self.capabilities[i].multiply(self.capabilities[j]).sum(axis=1)
            ).ravel()
            union = self.capability_counts[i] + self.capability_counts[j] - inter
            caps.append(np.divide(inter, union, out=np.zeros_like(inter), where=union > 0))
        text = np.concatenate([t.ravel() for t in texts]) if texts else np.zeros(0)
        cap = np.concatenate(caps) if caps else np.zeros(0)
        text = np.clip(text, 0.0, 1.0)
        return text, cap, combine(cap, text)

    def _pairs(self, left: np.ndarray, right: np.ndarray, threshold: float) -> list[Pair]:
        text, cap, score = self.score_pairs(left, right)
        keep = np.nonzero(score >= threshold)[0]
        out = []
        for k in keep:
            a, b = int(self.ids[left[k]]), int(self.ids[right[k]])
            if a > b:
                a, b = b, a
            out.append(Pair(a, b, float(score[k]), float(cap[k]), float(text[k])))
        out.sort(key=lambda p: (-p.score, p.a, p.b))
        return out

    # --- candidates at scale ---------------------------------------------------------------

    def minhashes(self, with_capabilities: bool, num_perm: int = NUM_PERM) -> list[MinHash]:
        """Each entry's MinHash over its ``TOP_FEATURES`` heaviest n-grams that some other
        entry has too and, ``with_capabilities``, its whole set of capabilities
        (``CAPABILITY_SET_TOKENS`` elements, shared only by entries doing exactly the same
        things, whose descriptions may share few n-grams: written in two languages)."""
        offset = self.vectors.shape[1] if self.entries else 0
        sets: list[list[int]] = []
        indptr, indices, data = self.vectors.indptr, self.vectors.indices, self.vectors.data
        # An n-gram of one entry only can make no pair: it is left out of the choice.
        shared = np.bincount(indices, minlength=offset) > 1
        for row in range(len(self.entries)):
            cols = indices[indptr[row] : indptr[row + 1]]
            weights = data[indptr[row] : indptr[row + 1]]
            keep = shared[cols]
            cols, weights = cols[keep], weights[keep]
            if len(cols) > TOP_FEATURES:
                cols = cols[np.argpartition(-weights, TOP_FEATURES)[:TOP_FEATURES]]
            members = [int(c) for c in cols]
            codes = sorted(self.entries[row].capabilities)
            if with_capabilities and codes:
                whole = offset + (zlib.crc32("|".join(codes).encode()) << 8)
                members.extend(whole + k for k in range(CAPABILITY_SET_TOKENS))
            sets.append(members)
        return MinHash.bulk(sets, num_perm=num_perm, hashfunc=int)

    def candidates(
        self, bands: int = LSH_BANDS, rows: int = LSH_ROWS
    ) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the pairs of different bodies that share a bucket of either LSH
        index: descriptions alike, or the same capabilities and descriptions somewhat
        alike."""
        n = len(self.entries)
        codes: list[np.ndarray] = []
        for with_capabilities in (False, True):
            lsh = MinHashLSH(num_perm=bands * rows, params=(bands, rows))
            for i, m in enumerate(self.minhashes(with_capabilities, bands * rows)):
                lsh.insert(i, m, check_duplication=False)
            # Every bucket of every band gives the pairs of its members (at once, not by a
            # query per entry: a pair met in many bands is kept once below).
            for table in lsh.hashtables:
                buckets = table.keys()  # a datasketch storage, not a dict
                for key in buckets:
                    members = table.get(key)
                    if len(members) < 2:
                        continue
                    ids = np.fromiter(members, dtype=np.int64, count=len(members))
                    left, right = np.triu_indices(len(ids), 1)
                    a, b = ids[left], ids[right]
                    low, high = np.minimum(a, b), np.maximum(a, b)
                    codes.append(low * n + high)
        if not codes:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        unique = np.unique(np.concatenate(codes))
        left, right = unique // n, unique % n
        other = self.bodies[left] != self.bodies[right]
        return left[other], right[other]

    def all_pairs(
        self,
        threshold: float,
        progress: Callable[[int, int], None] | None = None,
        bands: int = LSH_BANDS,
        rows: int = LSH_ROWS,
    ) -> list[Pair]:
        """Every pair of different bodies scoring ``threshold`` or more, among the LSH
        candidates."""
        if len(self.entries) < 2:
            return []
        left, right = self.candidates(bands, rows)
        if progress is not None:
            progress(len(self.entries), len(self.entries))
        return self._pairs(left, right, threshold)

    def brute_force(self, threshold: float) -> list[Pair]:
        """Every pair of different bodies scoring ``threshold`` or more, by computing the
        score of all of them (the bench's reference; quadratic)."""
        cosine = (self.vectors @ self.vectors.T).toarray()
        inter = (self.capabilities @ self.capabilities.T).toarray()
        union = self.capability_counts[:, None] + self.capability_counts[None, :] - inter
        jac = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        score = combine(jac, np.clip(cosine, 0.0, 1.0))
        other = self.bodies[:, None] != self.bodies[None, :]
        left, right = np.nonzero(np.triu(other & (score >= threshold), k=1))
        return self._pairs(left, right, threshold)

    # --- one entry against the portfolio ---------------------------------------------------

    def query(self, entry: Entry, threshold: float) -> list[Pair]:
        """Entries of other bodies that ``entry`` (new, or one of the index's, changed)
        scores ``threshold`` or more with; ``Pair.a`` is ``entry.id``, ``b`` the other."""
        if not self.entries:
            return []
        vector = self.vectorizer.transform([normalise(entry.text)])
        text = np.clip((self.vectors @ vector.T).toarray().ravel(), 0.0, 1.0)
        caps = self._capability_matrix([entry.capabilities])
        inter = (self.capabilities @ caps.T).toarray().ravel()
        size = len(entry.capabilities)
        union = self.capability_counts + size - inter
        cap = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        score = combine(cap, text)
        keep = np.nonzero((score >= threshold) & (self.bodies != entry.body))[0]
        keep = keep[self.ids[keep] != entry.id]
        found = [
            Pair(entry.id, int(self.ids[k]), float(score[k]), float(cap[k]), float(text[k]))
            for k in keep
        ]
        found.sort(key=lambda p: (-p.score, p.b))
        return found


_WORD = re.compile(r"\w+")


def shared_terms(left: str, right: str, limit: int = 8) -> list[str]:
    """The words of ``left`` (as written, in lower case) that share their first five
    letters with a word of ``right`` once both are normalised — what a reader can check:
    "документооборот" ~ "document" — longest first."""
    right_stems = {w[:5] for w in normalise(right).split() if len(w) >= 4}
    seen: dict[str, None] = {}
    for word in _WORD.findall(left.lower()):
        stem = normalise(word).replace(" ", "")
        if len(stem) >= 4 and stem[:5] in right_stems:
            seen.setdefault(word, None)
    return sorted(seen, key=lambda w: (-len(w), w))[:limit]
