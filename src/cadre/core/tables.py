"""Columns of list pages and exports: declared once per model, used by both."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.utils.formats import localize

from cadre.core.scoping import hidden_fields


@dataclass(frozen=True)
class Column:
    """One column: ``name`` is the attribute path (``parent__name``) unless ``value`` is given;
    ``sort`` is the ORM ordering field the column sorts by (``None``: not sortable).

    A ``data`` column is a column of an export that its import reads back: ``name`` is its
    header, and its cells are the stored values (``value_of``: codes, not labels), written as
    the import parses them (``core.exports``).

    ``hide`` (set by ``masked``) says of a row whether the user may not see this column's
    value there: a field of a data class outside the reach where the user holds the class
    (decision 0045); such a cell is empty."""

    name: str
    label: Any
    sort: str | None = None
    link: bool = False
    value: Callable[[Any], Any] | None = None
    data: bool = False
    hide: Callable[[Any], bool] | None = None

    def value_of(self, obj: Any) -> Any:
        """The stored value (a choice's value, not its label)."""
        if self.hide is not None and self.hide(obj):
            return None
        if self.value is not None:
            return self.value(obj)
        current = obj
        for part in self.name.split("__"):
            if current is None:
                return None
            current = getattr(current, part, None)
        return current

    def raw(self, obj: Any) -> Any:
        if self.hide is not None and self.hide(obj):
            return None
        if self.value is not None:
            return self.value(obj)
        current = obj
        for part in self.name.split("__"):
            if current is None:
                return None
            display = getattr(current, f"get_{part}_display", None)
            if part == "name" and hasattr(current, "display_name"):
                # A name written per language (decision 0044): the reader's.
                display = lambda c=current: c.display_name  # noqa: E731
            current = display() if callable(display) else getattr(current, part, None)
        return current

    def text(self, obj: Any) -> str:
        value = self.raw(obj)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "✓" if value else "—"
        return str(localize(value))


def data_column(name: str, value: Callable[[Any], Any] | None = None) -> Column:
    """A column of an export that its import reads back (``Column.data``): ``name`` is the
    import's column name and the attribute read, unless ``value`` is given."""
    return Column(name, name, value=value, data=True)


def masked(user: Any, model: Any, columns: Sequence[Column]) -> list[Column]:
    """``columns`` with the cells of ``model``'s data-class fields (``data_fields``) emptied
    on the rows whose class the user does not see (``core.scoping.hidden_fields``: outside
    the subtrees where a role of theirs holds the class, and not their own row). Whether a
    column is shown at all stays the view's to decide (``get_columns``)."""
    fields = getattr(model, "data_fields", None) or {}
    classed = {name for names in fields.values() for name in names}
    if not classed:
        return list(columns)

    def hides(name: str) -> Callable[[Any], bool]:
        return lambda obj: name in hidden_fields(user, obj)

    return [replace(c, hide=hides(c.name)) if c.name in classed else c for c in columns]
