"""``{% may_do "app.model" "action" as name %}``: whether the reader may do ``action`` on
some row of the model — the check the target page makes, so a page shows a link only to
those who may follow it (issue 18)."""

from __future__ import annotations

from typing import Any

from django import template

from cadre.core.permissions import can

register = template.Library()


@register.simple_tag(takes_context=True)
def may_do(context: Any, label: str, action: str = "view") -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and can(user, label, action))
