"""The demo's staffing (issue 22): a staffing table in force from 2026-01-01 for every demo
body with posts (one line per post: its positions as staff units, pay from its band, the
unit's name as its function; heads' posts critical), approved by order; the Ministry of
Digital Development's (KZ-M01) limits citing a government resolution (restricted) — and
the 25 % reduction Kazakhstan is working on, for that ministry, twice on the same data: by
the rules (vacancies first, then one person a line in turn, coverage not kept) and
optimised (coverage kept), both computed, awaiting approval by someone other than the HR
officer who made them. Their pages show the competencies the rule-based cut loses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from cadre.accounts.models import User
from cadre.core.choices import AuditSource
from cadre.orgs.choices import OrgKind
from cadre.orgs.models import Organisation, Post
from cadre.people.models import Assignment
from cadre.staffing.models import StaffingTable
from cadre.staffing.services import limits, scenarios, tables

CLI = AuditSource.CLI
START = dt.date(2026, 1, 1)
BODIES = (OrgKind.CENTRAL_BODY, OrgKind.LOCAL_BODY, OrgKind.SUBORDINATE)
MINISTRY = "KZ-M01"


def load_staffing(admin: Any) -> bool:
    """Create the demo's tables, limits and scenarios once; whether anything was created."""
    hr = User.objects.filter(username="hr").first()
    ministry = Organisation.objects.filter(code=MINISTRY).first()
    if hr is None or ministry is None or StaffingTable.objects.exists():
        return False
    with transaction.atomic():
        for body in Organisation.objects.filter(kind__in=BODIES).order_by("path"):
            _table(admin, body)
        held = Assignment.objects.filter(
            post__organisation__path__startswith=ministry.path, end_date__isnull=True
        ).count()
        limits.limit_create(
            actor=admin,
            organisation=ministry,
            source=CLI,
            effective_from=START,
            headcount=Decimal(held) * Decimal("0.75"),
            payroll=Decimal(90_000_000),
            currency="KZT",
            act_title="Постановление Правительства о лимитах штатной численности",
            act_number="ДСП-118",
            act_date=dt.date(2025, 12, 15),
            act_text="Лимит на 2026 год с сокращением на 25 % к 2027 году (для служебного "
            "пользования).",
            restricted=True,
            reduction_plan="Сокращение на 25 % через пересмотр функций, не механически "
            "(сценарии ниже).",
        )
    if not StaffingTable.objects.filter(organisation=ministry).exists():
        return True
    common = {"organisation": ministry, "cut_percent": Decimal(25), "source": CLI}
    rules = scenarios.scenario_create(
        actor=hr, title="−25 %: по правилам", mode="rules", keep_coverage=False, **common
    )
    best = scenarios.scenario_create(
        actor=hr, title="−25 %: оптимизация", mode="optimise", keep_coverage=True, **common
    )
    for scenario in (rules, best):
        scenarios.scenario_compute(actor=hr, scenario=scenario)
    return True


def _table(admin: Any, body: Organisation) -> None:
    posts = list(
        Post.objects.filter(organisation__path__startswith=body.path)
        .exclude(organisation__kind__in=BODIES, organisation__path__gt=body.path)
        .select_related("organisation")
        .order_by("organisation__path", "code")
    )
    posts = [p for p in posts if _body_of(p.organisation) == body.pk and p.positions > 0]
    if not posts:
        return
    table = tables.table_create(actor=admin, organisation=body, effective_from=START, source=CLI)
    for post in posts:
        tables.line_create(
            actor=admin,
            table=table,
            post=post,
            units=Decimal(post.positions),
            salary=post.salary_min,
            supplements=(post.salary_min / 10).quantize(Decimal("0.01")),
            currency=post.currency,
            is_critical=post.is_head,
            functions=[post.organisation.name[:64]],
            source=CLI,
        )
    tables.table_approve(
        actor=admin,
        table=table,
        order_number=f"{body.code}/ШР-1",
        order_date=dt.date(2025, 12, 25),
        source=CLI,
    )


def _body_of(org: Organisation) -> int | None:
    """The nearest body at or above ``org`` (its path read from the root down)."""
    ids = [int(i) for i in org.path.strip("/").split("/")]
    kinds = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "kind"))
    for pk in reversed(ids):
        if kinds.get(pk) in BODIES:
            return pk
    return None


# Graduate figures (issue 22, workforce demand): partner universities and IT lyceums of the
# demo regions, entered as numbers per year and competency family of the starter framework
# (DG): last year, this year and next year's expected — small, so that the forecast page
# shows a trend and a figure entered ahead.
GRADUATES = (
    ("KZ-M01", "Astana IT University", "DG:SA", (120, 135, 150)),
    ("KZ-M01", "Astana IT University", "DG:IS", (40, 46, 55)),
    ("KZ-R01", "IT-лицей № 1", "DG:DM", (25, 28, 30)),
    ("RU-KLU", "КГУ им. К. Э. Циолковского", "DG:SA", (60, 64, 70)),
    ("RU-KLU", "IT-лицей Калуги", "DG:MD", (18, 20, 22)),
    ("VN-BK", "Trường Cao đẳng Bắc Kạn", "DG:DM", (30, 32, 35)),
)


def load_graduates(admin: Any) -> bool:
    """The demo's graduate figures, once; whether anything was created."""
    from cadre.staffing.models import GraduateSupply
    from cadre.staffing.services import graduates

    if GraduateSupply.objects.exists():
        return False
    known = {c for c, _name in _families()}
    created = False
    with transaction.atomic():
        for code, institution, family, counts in GRADUATES:
            org = Organisation.objects.filter(code=code).first()
            if org is None or family not in known:
                continue
            for year, count in zip(
                (START.year - 1, START.year, START.year + 1), counts, strict=True
            ):
                graduates.graduates_create(
                    actor=admin,
                    organisation=org,
                    source=CLI,
                    institution=institution,
                    year=year,
                    family=family,
                    count=count,
                )
                created = True
    return created


def _families() -> list[tuple[str, str]]:
    from cadre.competencies.selectors import families

    return families()
