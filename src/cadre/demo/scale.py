"""A plausible country at national scale, for benchmarks: ``cadre demo --scale N``.

N people in about N/20 units: 20 regions, each with districts whose local bodies have
units, and 20 central bodies with departments and units; one IT unit in every body; posts
with pay bands; people with a main post, one education record (about half an IT specialty)
and, for some, a concurrent duty. Written with bulk inserts in batches (a generator, not an
import: one audit event records the run), so memory stays flat.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.orgs.choices import Currency, Level, OrgKind
from cadre.orgs.models import Organisation, Post
from cadre.people.choices import AssignmentKind, EducationLevel, Gender
from cadre.people.models import Assignment, Education, Employee, Specialty

BATCH = 5000
PEOPLE_PER_UNIT = 20
START = dt.date(2023, 9, 1)


def _tree_shape(people: int) -> tuple[int, int, int]:
    """(regions, districts per region, units per body) for about people/20 units."""
    units = max(1, people // PEOPLE_PER_UNIT)
    regions = 20
    bodies = max(1, units // 10)  # about 10 units under each body
    districts = max(1, (bodies - 20) // regions)
    per_body = max(1, units // (20 + regions * districts))
    return regions, districts, per_body


def _bulk_orgs(
    rows: Sequence[tuple[str, str, str, str, Organisation | None, bool]],
) -> list[Organisation]:
    """Insert (code, name, kind, level, parent, is_it_unit) rows of one tree level, then set
    their paths from the ids the database gave."""
    objs = [
        Organisation(
            code=c,
            name=n,
            kind=k,
            level=lv,
            parent=p,
            is_it_unit=it,
            path=f"/new-{c}/",
            depth=(p.depth + 1) if p else 0,
        )
        for c, n, k, lv, p, it in rows
    ]
    created: list[Organisation] = []
    for i in range(0, len(objs), BATCH):
        created += Organisation.objects.bulk_create(objs[i : i + BATCH])
    for org in created:
        parent_path = org.parent.path if org.parent else "/"
        org.path = f"{parent_path}{org.pk}/"
    Organisation.objects.bulk_update(created, ["path"], batch_size=BATCH)
    return created


def generate(*, actor: Any, people: int, seed: int = 1) -> dict[str, int]:
    """Create the synthetic country ``SYN`` with ``people`` people; returns the counts."""
    rng = random.Random(seed)  # noqa: S311  (synthetic data)
    regions_n, districts_n, units_per_body = _tree_shape(people)
    with transaction.atomic():
        (country,) = _bulk_orgs(
            [
                (
                    "SYN",
                    f"Synthetic country ({people:,} people)",
                    OrgKind.COUNTRY,
                    Level.NATIONAL,
                    None,
                    False,
                )
            ]
        )
        regions = _bulk_orgs(
            [
                (f"SYN-R{r:02}", f"Region {r}", OrgKind.REGION, Level.REGION, country, False)
                for r in range(1, regions_n + 1)
            ]
        )
        districts = _bulk_orgs(
            [
                (
                    f"{reg.code}-D{d:03}",
                    f"District {reg.code[-2:]}-{d}",
                    OrgKind.DISTRICT,
                    Level.DISTRICT,
                    reg,
                    False,
                )
                for reg in regions
                for d in range(1, districts_n + 1)
            ]
        )
        bodies = _bulk_orgs(
            [
                (f"SYN-M{m:02}", f"Ministry {m}", OrgKind.CENTRAL_BODY, "", country, False)
                for m in range(1, 21)
            ]
            + [
                (f"{d.code}-AK", f"Local body {d.code[4:]}", OrgKind.LOCAL_BODY, "", d, False)
                for d in districts
            ]
        )
        units = _bulk_orgs(
            [
                (
                    f"{b.code}-U{u:02}",
                    "IT department" if u == 1 else f"Department {u}",
                    OrgKind.UNIT,
                    "",
                    b,
                    u == 1,
                )
                for b in bodies
                for u in range(1, units_per_body + 1)
            ]
        )
    specialties = list(Specialty.objects.all())
    it_specs = [s for s in specialties if s.is_it]
    other_specs = [s for s in specialties if not s.is_it]
    per_unit = max(1, people // len(units))
    counts = {
        "organisations": 2 + len(regions) + len(districts) + len(bodies) + len(units) - 1,
        "posts": 0,
        "people": 0,
    }

    def post_rows() -> Iterator[Post]:
        for unit in units:
            for p in range(3):
                yield Post(
                    organisation=unit,
                    code=f"{unit.code}-P{p}",
                    title=["Chief expert", "Leading expert", "Expert"][p],
                    category=f"C-{p + 3}",
                    salary_min=Decimal(100_000 + 20_000 * (2 - p)),
                    salary_max=Decimal(150_000 + 30_000 * (2 - p)),
                    currency=Currency.KZT,
                    positions=per_unit // 3 + 2,
                )

    posts: list[Post] = []
    batch: list[Post] = []
    for post in post_rows():
        batch.append(post)
        if len(batch) == BATCH:
            posts += Post.objects.bulk_create(batch)
            batch = []
    posts += Post.objects.bulk_create(batch)
    counts["posts"] = len(posts)
    made = 0
    pid = 0
    while made < people:
        employees: list[Employee] = []
        homes: list[Post] = []
        for _ in range(min(BATCH, people - made)):
            post = posts[(made + len(employees)) % len(posts)]
            pid += 1
            employees.append(
                Employee(
                    personal_id=f"SYN{pid:09d}",
                    last_name=f"Surname{rng.randrange(5000)}",
                    first_name=rng.choice(["Aliya", "Arman", "Dana", "Ivan", "Lan", "Minh"]),
                    birth_date=dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(16000)),
                    gender=rng.choice([Gender.FEMALE, Gender.MALE]),
                    organisation_id=post.organisation_id,
                )
            )
            homes.append(post)
        with transaction.atomic():
            created = Employee.objects.bulk_create(employees)
            Assignment.objects.bulk_create(
                [
                    Assignment(employee=e, post=p, kind=AssignmentKind.MAIN, start_date=START)
                    for e, p in zip(created, homes, strict=True)
                ]
            )
            Education.objects.bulk_create(
                [
                    Education(
                        employee=e,
                        level=rng.choice(EducationLevel.values[1:4]),
                        specialty=rng.choice(it_specs if rng.random() < 0.5 else other_specs),
                    )
                    for e in created
                ]
            )
        made += len(created)
    counts["people"] = made
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, or the planner guesses badly
        cursor.execute("ANALYZE")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="demo.generate",
            obj=country,
            changes={"counts": [None, counts]},
            reason=f"cadre demo --scale {people}",
            source=AuditSource.CLI,
        )
    from cadre.people.selectors import figures_refresh

    figures_refresh()
    return counts
