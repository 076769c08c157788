"""The law each country sets on a disciplinary sanction (decision 0035): the longest term of
each kind, with its source, and what an active sanction keeps a person from (a bonus, the
reserve, a competition). Dismissal has no term: it ends the service."""

from __future__ import annotations

from dataclasses import dataclass

from cadre.ethics.choices import SanctionKind as K

BONUS = "bonus"
RESERVE = "reserve"
COMPETITION = "competition"


@dataclass(frozen=True)
class CountryRule:
    code: str
    months: dict[str, int]  # sanction kind → longest term in months
    blocks: frozenset[str]  # what an active sanction keeps the person from
    source: str  # the law cited in the decision and the explanation line


_ALL = (K.REMARK, K.REPRIMAND, K.SEVERE_REPRIMAND, K.INCOMPETENCE_WARNING, K.DEMOTION)

RULES: dict[str, CountryRule] = {
    # Labour Code of the Republic of Kazakhstan, art. 66 (a sanction lasts at most six
    # months); Law No. 416-V "On the civil service", ch. 8 (kinds of sanction).
    "KZ": CountryRule(
        "KZ",
        dict.fromkeys(_ALL, 6),
        frozenset({BONUS, RESERVE, COMPETITION}),
        "KZ: Labour Code art. 66; Law 416-V on the civil service",
    ),
    # Federal Law No. 79-FZ "On the state civil service", art. 57 (kinds) and art. 58 p. 9
    # (a sanction lapses after one year).
    "RU": CountryRule(
        "RU",
        dict.fromkeys(_ALL, 12),
        frozenset({BONUS, RESERVE}),
        "RU: Federal Law 79-FZ art. 57, 58(9)",
    ),
    # Law on cadres and civil servants, art. 79 and 82 (as amended 2019); Decree
    # 112/2020/ND-CP: 12 months for a reprimand or a warning, 18 for demotion.
    "VN": CountryRule(
        "VN",
        {**dict.fromkeys(_ALL, 12), K.DEMOTION: 18},
        frozenset({BONUS, RESERVE, COMPETITION}),
        "VN: Law on cadres and civil servants art. 79, 82; Decree 112/2020/ND-CP",
    ),
}
FALLBACK = CountryRule("", dict.fromkeys(_ALL, 12), frozenset({BONUS}), "")


def rule_for(country: str) -> CountryRule:
    return RULES.get(country or "", FALLBACK)


def max_months(country: str, kind: str) -> int | None:
    """The longest term of ``kind`` in ``country``; ``None`` for a sanction without a term
    (dismissal)."""
    return rule_for(country).months.get(kind)
