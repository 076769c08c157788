"""Is the score fit for pay? Synthetic officials whose true ratios are known go through the
real scoring code (ratings stored as rows, then ``scores_recompute``), and the flag and the
interval are checked against the truth (issue 19, decision 0021).

Each official *i* in body *j* has a true ratio θ_i ~ Gamma(4, 4) (mean 1, sd 0.5); each of
their ratings is negative with probability p_c × θ_i × h_j, where p_c is the rate of its
case-mix cell (granted 0.05, refused 0.15) and h_j the harshness of the body's public.
Three cases, each its own network of officials:

- ``case_mix``: officials refuse between 0% and 70% of the time;
- ``tiny_samples``: three officials in five have 1–10 ratings;
- ``harsh_body``: the public of one body in six rates twice as harshly.

What the score estimates is the official's ratio to comparable officials: θ_i over the mean
true ratio of their body's officials (weighted by expected negatives), which the body's
effect absorbs. A flag (``reliably_worse``) is right when that ratio is above 1: the
official truly is worse than comparable officials (the share of flags above 1.2 is
reported too). The 90% interval covers when the ratio is between ``ratio_low`` and
``ratio_high`` (every official with a counted rating). Figures before and after decision
0021 are in that record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from django.utils import timezone

from cadre.core.audit import AuditSource
from cadre.orgs import services as org_services
from cadre.orgs.choices import OrgKind
from cadre.people.models import Employee
from cadre.ratings.models import (
    EmployeeScore,
    Interaction,
    Rating,
    ServicePoint,
    ServiceType,
    UnitScore,
)
from cadre.ratings.scores import WORSE_RATIO, scores_recompute

OFFICIALS = 300
RATES = {"granted": 0.05, "refused": 0.15}


@dataclass(frozen=True)
class Case:
    bodies: int
    refusals: tuple[float, float]  # each official's share of refusals, uniform in this range
    tiny: float  # the share of officials with 1–10 ratings (the others: 30–120)
    harsh: float  # the first body's public rates this many times as harshly


CASES = {
    "case_mix": Case(bodies=3, refusals=(0.0, 0.7), tiny=0.0, harsh=1.0),
    "tiny_samples": Case(bodies=3, refusals=(0.1, 0.3), tiny=0.6, harsh=1.0),
    "harsh_body": Case(bodies=6, refusals=(0.1, 0.3), tiny=0.0, harsh=2.0),
}


def simulate(world: Any, case: Case, seed: int) -> dict[str, float]:
    """Store the case's officials and ratings, recompute, and measure."""
    rng = np.random.default_rng(seed)
    admin = world.users["admin"]
    now = timezone.now()
    service_type = ServiceType.objects.get_or_create(
        code="certificates", defaults={"names": {"en": "Certificates"}}
    )[0]
    bodies, points = [], []
    for j in range(case.bodies):
        body = org_services.organisation_create(
            actor=admin,
            name=f"Simulated body {j}",
            code=f"SIM-{seed}-{j}",
            kind=OrgKind.CENTRAL_BODY,
            parent=world.orgs["country"],
            source=AuditSource.SYSTEM,
        )
        bodies.append(body)
        points.append(ServicePoint.objects.create(organisation=body, code=body.code, name="Desk"))
    where = rng.integers(0, case.bodies, OFFICIALS)
    officials = Employee.objects.bulk_create(
        Employee(
            personal_id=f"SIM-{seed}-{i:04d}",
            last_name=f"Official{i:04d}",
            first_name="Sim",
            birth_date=dt.date(1985, 1, 1),
            gender="F",
            organisation=bodies[where[i]],
        )
        for i in range(OFFICIALS)
    )
    theta = rng.gamma(4.0, 1 / 4.0, OFFICIALS)
    tiny = rng.random(OFFICIALS) < case.tiny
    counts = np.where(tiny, rng.integers(1, 11, OFFICIALS), rng.integers(40, 201, OFFICIALS))
    refusing = rng.uniform(*case.refusals, OFFICIALS)
    harshness = np.where(where == 0, case.harsh, 1.0)
    interactions: list[Interaction] = []
    ratings: list[Rating] = []
    served: list[Employee] = []
    for i, official in enumerate(officials):
        for _ in range(counts[i]):
            outcome = "refused" if rng.random() < refusing[i] else "granted"
            chance = min(0.95, RATES[outcome] * theta[i] * harshness[i])
            overall = int(rng.integers(1, 3) if rng.random() < chance else rng.integers(3, 6))
            k = len(interactions)
            common = {
                "organisation": bodies[where[i]],
                "service_point": points[where[i]],
                "service_type": service_type,
                "outcome": outcome,
                "channel": "in_person",
            }
            interactions.append(
                Interaction(
                    issuer=admin,
                    external_id=f"SIM-{seed}-{k}",
                    occurred_at=now,
                    expires_at=now + dt.timedelta(days=1),
                    used_at=now,
                    token_hash=f"{seed:04d}{k:060d}",
                    **common,
                )
            )
            ratings.append(Rating(overall=overall, status="counted", **common))
            served.append(official)
    Interaction.objects.bulk_create(interactions, batch_size=2000)
    through: Any = Interaction.employees.through
    through.objects.bulk_create(
        (
            through(interaction_id=interaction.pk, employee_id=official.pk)
            for interaction, official in zip(interactions, served, strict=True)
        ),
        batch_size=2000,
    )
    for rating, interaction in zip(ratings, interactions, strict=True):
        rating.interaction = interaction
    Rating.objects.bulk_create(ratings, batch_size=2000)

    written = scores_recompute(until=timezone.now() + dt.timedelta(seconds=1))
    assert "held" not in written  # no streaks among these ratings
    scores = {s.employee_id: s for s in EmployeeScore.objects.filter(employee__in=officials)}
    # What the score estimates: the official's ratio to the officials of their body (the
    # body's mean true ratio, weighted by ratings, is part of the body's effect).
    exposure = counts * np.array(
        [RATES["refused"] * r + RATES["granted"] * (1 - r) for r in refusing]
    )
    body_mean = np.array(
        [np.average(theta[where == j], weights=exposure[where == j]) for j in range(case.bodies)]
    )
    truth = {official.pk: theta[i] / body_mean[where[i]] for i, official in enumerate(officials)}
    flagged = [pk for pk, s in scores.items() if s.reliably_worse]
    rated = [pk for pk, s in scores.items() if s.ratings]
    covered = [pk for pk in rated if scores[pk].ratio_low <= truth[pk] <= scores[pk].ratio_high]
    effects = UnitScore.objects.filter(kind="organisation", object_id__in=[b.pk for b in bodies])
    return {
        "flagged": len(flagged),
        "precision": sum(truth[pk] > 1 for pk in flagged) / len(flagged) if flagged else 1.0,
        "above_1_2": (
            sum(truth[pk] > WORSE_RATIO for pk in flagged) / len(flagged) if flagged else 1.0
        ),
        "coverage": len(covered) / len(rated),
        "harsh_effect": next(u.effect for u in effects if u.object_id == bodies[0].pk),
    }


@pytest.mark.parametrize("name", list(CASES))
def test_the_flag_is_precise_and_the_interval_covers(world, name: str) -> None:
    figures = simulate(world, CASES[name], seed=2026)
    print(name, figures)
    assert figures["flagged"] >= 5
    assert figures["precision"] >= 0.95
    assert 0.85 <= figures["coverage"] <= 0.95
    if name == "harsh_body":
        # The harsh public is reported as the body's own effect (relative to the network,
        # of which that body's ratings are a sixth: 2 / (5/6 + 2/6) ≈ 1.7, shrunk).
        assert figures["harsh_effect"] > 1.4
