"""A competence centre with a provider, a course building DG:SA.1 to 3 that needs a basic
course first, sessions, and the assessment fixtures' staff (Aliya, Bolat, Dana in unit A1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from cadre.accounts import services as account_services
from cadre.accounts.choices import Role
from cadre.assessments.tests.conftest import exam, staff  # noqa: F401  (fixtures)
from cadre.core.testing.world import World
from cadre.learning import services
from cadre.orgs import services as org_services
from cadre.orgs.choices import OrgKind


@pytest.fixture
def centre(world: World, staff: Any) -> dict[str, Any]:  # noqa: F811
    admin = world.users["admin"]
    org = org_services.organisation_create(
        actor=admin,
        name="Centre of Digital Competencies",
        code="CDC",
        kind=OrgKind.COMPETENCE_CENTRE,
        parent=world.orgs["country"],
    )
    teacher = account_services.user_create(actor=admin, username="teacher", password="x" * 12)
    account_services.role_assignment_create(
        actor=admin, user=teacher, role=Role.TRAINING_PROVIDER, organisation=org
    )
    world.users["teacher"] = teacher
    basic = services.course_create(
        actor=teacher,
        provider=org,
        code="BASIC",
        titles={"en": "Digital basics", "ru": "Основы цифровизации"},
        hours=16,
        format="online",
        currency="KZT",
    )
    analysis = services.course_create(
        actor=teacher,
        provider=org,
        code="SA-301",
        titles={"en": "Systems analysis in government"},
        hours=40,
        format="blended",
        cost=Decimal("120000.00"),
        currency="KZT",
        languages_taught=["ru", "kk"],
        outcomes=[{"competency": "DG:SA.1", "level": 3}],
        prerequisites=["BASIC"],
        certificate_months=36,
    )
    soon = timezone.localdate() + dt.timedelta(days=7)
    return {
        "org": org,
        "basic": basic,
        "analysis": analysis,
        "basic_session": services.session_create(
            actor=teacher, course=basic, starts_on=soon, ends_on=soon, capacity=10, online=True
        ),
        "session": services.session_create(
            actor=teacher,
            course=analysis,
            starts_on=soon,
            ends_on=soon + dt.timedelta(days=4),
            capacity=2,
            location="Astana, Mangilik El 55",
        ),
    }


from cadre.core.tests.test_browser import browser  # noqa: E402, F401  (the chromium fixture)
