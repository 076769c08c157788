"""How long a reserve entry lasts: the rule of the country of its body (decision 0030) —
Kazakhstan 2 years, Russia 3 years, Vietnam a setting — read from ``CADRE_RESERVE_YEARS_*``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from cadre.orgs.models import Organisation
from cadre.orgs.selectors import countries_of

DEFAULT_YEARS = {"KZ": 2, "RU": 3, "VN": 3}
FALLBACK_YEARS = 3


def reserve_years(country: str) -> int:
    """Years a reserve entry lasts in ``country`` (``CADRE_RESERVE_YEARS_<country>``)."""
    if country:
        name = f"CADRE_RESERVE_YEARS_{country}"
        return int(getattr(settings, name, DEFAULT_YEARS.get(country, FALLBACK_YEARS)))
    return int(getattr(settings, "CADRE_RESERVE_YEARS_DEFAULT", FALLBACK_YEARS))


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def expiry_for(*, start: dt.date, where: Organisation | None) -> dt.date:
    """The day an entry started on ``start`` expires, by the country of ``where`` (the
    entry's body, else the person's; for a national entry of an external candidate, the
    country of the tree's root)."""
    if where is not None:
        country = countries_of([where])[where.pk]
    else:  # the national reserve: the country of the tree, when it has one root country
        roots = list(
            Organisation.objects.filter(parent__isnull=True)
            .exclude(country="")
            .values_list("country", flat=True)[:2]
        )
        country = roots[0] if len(roots) == 1 else ""
    return add_years(start, reserve_years(country))
