"""What each app contributes to the whole: its pages, its API, its menu entries and its
periodic jobs (docs/development/adding-an-app.md).

An app declares its parts in its own ``app.py`` with ``contribute(...)``, imported from its
``AppConfig.ready()``; ``core`` collects them here and names no app. The other kinds of
contribution are registered where they are defined: job handlers with
``@job_handler(kind)`` (``core.tasks``), import kinds with ``@register_import``
(``core.imports``), stored figures with ``stored_figures(kind, from_types=…)``
(``core.stale``), role grants with ``grant(...)`` (``core.permissions``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class MenuEntry:
    """A link in the main menu, shown to the users ``visible`` lets through."""

    label: Any  # a lazy translation
    url_name: str
    order: int  # place in the menu: lower first
    visible: Callable[[Any], bool] = lambda user: True


@dataclass(frozen=True)
class AppParts:
    """Everything an app adds beyond its models.

    - ``urls``: ``(prefix, module)`` pairs of web pages, e.g. ``("people/",
      "cadre.people.urls")``; a module with ``app_name`` gets its namespace.
    - ``api_routes``: ``(prefix, "dotted.path.ViewSet", basename)`` on the API router under
      ``/api/v1/``.
    - ``api_paths``: ``(route, "dotted.path.APIView", name)`` for API views outside the
      router.
    - ``menu``: the app's main-menu entries.
    - ``periodic``: entries of the beat schedule (``{"name": {"task": …, "schedule": …}}``),
      run by ``celery beat`` with a broker and by ``cadre scheduler`` without one.
    """

    app: str
    urls: tuple[tuple[str, str], ...] = ()
    api_routes: tuple[tuple[str, str, str], ...] = ()
    api_paths: tuple[tuple[str, str, str], ...] = ()
    menu: tuple[MenuEntry, ...] = ()
    periodic: dict[str, dict[str, Any]] = field(default_factory=dict)


APPS: dict[str, AppParts] = {}


def contribute(parts: AppParts) -> None:
    """Register an app's parts (once per app; a second call replaces the first)."""
    APPS[parts.app] = parts


def web_urlpatterns() -> list[Any]:
    from django.urls import include, path

    return [
        path(prefix, include(module)) for parts in APPS.values() for prefix, module in parts.urls
    ]


def api_urlpatterns() -> list[Any]:
    from django.urls import path
    from django.utils.module_loading import import_string
    from rest_framework.routers import DefaultRouter

    router = DefaultRouter()
    for parts in APPS.values():
        for prefix, viewset, basename in parts.api_routes:
            router.register(prefix, import_string(viewset), basename=basename)
    views = [
        path(route, import_string(view).as_view(), name=name)
        for parts in APPS.values()
        for route, view, name in parts.api_paths
    ]
    return [*views, *router.urls]


def menu_for(user: Any) -> list[tuple[Any, str]]:
    """The main menu of ``user``: (label, address) in order."""
    from django.urls import reverse

    entries = sorted(
        (e for parts in APPS.values() for e in parts.menu), key=lambda e: (e.order, e.url_name)
    )
    return [(e.label, reverse(e.url_name)) for e in entries if e.visible(user)]


def periodic_jobs() -> dict[str, dict[str, Any]]:
    """The beat schedule: every app's periodic jobs."""
    schedule: dict[str, dict[str, Any]] = {}
    for parts in APPS.values():
        for name, entry in parts.periodic.items():
            if name in schedule:
                raise ValueError(f"two apps declare the periodic job {name!r}")
            schedule[name] = entry
    return schedule
