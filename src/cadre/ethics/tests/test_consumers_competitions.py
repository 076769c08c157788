"""Competition commissions recuse automatically from a relation declared to ethics control,
the reason (the relation's kind) recorded on the recusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cadre.competitions.models import Recusal as CompetitionRecusal
from cadre.competitions.services.commission import recuse_conflicts
from cadre.competitions.tests.conftest import cast, exam  # noqa: F401  (fixtures)
from cadre.competitions.tests.test_flow import interview  # noqa: F401  (fixture)
from cadre.core.testing.world import World
from cadre.ethics import services
from cadre.ethics.tests.conftest import person
from cadre.talent.tests.conftest import analyst, people  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_a_commission_member_with_a_declared_relation_is_recused(
    world: World,
    interview: dict[str, Any],  # noqa: F811
) -> None:
    competition, apps = interview["competition"], interview["apps"]
    record = person(world, "B0077", "Chair", "unit_b1", world.users["hr_b"])
    services.declaration_create(
        actor=world.users["hr_b"],
        employee=record,
        kind="former_employer",
        related_employee=apps["aliya"].employee,
        starts_on=dt.date(2019, 1, 1),
        ends_on=dt.date(2030, 1, 1),
    )
    assert recuse_conflicts(competition) == {
        f"recusal hr_b / application {apps['aliya'].pk}": [
            None,
            "declared interest: former employer",
        ]
    }
    assert (
        CompetitionRecusal.objects.filter(
            member__user=world.users["hr_b"], application=apps["aliya"]
        ).count()
        == 1
    )
