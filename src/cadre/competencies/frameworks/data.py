"""What a framework file holds, as read: the format's constants, the data classes, and the
problems found on the way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from cadre.core.errors import ApplicationError

FORMAT = "cadre.framework/1"
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
KINDS = ("framework", "level", "category", "competency", "indicator")
MAX_ITEMS = 5000


@dataclass
class LevelData:
    rank: int
    code: str
    names: dict[str, str]
    descriptors: dict[str, str]


@dataclass
class CompetencyData:
    code: str
    parent: str | None
    is_category: bool
    names: dict[str, str]
    descriptions: dict[str, str]
    indicators: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class FrameworkData:
    code: str
    names: dict[str, str]
    descriptions: dict[str, str]
    levels: list[LevelData]
    competencies: list[CompetencyData]


class Problems:
    """Every problem of a file, by location; raised together so the user fixes them at once."""

    def __init__(self) -> None:
        self.errors: dict[str | None, list[Any]] = {}

    def add(self, where: str, message: str) -> None:
        self.errors.setdefault(where, []).append(message)

    def guard(self, where: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ApplicationError as exc:
            self.add(where, str(exc))
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            where, messages = next(iter(self.errors.items()))
            first = f"{where}: {messages[0]}" if where else str(messages[0])
            raise ApplicationError(first, errors=self.errors, code="invalid_file")


def _code(value: Any, where: str, problems: Problems) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not CODE.match(text):
        problems.add(
            where,
            _("A code is 1–32 letters, digits, dots, dashes or underscores; got “%(value)s”.")
            % {"value": value if value is not None else ""},
        )
    return text


def _rank(value: Any, where: str, problems: Problems) -> int | None:
    try:
        rank = int(str(value).strip())
    except (TypeError, ValueError):
        rank = 0
    if not 1 <= rank <= 20:
        problems.add(where, _("A level rank is a whole number from 1 to 20."))
        return None
    return rank
