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

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class MenuEntry:
    """A link in the main menu, shown to the users ``visible`` lets through. ``group`` is the
    heading it is listed under (a lazy translation, e.g. ``_("Learning")``, the same text
    in every app of the group); an entry without one stands on its own."""

    label: Any  # a lazy translation
    url_name: str
    order: int  # place in the menu: lower first
    visible: Callable[[Any], bool] = lambda user: True
    group: Any = ""


TASK, FIGURE, ALERT = "task", "figure", "alert"


@dataclass(frozen=True)
class HomeItem:
    """One line of a user's home page (decision 0028): something to do (``TASK``: how many,
    by when), a figure the user is judged on (``FIGURE``: its ``value``) or something gone
    wrong (``ALERT``). ``url`` is the page where it is done: the app that contributes the
    item shows it only to a user that page lets in, counting with the same scope."""

    kind: str
    label: Any
    url: str
    count: int | None = None
    due: dt.date | None = None
    value: Any = None
    note: Any = ""

    @property
    def overdue(self) -> bool:
        from django.utils import timezone

        return self.due is not None and self.due < timezone.localdate()


HomeSource = Callable[[Any], Iterable[HomeItem]]


@dataclass(frozen=True)
class Panel:
    """A summary an app shows on another app's record page (a person's, an organisation's):
    ``figures`` are ``(label, value)`` pairs, ``items`` ``(text, url or "", note)`` lines
    (at most a handful), ``more`` a ``(label, url)`` link to the app's own page. The app
    returns one only when the user may see what it says, counted with the scope of the
    page it links to (as home items do, decision 0028)."""

    title: Any
    figures: tuple[tuple[Any, Any], ...] = ()
    items: tuple[tuple[Any, str, Any], ...] = ()
    more: tuple[Any, str] | None = None
    empty: Any = ""
    order: int = 50


# ``(user, record) → Panel or None``
PanelSource = Callable[[Any, Any], "Panel | None"]

KEEP, DELETE, ANONYMISE = "keep", "delete", "anonymise"


@dataclass(frozen=True)
class PersonalRecords:
    """Rows an app holds about a person (decision 0034), for the person's data export and
    for erasure. ``model`` is a label (``"people.education"``); ``person`` the lookup from
    it to the employee's id (``"employee"``, ``"id"``, ``"user__employee"``); ``fields``
    what the export shows (empty: every concrete field). On erasure the rows are deleted
    (``DELETE``), anonymised (``ANONYMISE``: ``replace`` gives each field its new value, or
    a callable ``row → value``) or kept (``KEEP``, saying why in ``kept_because``)."""

    model: str
    person: str = "employee"
    erase: str = KEEP
    fields: tuple[str, ...] = ()
    replace: dict[str, Any] = field(default_factory=dict)
    kept_because: Any = ""


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
    - ``home``: callables ``user → HomeItem…``, what the app puts on the user's home page:
      their tasks, figures and alerts (a few cheap queries each, scoped as the target page).
    - ``panels``: ``(model label, source)`` pairs: summaries the app adds to the detail page
      of another app's records (``"people.employee"``: the person's learning, tests,
      ratings; ``"orgs.organisation"``: its staff), without that app importing this one.
    - ``periodic``: entries of the beat schedule (``{"name": {"task": …, "schedule": …}}``),
      run by ``celery beat`` with a broker and by ``cadre scheduler`` without one.
    - ``personal_data``: what the app holds about a person (``PersonalRecords``), for the
      person's data export and for erasure (the privacy app reads them).
    """

    app: str
    urls: tuple[tuple[str, str], ...] = ()
    api_routes: tuple[tuple[str, str, str], ...] = ()
    api_paths: tuple[tuple[str, str, str], ...] = ()
    menu: tuple[MenuEntry, ...] = ()
    home: tuple[HomeSource, ...] = ()
    panels: tuple[tuple[str, PanelSource], ...] = ()
    periodic: dict[str, dict[str, Any]] = field(default_factory=dict)
    personal_data: tuple[PersonalRecords, ...] = ()


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


# ``user → the URL names of the only menu entries the user is shown, or None`` (no limit):
# an app whose role must see its own pages only (an external candidate) says so from its
# ``app.py``, without the other apps' entries knowing of it.
MenuLimit = Callable[[Any], "frozenset[str] | None"]
MENU_LIMITS: list[MenuLimit] = []


def limit_menu(limit: MenuLimit) -> None:
    """Register a limit on the menu (``MENU_LIMITS``)."""
    MENU_LIMITS.append(limit)


def _entries(user: Any) -> list[MenuEntry]:
    entries = sorted(
        (e for parts in APPS.values() for e in parts.menu), key=lambda e: (e.order, e.url_name)
    )
    for limit in MENU_LIMITS:
        allowed = limit(user)
        if allowed is not None:
            entries = [e for e in entries if e.url_name in allowed]
    return [e for e in entries if e.visible(user)]


def menu_for(user: Any) -> list[tuple[Any, str]]:
    """The main menu of ``user``: (label, address) in order."""
    from django.urls import reverse

    return [(e.label, reverse(e.url_name)) for e in _entries(user)]


@dataclass(frozen=True)
class MenuGroup:
    """A heading of the grouped menu and the entries under it the user may open; a group
    without a heading (``label`` empty) is an entry standing on its own."""

    label: Any
    links: tuple[tuple[Any, str], ...]


def menu_groups_for(user: Any) -> list[MenuGroup]:
    """The main menu of ``user`` grouped: each group where its first entry falls in the
    order, only the entries the user may open, no empty group."""
    from django.urls import reverse

    groups: dict[str, tuple[Any, list[tuple[Any, str]]]] = {}
    for e in _entries(user):
        key = str(e.group) if e.group else f"#{e.url_name}"
        groups.setdefault(key, (e.group, []))[1].append((e.label, reverse(e.url_name)))
    return [MenuGroup(label, tuple(links)) for label, links in groups.values()]


def home_for(user: Any) -> dict[str, list[HomeItem]]:
    """What every app puts on ``user``'s home page, by kind: tasks by their deadline (the
    overdue and the soonest first, those without one last), figures and alerts in the
    order of the apps."""
    out: dict[str, list[HomeItem]] = {TASK: [], FIGURE: [], ALERT: []}
    for parts in APPS.values():
        for source in parts.home:
            for item in source(user):
                out[item.kind].append(item)
    out[TASK].sort(key=lambda i: (i.due is None, i.due or dt.date.max, str(i.label)))
    return out


def panels_for(label: str, user: Any, record: Any) -> list[Panel]:
    """The summaries every app adds to the page of ``record`` (a model labelled ``label``)
    for ``user``, by their ``order`` then the order of the apps."""
    found = [
        panel
        for parts in APPS.values()
        for model, source in parts.panels
        if model == label and (panel := source(user, record)) is not None
    ]
    return sorted(found, key=lambda p: p.order)


def personal_records() -> list[PersonalRecords]:
    """What every app holds about a person, in the order of the apps."""
    return [r for parts in APPS.values() for r in parts.personal_data]


def periodic_jobs() -> dict[str, dict[str, Any]]:
    """The beat schedule: every app's periodic jobs."""
    schedule: dict[str, dict[str, Any]] = {}
    for parts in APPS.values():
        for name, entry in parts.periodic.items():
            if name in schedule:
                raise ValueError(f"two apps declare the periodic job {name!r}")
            schedule[name] = entry
    return schedule
