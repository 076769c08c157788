"""Demo citizen ratings: two public service centres of the Almaty region akimat, a year of
ratings of its staff, one official clearly worse than the rest, and the scores computed."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadre.core.fields import subtree_q
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.ratings.models import Interaction, Rating, ServicePoint, ServiceType

POINTS = [
    ("KZ-R04-AK-CON1", "ЦОН Алатауского района", "ул. Рыскулова, 103"),
    ("KZ-R04-AK-CON2", "ЦОН Медеуского района", "пр. Абая, 24"),
]


def load_ratings(desk_user: Any, seed: int = 7) -> int:
    """Create the demo's interactions and ratings once; returns how many ratings."""
    from cadre.ratings.keys import token_for, token_hash
    from cadre.ratings.scores import scores_recompute

    body = Organisation.objects.filter(code="KZ-R04-AK").first()
    if body is None or ServicePoint.objects.filter(code=POINTS[0][0]).exists():
        return 0
    staff = list(
        Employee.objects.filter(subtree_q("organisation__path", body.path)).order_by("pk")[:12]
    )
    if not staff:
        return 0
    rng = random.Random(seed)  # noqa: S311  (demo data)
    types = list(ServiceType.objects.order_by("code"))
    made = 0
    with transaction.atomic():
        points = [
            ServicePoint.objects.create(organisation=body, code=code, name=name, address=address)
            for code, name, address in POINTS
        ]
        start = timezone.now() - dt.timedelta(days=365)
        for i in range(900):
            employee = staff[i % len(staff)]
            worse = employee == staff[0]
            outcome = rng.choices(["granted", "refused", "other"], [85, 10, 5])[0]
            when = start + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
            external_id = f"DEMO-{i:05d}"
            interaction = Interaction.objects.create(
                issuer=desk_user,
                external_id=external_id,
                organisation=body,
                service_point=points[i % 2],
                service_type=rng.choice(types),
                outcome=outcome,
                channel=rng.choices(["in_person", "online", "phone"], [70, 25, 5])[0],
                occurred_at=when,
                expires_at=when + dt.timedelta(days=14),
                token_hash=token_hash(token_for(desk_user.pk, external_id)),
            )
            interaction.employees.set([employee])
            if rng.random() > 0.45:  # about half the citizens answer
                continue
            negative = 0.35 if worse else (0.25 if outcome == "refused" else 0.04)
            overall = rng.choice([1, 2]) if rng.random() < negative else rng.choice([4, 5, 5])
            interaction.used_at = when + dt.timedelta(hours=rng.randrange(1, 48))
            interaction.save(update_fields=["used_at"])
            rating = Rating.objects.create(
                interaction=interaction,
                organisation=body,
                service_point=interaction.service_point,
                service_type=interaction.service_type,
                outcome=outcome,
                channel=interaction.channel,
                overall=overall,
                courtesy=max(1, min(5, overall + rng.choice([-1, 0, 0, 1]))),
                status="counted",
            )
            # Rated when the citizen used the link, so the dashboards show a year of trend.
            Rating.objects.filter(pk=rating.pk).update(
                submitted_at=min(interaction.used_at, timezone.now() - dt.timedelta(hours=1))
            )
            made += 1
    scores_recompute(until=timezone.now())
    return made
