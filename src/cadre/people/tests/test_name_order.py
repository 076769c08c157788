"""A person's name reads family name first for every reader (issue 18, item 5; decision
0044): the order belongs to the name, so a Vietnamese name is never turned round."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from cadre.core.i18n_names import person_name
from cadre.core.testing.world import World
from cadre.people.services import employee_create


def test_person_name_writes_family_given_middle() -> None:
    assert person_name("Ахметов", "Данияр", "Маратович") == "Ахметов Данияр Маратович"
    assert person_name("Nguyễn Thị", "Lan") == "Nguyễn Thị Lan"
    assert person_name(" Serik ", "Dana", "") == "Serik Dana"


@pytest.mark.django_db
def test_a_vietnamese_name_reads_family_first_in_every_language(world: World, as_user: Any) -> None:
    lan = employee_create(
        actor=world.users["admin"],
        personal_id="VN-0001",
        last_name="Nguyễn Thị",
        first_name="Lan",
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        organisation=world.orgs["unit_a1"],
    )
    for lang in ("en", "ru", "kk", "vi"):
        with translation.override(lang):
            assert str(lan) == "Nguyễn Thị Lan", lang
        page = as_user("admin").get(lan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=lang)
        assert "Nguyễn Thị Lan" in page.content.decode(), lang
        assert "Lan Nguyễn Thị" not in page.content.decode(), lang
