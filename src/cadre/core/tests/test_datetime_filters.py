"""Date-and-time filters take what every database takes: a UTC offset PostgreSQL refuses
(16 hours or more; Python takes up to 23:59) is a 400 naming the filter, not a 500."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import django_filters
import pytest

import cadre
from cadre.core.filtersets import DateTimeFilter

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
MESSAGE = "Enter a UTC offset between -15:59 and +15:59."


@pytest.mark.parametrize("field", ["since", "until"])
@pytest.mark.parametrize("offset", ["+16:00", "-16:00", "+23:59"])
def test_an_offset_postgresql_refuses_is_a_400(api_as, world, field, offset) -> None:
    response = api_as("admin").get(
        "/api/v1/audit-events/", {field: f"2026-03-08T19:03:34{offset}"}, **EN
    )
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "errors": [{"field": field, "code": "invalid_offset", "message": MESSAGE}],
    }


@pytest.mark.parametrize("offset", ["+15:59", "-15:59", "+14:00", "Z"])
def test_an_offset_every_database_takes_filters(api_as, world, offset) -> None:
    client = api_as("admin")
    everything = client.get("/api/v1/audit-events/", {"page_size": 1000}).json()["count"]
    response = client.get("/api/v1/audit-events/", {"until": f"2999-01-01T00:00:00{offset}"})
    assert response.status_code == 200
    assert response.json()["count"] == everything > 0
    since = client.get("/api/v1/audit-events/", {"since": f"2999-01-01T00:00:00{offset}"})
    assert since.json()["count"] == 0


def test_the_audit_page_shows_the_refusal(as_user, world) -> None:
    page = as_user("admin").get("/audit/", {"until": "2026-03-08T19:03:34+16:00"}, **EN)
    assert page.status_code == 200
    assert MESSAGE in page.content.decode()


def test_every_date_time_filter_is_cadres() -> None:
    """A FilterSet that filters on a date and time uses ``DateTimeFilter``, which checks
    the offset."""
    for module in pkgutil.walk_packages(cadre.__path__, "cadre."):
        if ".tests" not in module.name and module.name.endswith("filtersets"):
            importlib.import_module(module.name)
    found = []

    def walk(cls: Any) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("cadre."):
                for name, f in sub.base_filters.items():
                    if isinstance(
                        f, django_filters.DateTimeFilter | django_filters.IsoDateTimeFilter
                    ):
                        found.append((sub.__name__, name, isinstance(f, DateTimeFilter)))
            walk(sub)

    walk(django_filters.FilterSet)
    assert found
    assert [f for f in found if not f[2]] == []
