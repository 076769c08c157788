"""Shared set-up of the talent benchmarks: a reserve of ``members`` people (30% employees
with their proficiency, 70% external candidates with the levels their contest measured)
in ``GROUPS`` post groups, and ``vacancies`` open vacancies on posts of those groups, each
group's posts under a standard of six of twenty competencies; 1 country, 20 regions, 100
bodies. Built in bulk outside the services (this is set-up), once per database."""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
os.environ.setdefault("CADRE_DATA_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadre_bench_talent")
os.environ.setdefault("CADRE_TASKS", "eager")

GROUPS = [f"G-{i}" for i in range(1, 11)]
CODES = [f"C.{i}" for i in range(1, 21)]


def setup(members: int, vacancies: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    from cadre.talent.models import ReserveEntry, Vacancy

    have = (ReserveEntry.objects.count(), Vacancy.objects.count())
    if have == (members, vacancies):
        return
    if have != (0, 0):
        sys.exit(f"{os.environ['DATABASE_URL']} holds another reserve {have}; use a fresh one")
    started = time.perf_counter()
    _build(members, vacancies)
    print(
        f"built {members:,} members, {vacancies:,} vacancies "
        f"in {time.perf_counter() - started:.1f} s"
    )


def _build(members: int, vacancies: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from cadre.accounts import services as account_services
    from cadre.accounts.models import User
    from cadre.assessments.models import Proficiency
    from cadre.competencies import frameworks
    from cadre.competencies import services as standards
    from cadre.competencies.models import Framework, ProfilePost
    from cadre.orgs import services as orgs
    from cadre.orgs.models import Post
    from cadre.people.models import Employee
    from cadre.talent.models import ReserveEntry, Vacancy

    rng = random.Random(7)
    admin = User.objects.filter(
        username="admin"
    ).first() or account_services.national_admin_bootstrap(
        username="admin", password="a-long-enough-password"
    )
    country = orgs.organisation_create(
        actor=admin, name="Bench country", code="BT", kind="country", country="KZ"
    )
    regions = [
        orgs.organisation_create(
            actor=admin, name=f"Region {r}", code=f"BT-R{r}", kind="region", parent=country
        )
        for r in range(20)
    ]
    bodies = [
        orgs.organisation_create(
            actor=admin,
            name=f"Body {b}",
            code=f"BT-B{b}",
            kind="local_body",
            parent=regions[b % 20],
        )
        for b in range(100)
    ]
    data = frameworks.parse_json(
        {
            "format": "cadre.framework/1",
            "code": "BT",
            "name": {"en": "Bench framework"},
            "levels": [{"rank": r, "code": f"l{r}", "name": {"en": f"L{r}"}} for r in range(1, 6)],
            "competencies": [{"code": "C", "parent": None, "category": True, "name": {"en": "All"}}]
            + [{"code": c, "parent": "C", "category": False, "name": {"en": c}} for c in CODES],
        }
    )
    standards.framework_import(actor=admin, data=data, publish=True)
    framework = Framework.objects.get(code="BT")
    profiles = {}
    for group in GROUPS:
        profile = standards.profile_create(
            actor=admin, organisation=country, code=f"BT-{group}", title=group
        )
        picked = rng.sample(CODES, 6)
        version = standards.profile_version_create(
            actor=admin,
            profile=profile,
            legal_document="Order 1",
            legal_date=dt.date(2026, 1, 1),
            requirements=[
                {"competency": f"BT:{c}", "level": rng.randint(2, 4), "weight": rng.randint(1, 3)}
                for c in picked
            ],
            in_force=True,
        )
        profiles[group] = (profile, version)
    today = timezone.localdate()
    with transaction.atomic():
        posts = Post.objects.bulk_create(
            [
                Post(
                    organisation=bodies[i % 100],
                    code=f"BT-P{i}",
                    title=f"Post {i}",
                    category=GROUPS[i % len(GROUPS)],
                    salary_min=Decimal(100),
                    salary_max=Decimal(200),
                    currency="KZT",
                    positions=1,
                )
                for i in range(vacancies)
            ],
            batch_size=2000,
        )
        ProfilePost.objects.bulk_create(
            [ProfilePost(profile=profiles[p.category][0], post=p) for p in posts], batch_size=2000
        )
        Vacancy.objects.bulk_create(
            [
                Vacancy(
                    post=p,
                    organisation_id=p.organisation_id,
                    standard=profiles[p.category][1],
                    opened_on=today,
                )
                for p in posts
            ],
            batch_size=2000,
        )
    n_employees = members * 3 // 10
    with transaction.atomic():
        people = Employee.objects.bulk_create(
            [
                Employee(
                    personal_id=f"BT{i:09d}",
                    last_name=f"Member{i}",
                    first_name="Bench",
                    birth_date=dt.date(1990, 1, 1),
                    gender="F" if i % 2 else "M",
                    organisation=bodies[i % 100],
                )
                for i in range(n_employees)
            ],
            batch_size=5000,
        )
        now = timezone.now()
        Proficiency.objects.bulk_create(
            [
                Proficiency(
                    employee=e,
                    framework=framework,
                    code=c,
                    level=rng.randint(1, 5),
                    computed_at=now,
                )
                for e in people
                for c in rng.sample(CODES, 6)
            ],
            batch_size=10000,
        )
        users = User.objects.bulk_create(
            [
                User(username=f"bt-cand-{i}", first_name="Cand", last_name=str(i), password="!")
                for i in range(members - n_employees)
            ],
            batch_size=5000,
        )

        def entry(i: int, **person: object) -> ReserveEntry:
            start = today - dt.timedelta(days=rng.randint(0, 700))
            national = i % 4 == 0
            return ReserveEntry(
                organisation=None if national else bodies[rng.randrange(100)],
                post_group=GROUPS[rng.randrange(len(GROUPS))],
                source="contest",
                source_ref=f"bench:{i}",
                levels={}
                if "employee" in person
                else {c: rng.randint(1, 5) for c in rng.sample(CODES, 8)},
                started_on=start,
                expires_on=start + dt.timedelta(days=1095),
                region=regions[rng.randrange(20)] if i % 3 == 0 else None,
                relocation=i % 2 == 0,
                **person,
            )

        rows = [entry(i, employee=e) for i, e in enumerate(people)]
        rows += [entry(n_employees + i, candidate=u) for i, u in enumerate(users)]
        ReserveEntry.objects.bulk_create(rows, batch_size=5000)


def admin() -> object:
    from cadre.accounts.models import User

    return User.objects.get(username="admin")
