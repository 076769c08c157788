"""Generated read × scope cases of position standards' versions (issue 16 item 7): a
standard kept by body B, and so its versions, is not body A's to read."""

from __future__ import annotations

import datetime as dt

from cadre.competencies import services
from cadre.competencies.models import Framework, ProfileVersion
from cadre.competencies.tests.factories import published_framework
from cadre.competencies.tests.test_standards import make_profile
from cadre.core.testing import crud
from cadre.core.testing.world import World


class TestProfileVersionRead(crud.APIRead):
    model = ProfileVersion
    api_basename = "profileversion"

    def make(self, world: World, where: str) -> ProfileVersion:
        if not Framework.objects.filter(code="T").exists():
            published_framework(world.users["admin"])
        return services.profile_version_create(
            actor=world.users["admin"],
            profile=make_profile(world, where),
            legal_document="Order No. 7",
            legal_date=dt.date(2026, 2, 1),
            requirements=[{"competency": "T:A.1", "level": 2, "weight": 1}],
        )
