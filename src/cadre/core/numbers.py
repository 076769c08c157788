"""Numbers as the user's language writes them (issue 18): thousands always grouped (``1 292``
in ru, ``1 292`` with a thin space in kk, ``1.292`` in vi, ``1,292`` in en) and a share as
a percentage with the language's decimal mark and spacing (``51,9 %`` in ru and kk, ``51,9%``
in vi, ``51.9%`` in en). The formats themselves are Django's and ``core/formats``."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language

# Languages whose percent sign follows a no-break space (CLDR: ``#,##0 %``).
_SPACED_PERCENT = {"ru", "kk"}


def grouped(value: Any, places: int | None = None) -> str:
    """``value`` with its thousands grouped; ``None`` is a dash."""
    if value is None:
        return "—"
    if places is not None and isinstance(value, float | Decimal):
        # Django's number_format cuts a float's decimals off (3.389 → "3.38"): round first.
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(value, places, use_l10n=True, force_grouping=True)


def percent(share: Any, places: int = 1) -> str:
    """A share (``0.519``) as a percentage (``51,9 %``); ``None`` is a dash."""
    if share is None:
        return "—"
    value = (Decimal(str(share)) * 100).quantize(Decimal(1).scaleb(-places))
    sign = "\u00a0%" if (get_language() or "")[:2] in _SPACED_PERCENT else "%"
    return grouped(value, places) + sign
