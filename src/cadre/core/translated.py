"""Content that people write (competency names, descriptors, questions) in each UI language.

Such text is stored as a JSON object ``{"ru": "…", "kk": "…", "vi": "…", "en": "…"}``; a
reader gets the text of the active language, else English, else the first one given.
Decision 0011.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cadre.core.errors import ApplicationError


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def pick(texts: Any, language: str | None = None) -> str:
    """The text for ``language`` (default: the active one), with the fallbacks above."""
    if not isinstance(texts, dict) or not texts:
        return ""
    lang = (language or get_language() or "en")[:2]
    return texts.get(lang) or texts.get("en") or next((t for t in texts.values() if t), "")


def clean_texts(
    value: Any, *, field: str, required: bool = True, max_length: int = 255
) -> dict[str, str]:
    """Validate a ``{language: text}`` object; refuse unknown languages, non-text and
    over-long values, naming ``field``. Blank entries are dropped."""
    if value is None or value == "":
        value = {}
    if isinstance(value, str):  # a plain string is text in no particular language: English
        value = {"en": value}
    if not isinstance(value, dict):
        raise ApplicationError(
            _('Give the text as an object of language codes, e.g. {"en": "…"}.'),
            field=field,
        )
    known = languages()
    out: dict[str, str] = {}
    for lang, text in value.items():
        if lang not in known:
            raise ApplicationError(
                _("Unknown language “%(lang)s”; use one of: %(known)s.")
                % {"lang": lang, "known": ", ".join(known)},
                field=field,
            )
        if not isinstance(text, str):
            raise ApplicationError(_("The text must be a string."), field=field)
        text = text.strip()
        if len(text) > max_length:
            raise ApplicationError(
                _("Text longer than %(max)d characters.") % {"max": max_length}, field=field
            )
        if text:
            out[lang] = text
    if required and not out:
        raise ApplicationError(_("Give the text in at least one language."), field=field)
    return out
