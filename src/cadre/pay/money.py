"""Amounts as people write them and as pay keeps them: a decimal in major units (``150
000,50`` tenge) on the pages, an integer in minor units (15 000 050 tiyn) everywhere else.
The conversion is exact (``Decimal``), never through a float."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format

# Currencies whose amounts have no minor unit in practice.
NO_MINOR = {"VND"}


def places(currency: str) -> int:
    """The decimal places of ``currency``'s major unit (2: tenge and tiyn; 0: đồng)."""
    return 0 if currency in NO_MINOR else 2


def to_minor(major: Decimal, currency: str) -> int | None:
    """``major`` in minor units of ``currency``, exactly; ``None`` when it has more
    decimals than the currency has (``150000.505`` KZT)."""
    minor = major.scaleb(places(currency))
    if minor != minor.to_integral_value():
        return None
    return int(minor)


def to_major(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-places(currency))


def money(minor: int | None, currency: str) -> str:
    """Minor units as the user's language writes the amount: ``375 289,57 KZT``."""
    if minor is None:
        return "—"
    n = places(currency)
    return f"{number_format(to_major(minor, currency), n, force_grouping=True)} {currency}"


def percent(fraction: Decimal | None) -> str:
    """A fraction as a percentage in the user's language: ``0.125`` → ``12,5 %``."""
    if fraction is None:
        return "—"
    value = Decimal(fraction) * 100
    n = 0
    while n < 4 and value != value.quantize(Decimal(1).scaleb(-n)):
        n += 1
    return f"{number_format(value, n)}\u00a0%"
