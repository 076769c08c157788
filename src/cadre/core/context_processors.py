from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from cadre.core.registry import MenuGroup, menu_groups_for


def cadre(request: HttpRequest) -> dict[str, Any]:
    """The navigation the user may use, and the profile Cadre runs in."""
    user = getattr(request, "user", None)
    menu: list[MenuGroup] = []
    if user is not None and user.is_authenticated:
        menu = menu_groups_for(user)  # every app's entries, grouped (core/registry.py)
    return {"cadre_menu": menu, "cadre_profile": settings.PROFILE}
