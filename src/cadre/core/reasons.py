"""Why a write was made: the reason a user gives, kept in the audit event (``reason``).

Every write made by hand may carry a reason: a "Reason for the change" field on the
generic edit and delete pages and on a person's file, the ``X-Cadre-Reason`` header on the
API's writes. Where a change made by hand touches what people's careers, pay or public
standing rest on, the reason is required: a model says so in one line, naming the actions
that need one (see docs/decisions/0014-audit-reasons.md)::

    class Salary(ScopedModel):
        audit_reason_required = CHANGE_AND_DELETE

The generic views and the API ask for it from that declaration before anything is
written, and the model's services refuse a write made by hand without one
(``require_reason``), whatever view called them. Writes that are not made by hand
(imports, which record their file instead; background tasks; the system) need none.
"""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import unquote

from django import forms
from django.db.models import Model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError

MAX_LENGTH = 500
HEADER = "X-Cadre-Reason"
FIELD = "reason"
CHANGE_AND_DELETE = frozenset({"change", "delete"})
# The ways a person writes directly; imports run as tasks and record their file instead.
BY_HAND = frozenset({AuditSource.WEB, AuditSource.API, AuditSource.CLI})


def reason_required(model: type[Model] | Model, action: str) -> bool:
    """Whether a write ``action`` ("add", "change", "delete") of ``model`` made by hand
    needs a reason (the model's ``audit_reason_required``)."""
    return action in getattr(model, "audit_reason_required", frozenset())


def missing_message() -> str:
    return gettext("Give the reason for this change; it is kept in the audit log.")


def require_reason(reason: str, *, model: type[Model] | Model, action: str, source: str) -> str:
    """The reason, stripped; refused (field ``reason``, code ``required``) when it is empty
    and ``model`` needs one for ``action`` made by hand. Services call it before they write."""
    reason = (reason or "").strip()
    if not reason and source in BY_HAND and reason_required(model, action):
        raise ApplicationError(missing_message(), field=FIELD, code="required")
    return reason


def from_header(value: str) -> str:
    """The text of an ``X-Cadre-Reason`` header: UTF-8, sent as it is or percent-encoded
    (``%D0%9F…``, as a browser's ``fetch`` must, since it sends only Latin-1 headers).
    WSGI hands headers over decoded as Latin-1; their UTF-8 is recovered here."""
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        value = value.encode("latin-1").decode("utf-8")
    if "%" in value:
        with contextlib.suppress(UnicodeDecodeError):
            value = unquote(value, errors="strict")
    return value


class ReasonField(forms.CharField):
    """The "Reason for the change" field of the edit and delete pages."""

    def __init__(self, *, required: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Reason for the change"))
        kwargs.setdefault(
            "help_text",
            _("Kept in the audit log; required here.") if required else _("Kept in the audit log."),
        )
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2, "maxlength": MAX_LENGTH}))
        super().__init__(required=required, max_length=MAX_LENGTH, **kwargs)
        self.error_messages["required"] = missing_message()


def add_reason_field(form: forms.BaseForm, *, model: Any, action: str) -> forms.BaseForm:
    """Give ``form`` its reason field, required where ``model`` needs one for ``action``."""
    form.fields[FIELD] = ReasonField(required=reason_required(model, action))
    return form


class ReasonForm(forms.Form):
    """The reason alone (a delete page)."""

    def __init__(self, *args: Any, model: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_reason_field(self, model=model, action=action)
