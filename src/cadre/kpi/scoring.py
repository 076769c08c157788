"""How an actual becomes an achievement (``docs/pay.md``, section "KPIs").

Higher is better (threshold ≤ target ≤ stretch):

* below the threshold: 0;
* from the threshold (50 %) to the target (100 %): linear;
* from the target (100 %) to the stretch (150 %): linear;
* at or past the stretch: 150 % (the cap).

Lower is better (threshold ≥ target ≥ stretch) is the mirror: above the threshold 0, and so
on. When two levels are equal the higher share applies at that value (a target equal to the
threshold gives 100 % there); a stretch equal to the target means no more than 100 %.
A person's total is the sum of each achievement times its weight (weights in per cent,
summing to 100). Achievements and totals are fractions
rounded half up to 4 decimal places (``1.0000`` = 100 %).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PLACES = Decimal("0.0001")
HALF = Decimal("0.5")
ONE = Decimal(1)
CAP = Decimal("1.5")


def achievement(
    *, actual: Decimal, threshold: Decimal, target: Decimal, stretch: Decimal, lower: bool
) -> Decimal:
    """The achievement of ``actual`` as a fraction (0 to 1.5), rounded to 4 places."""
    if lower:  # mirror: lower is better is higher is better of the negated values
        actual, threshold, target, stretch = -actual, -threshold, -target, -stretch
    if actual >= stretch:
        share = CAP if stretch > target else ONE  # no stretch set: 100 % at most
    elif actual >= target:
        share = ONE + HALF * (actual - target) / (stretch - target)
    elif actual >= threshold:
        share = HALF + HALF * (actual - threshold) / (target - threshold)
    else:
        share = Decimal(0)
    return share.quantize(PLACES, rounding=ROUND_HALF_UP)


def weighted_total(parts: list[tuple[Decimal, Decimal]]) -> Decimal:
    """``sum(achievement × weight / 100)`` of ``(achievement, weight in %)`` pairs."""
    total = sum((a * w / 100 for a, w in parts), Decimal(0))
    return total.quantize(PLACES, rounding=ROUND_HALF_UP)
