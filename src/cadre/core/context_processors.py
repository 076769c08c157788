from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from cadre.core.registry import menu_for


def cadre(request: HttpRequest) -> dict[str, Any]:
    """The navigation the user may use, and the profile Cadre runs in."""
    user = getattr(request, "user", None)
    nav: list[tuple[Any, str]] = []
    if user is not None and user.is_authenticated:
        nav = menu_for(user)  # every app's entries (core/registry.py)
    return {"cadre_nav": nav, "cadre_profile": settings.PROFILE}
