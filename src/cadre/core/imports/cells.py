"""The parsers of an import's cells: each takes the text of a cell and returns its value or
raises ``CellError`` saying why, in the user's language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class CellError(ValueError):
    """A value that cannot be used; the message says why."""


Parser = Callable[[str], Any]


# --- cell parsers ----------------------------------------------------------------------


def text(max_length: int) -> Parser:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellError(_("Longer than %(max)s characters.") % {"max": max_length})
        return value

    return parse


def code(value: str) -> str:
    if len(value) > 64 or not re.fullmatch(r"[\w.\-/]+", value):
        raise CellError(_("A code has up to 64 letters, digits, '.', '-', '/' or '_'."))
    return value


def iso_date(value: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CellError(_("Not a date in the form YYYY-MM-DD.")) from None


def whole_number(low: int, high: int) -> Parser:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise CellError(_("Not a whole number.")) from None
        if not low <= number <= high:
            raise CellError(_("Must be between %(low)s and %(high)s.") % {"low": low, "high": high})
        return number

    return parse


def money(value: str) -> Decimal:
    try:
        amount = Decimal(value.replace(" ", "").replace("\xa0", "").replace(",", "."))
    except InvalidOperation:
        raise CellError(_("Not an amount of money.")) from None
    if (
        not amount.is_finite()
        or amount < 0
        or amount.as_tuple().exponent < -2  # type: ignore[operator]
        or amount >= Decimal("1e12")
    ):
        raise CellError(_("Not an amount of money."))
    # In cents, as stored: 120000 and 120000.00 are one amount, not a change to audit.
    return amount.quantize(Decimal("0.01"))


TRUE = {"1", "true", "yes", "y", "да", "иә", "có", "x", "✓"}
FALSE = {"0", "false", "no", "n", "нет", "жоқ", "không", ""}


class Coded:
    """A parser of a coded column: the cell must be one of the codes (or an alias of one).
    ``allowed`` lists them for the import page: ``(code, meaning, aliases)``."""

    def __init__(self, codes: dict[str, tuple[Any, Any]], aliases: dict[str, Any]) -> None:
        # code → (value, meaning); alias (lower case) → value
        self.codes = codes
        self.aliases = aliases

    def __call__(self, value: str) -> Any:
        key = value.strip()
        if key in self.codes:
            return self.codes[key][0]
        for found in (key, key.lower()):
            if found in self.aliases:
                return self.aliases[found]
        if key.lower() in self.codes:
            return self.codes[key.lower()][0]
        return self.refuse(value)

    def refuse(self, value: str) -> Any:
        raise CellError(
            _("Unknown value “%(value)s”; allowed: %(allowed)s.")
            % {"value": value, "allowed": ", ".join(self.codes)}
        )

    @property
    def allowed(self) -> list[tuple[str, Any, str]]:
        out = []
        for code, (value, meaning) in self.codes.items():
            others = sorted(
                a
                for a, v in self.aliases.items()
                if a and v == value and a not in (code, code.lower())
            )
            out.append((code, meaning, ", ".join(others)))
        return out


class YesNo(Coded):
    def refuse(self, value: str) -> Any:
        raise CellError(_("Write yes or no."))


yes_no = YesNo(
    {"yes": (True, gettext_lazy("yes")), "no": (False, gettext_lazy("no"))},
    {**dict.fromkeys(TRUE, True), **dict.fromkeys(FALSE, False)},
)


def choice(choices: Any, aliases: dict[str, Any] | None = None) -> Coded:
    """One of the values of ``choices`` (a ``TextChoices``/``IntegerChoices``), or an alias."""
    codes = {str(value): (value, label) for value, label in choices.choices}
    return Coded(codes, {k.lower(): v for k, v in (aliases or {}).items()})
