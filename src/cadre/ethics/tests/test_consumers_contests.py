"""Contest juries recuse automatically from a relation declared
to ethics control; the organiser reads the reason (the relation's kind), the others not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cadre.contests.models import Recusal
from cadre.contests.tests.conftest import admit, apply, as_user, setup  # noqa: F401
from cadre.core.testing.world import World
from cadre.ethics import services
from cadre.ethics.tests.conftest import person

pytestmark = pytest.mark.django_db


def test_a_juror_with_a_declared_relation_is_recused(
    world: World,
    setup: dict[str, Any],  # noqa: F811
    as_user: Any,  # noqa: F811
) -> None:
    juror2 = world.users["juror2"]
    record = person(world, "J0002", "Juror2", "unit_b1", juror2)
    aliya = setup["aliya"]
    services.declaration_create(
        actor=juror2,
        employee=record,
        kind="kin",
        related_employee=aliya,
        description="Aliya is my cousin",
        starts_on=dt.date(2000, 1, 1),
    )
    entry = admit(world, apply(world, setup, "employee_a1", "E-licensing"))
    recusals = list(
        Recusal.objects.filter(application=entry).values_list(
            "juror__user__username", "kind", "detail"
        )
    )
    assert recusals == [("juror2", "kin", "declared interest: kin")]
    url = entry.get_absolute_url()
    assert "declared interest: kin" in as_user("hr_a").get(url).content.decode()
    for other in ("juror2", "juror3", "employee_a1"):
        content = as_user(other).get(url).content.decode()
        assert "declared interest" not in content
        assert "cousin" not in content
