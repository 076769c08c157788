"""The API's permission check: the action permission from model and HTTP method; the row
scope comes from ``restrict`` in the viewset's queryset."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from cadre.core.permissions import can

METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def action_for(request: Request) -> str:
    return METHOD_ACTIONS.get(request.method or "GET", "change")


class ScopedActionPermission(BasePermission):
    """Authenticated, and holding some grant for the action on the view's model.

    Views without a model (``/me/``) need only authentication. Which rows the user reaches
    is the queryset's business, so out-of-scope objects answer 404, not 403.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        model = getattr(view, "scoped_model", None)
        if model is None:
            return True
        action = getattr(view, "scoped_action", None) or action_for(request)
        return can(user, model._meta.label_lower, action)
