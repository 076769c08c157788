"""Course descriptions in the reader's language (issue 18, item 5)."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.core.errors import ApplicationError
from cadre.learning import services


def test_a_course_reads_its_description_in_the_readers_language_else_english(
    world: Any, centre: dict[str, Any], as_user: Any, api_as: Any
) -> None:
    course = services.course_create(
        actor=world.users["admin"],
        provider=centre["org"],
        code="DESC-1",
        titles={"en": "Open data", "kk": "Ашық деректер"},
        descriptions={"en": "Publishing registers as open data.", "kk": "Тізілімдерді жариялау."},
        hours=8,
        format="online",
        currency="KZT",
    )
    kk = as_user("employee_a1").get(course.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="kk")
    assert '<p class="lead">Тізілімдерді жариялау.</p>' in kk.content.decode()
    ru = as_user("employee_a1").get(course.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru")
    assert '<p class="lead">Publishing registers as open data.</p>' in ru.content.decode()
    answer = (
        api_as("employee_a1").get(f"/api/v1/courses/{course.pk}/", HTTP_ACCEPT_LANGUAGE="kk").json()
    )
    assert answer["description"] == "Тізілімдерді жариялау."
    assert answer["descriptions"] == {
        "en": "Publishing registers as open data.",
        "kk": "Тізілімдерді жариялау.",
    }


@pytest.mark.django_db
def test_a_description_in_an_unknown_language_is_refused(world: Any, centre: Any) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.course_create(
            actor=world.users["admin"],
            provider=centre["org"],
            code="DESC-2",
            titles={"en": "X"},
            descriptions={"de": "Nein"},
            hours=8,
            format="online",
            currency="KZT",
        )
    assert caught.value.errors == {
        "descriptions": ["Unknown language “de”; use one of: ru, kk, vi, en."]
    }
