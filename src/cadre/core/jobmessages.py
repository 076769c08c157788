"""Progress and result messages of jobs in the reader's language (issue 18, item 5).

A job's handler runs in its requester's language, and its ``message`` column holds the text
it wrote in it: a Kazakh officer's import read "Checking rows" in Kazakh to everyone. A
handler now says what it does with ``job_message(gettext_noop("Checking rows"))`` (with
``%(name)s`` parameters as keywords): a ``str`` in the active language, as before, that also
carries its source text and parameters. The runner keeps them in ``Job.message_key``, and a
reader sees ``Job.display_message``: the source text translated into the reader's language.
A job written before (no key) or a message that is not a ``job_message`` (an error's text)
is shown as it was stored."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext


class JobMessage(str):
    """A message in the active language that remembers its source text and parameters."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, params: dict[str, Any]) -> JobMessage:
        text = gettext(msgid)
        obj = super().__new__(cls, text % params if params else text)
        obj.msgid, obj.params = msgid, params
        return obj

    def key(self) -> dict[str, Any]:
        return {"msgid": self.msgid, "params": self.params}


def job_message(msgid: str, **params: Any) -> JobMessage:
    """``msgid`` (marked with ``gettext_noop``) translated now, and again for each reader."""
    plain = {k: v if isinstance(v, (int, float)) else str(v) for k, v in params.items()}
    return JobMessage(msgid, plain)


def key_of(message: Any) -> dict[str, Any]:
    """What the runner stores beside the text: the source of a ``job_message``, else ``{}``."""
    return message.key() if isinstance(message, JobMessage) else {}


def render(message: str, key: Any) -> str:
    """The message in the active language: from its key when it has one, else as stored."""
    if isinstance(key, dict) and isinstance(key.get("msgid"), str):
        params = key.get("params") or {}
        text = gettext(key["msgid"])
        try:
            return text % params if params else text
        except (KeyError, TypeError, ValueError):  # a catalogue entry that lost a parameter
            return message
    return message
