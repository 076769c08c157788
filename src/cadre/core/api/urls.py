"""The API's URL table: every app's viewsets and views under /api/v1/, as each app declares
them in its app.py (core/registry.py)."""

from __future__ import annotations

from typing import Any


def api_root_patterns() -> list[Any]:
    from cadre.core.registry import api_urlpatterns

    return api_urlpatterns()
