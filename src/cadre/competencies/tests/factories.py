"""A small framework and standard for tests, made through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cadre.competencies import frameworks, services
from cadre.competencies.models import FrameworkVersion, PositionProfile, ProfileVersion


def framework_json(code: str = "T", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "cadre.framework/1",
        "code": code,
        "name": {"en": "Test framework", "ru": "Тестовая рамка"},
        "description": {"en": "For tests"},
        "levels": [
            {"rank": r, "code": c, "name": {"en": c.title()}, "descriptor": {"en": f"Level {r}"}}
            for r, c in enumerate(["aware", "working", "practitioner", "expert"], start=1)
        ],
        "competencies": [
            {"code": "A", "parent": None, "category": True, "name": {"en": "Analysis"}},
            {
                "code": "A.1",
                "parent": "A",
                "category": False,
                "name": {"en": "Requirements", "ru": "Требования"},
                "indicators": {"2": {"en": "Writes requirements with help"}},
            },
            {"code": "A.2", "parent": "A", "category": False, "name": {"en": "Modelling"}},
            {"code": "S", "parent": None, "category": True, "name": {"en": "Security"}},
            {"code": "S.1", "parent": "S", "category": False, "name": {"en": "Data protection"}},
        ],
    }
    data.update(overrides)
    return data


def published_framework(actor: Any, code: str = "T", **overrides: Any) -> FrameworkVersion:
    data = frameworks.parse_json(framework_json(code, **overrides))
    return services.framework_import(actor=actor, data=data, publish=True)


def standard(
    actor: Any,
    organisation: Any,
    requirements: list[dict[str, Any]],
    code: str = "STD-1",
    posts: list[Any] = (),  # type: ignore[assignment]
) -> tuple[PositionProfile, ProfileVersion]:
    profile = services.profile_create(
        actor=actor, organisation=organisation, code=code, title=f"Standard {code}"
    )
    version = services.profile_version_create(
        actor=actor,
        profile=profile,
        legal_document="Order No. 1",
        legal_date=dt.date(2026, 1, 15),
        requirements=requirements,
        in_force=True,
    )
    if posts:
        services.profile_posts_attach(
            actor=actor, profile=profile, post_codes=[p.code for p in posts]
        )
    return profile, version
