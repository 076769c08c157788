"""Names of places that people write once per language (issue 18, item 5): an organisation
or a service point keeps its main ``name`` (the one imports match, lists sort by and the
audit log records) and, beside it, ``names``: ``{"kk": "…", "vi": "…"}`` for the languages
it is also known in. A reader sees the name in their language, else the main name.

Decision 0044: one JSON field, as the other texts written per language (decision 0011),
not a column per language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from cadre.core.translated import clean_texts

NAME_MAX_LENGTH = 255


def reader_language() -> str:
    """The active language's code (``kk``, ``vi``…), a safe JSON key for lookups."""
    lang = (get_language() or "en")[:2]
    return lang if lang.isalpha() else "en"


def local_name(obj: Any, language: str | None = None) -> str:
    """``obj``'s name in ``language`` (default: the active one), else its main name."""
    names = getattr(obj, "names", None)
    main = getattr(obj, "name", "") or ""
    if isinstance(names, dict) and names:
        lang = (language or get_language() or "")[:2]
        found = names.get(lang)
        if isinstance(found, str) and found.strip():
            return found
    return main


def clean_names(value: Any, *, field: str = "names") -> dict[str, str]:
    """Validate ``{language: name}``: known languages only, text of at most 255 characters,
    blank entries dropped; none at all is allowed (the main name serves every language)."""
    return clean_texts(value, field=field, required=False, max_length=NAME_MAX_LENGTH)


def person_name(family: str, given: str, middle: str = "") -> str:
    """A person's name as Cadre writes it for every reader, whatever their language: family
    name first (Ахметов Данияр Маратович; Nguyễn Thị Lan, whose family and middle names are
    kept together as the family name, issue 18). The order belongs to the name, not to the
    reader: a Vietnamese name turned round for an English reader is another person's name."""
    return " ".join(p for p in (family.strip(), given.strip(), middle.strip()) if p)
