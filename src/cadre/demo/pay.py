"""The Kazakhstan scenario's pay (issue 19): the digitalisation department of the Ministry
of Digital Development (KZ-M01-IT) gets base salaries, a digital-KPI bonus fund paid against
the year's achievements (demo/kpis.py), a run proposed by HR and approved by the national
administrator (the ministry requires its people to be assessed effective: one of the
department's, assessed unsatisfactory for the year, is not eligible), and one appeal
upheld: the demo employee's projects were left unconfirmed, the head confirms them, the
panel upholds the appeal and a correction run follows. Citizens' ratings: the scores are
frozen for the year, a policy covers the Almaty akimat, and the official it flags has HR's
review recorded (the manager's is still due, so no consequence applies yet)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadre.accounts.models import User
from cadre.appeals import services as appeals
from cadre.appraisals import services as appraisals
from cadre.core.choices import AuditSource
from cadre.kpi import selectors as kpi_selectors
from cadre.kpi import services as kpi
from cadre.kpi.models import Actual, Period
from cadre.orgs.models import Organisation
from cadre.pay import services as pay
from cadre.pay.models import Fund, RunLine
from cadre.people.models import Assignment, Employee, current_q
from cadre.people.selectors import employees_in
from cadre.ratingpay import selectors as ratingpay_selectors
from cadre.ratingpay import services as ratingpay

CLI = AuditSource.CLI
FUND_NAME = "Фонд цифровых KPI — департамент цифровизации"


def _salaries(hr: Any, people: list[Employee], year: int) -> None:
    """Each person's base salary: the middle of their main post's band, in tiyn."""
    posts = {
        a.employee_id: a.post
        for a in Assignment.objects.filter(current_q(), employee__in=people, kind="main")
        .select_related("post")
        .order_by("start_date")
    }
    for person in people:
        post = posts.get(person.pk)
        middle = (post.salary_min + post.salary_max) / 2 if post is not None else Decimal(150_000)
        pay.salary_set(
            actor=hr,
            employee=person,
            amount=int(middle * 100),
            currency="KZT",
            valid_from=dt.date(year, 1, 1),
            source=CLI,
        )


COMMISSION = "Комиссия по оценке деятельности Министерства цифрового развития"


def _appraisals(
    admin: Any, hr: Any, department: Organisation, people: list[Employee], period: Period
) -> None:
    """The ministry pays its yearly bonus only to people assessed effective (or better);
    the department's people are assessed for the year: those above their KPI targets
    exceed expectations, the others are effective, except the one with the lowest
    achievement among those not signed in to the demo, assessed unsatisfactory."""
    year = period.end.year
    appraisals.requirement_create(
        actor=admin,
        organisation=department.parent or department,
        from_year=year,
        minimum="effective",
        source=CLI,
        reason="Правила выплаты премий: премия — только оценённым «эффективно» и выше.",
    )
    achieved = kpi_selectors.achievements_for(period, [p.pk for p in people])
    unsigned = [p for p in people if p.user_id is None and p.pk in achieved]
    weakest = min(unsigned, key=lambda p: (achieved[p.pk].total, p.pk), default=None)
    for person in people:
        ach = achieved.get(person.pk)
        if person == weakest:
            result, basis = "unsatisfactory", "Цели года не достигнуты; план развития на год."
        elif ach is not None and ach.total >= 1:
            result, basis = "exceeds", "Показатели года выполнены сверх плана."
        else:
            result, basis = "effective", "Показатели года выполнены."
        appraisals.appraisal_record(
            actor=hr,
            employee=person,
            year=year,
            result=result,
            assessed_on=timezone.localdate(),
            assessed_by=COMMISSION,
            basis=basis,
            source=CLI,
        )


def load_pay(admin: Any) -> bool:
    """Create the demo's pay once; returns whether anything was created."""
    department = Organisation.objects.filter(code="KZ-M01-IT").first()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["hr", "manager", "employee", "akimat_hr"])
    }
    year = timezone.localdate().year
    period = Period.objects.filter(code=str(year)).first()
    if (
        department is None
        or period is None
        or len(users) < 4
        or Fund.objects.filter(name=FUND_NAME).exists()
    ):
        return False
    hr, head, person_user, panel = (
        users["hr"],
        users["manager"],
        users["employee"],
        users["akimat_hr"],
    )
    with transaction.atomic():
        people = list(
            employees_in(Employee.objects.filter(is_active=True), department).order_by("pk")
        )
        _salaries(hr, people, year)
        _appraisals(admin, hr, department, people, period)
        rule = pay.rule_create(
            actor=admin,
            organisation=department.parent or department,
            code="KZ-DIGITAL-KPI",
            min_achievement="0.5",
            min_months="3",
            period_months="12",
            target_share="1",
            max_factor="1.5",
            cap_salaries="2",
            rounding_unit=100,  # whole tenge
            source=CLI,
        )
        fund = pay.fund_create(
            actor=hr,
            name=FUND_NAME,
            organisation=department,
            period=period,
            rule=rule,
            amount=3_000_000_00,  # 3,000,000.00 KZT
            currency="KZT",
            source=CLI,
        )
        run = pay.run_propose(actor=hr, fund=fund, source=CLI)
        run = pay.run_approve(actor=admin, run=run, source=CLI)
        _appeal_upheld(admin, hr, head, person_user, panel, run, period)
        _rating_policy(admin, period)
    return True


def _appeal_upheld(
    admin: Any, hr: Any, head: Any, person_user: Any, panel: Any, run: Any, period: Period
) -> None:
    line = RunLine.objects.filter(run=run, employee__user=person_user).first()
    if line is None:
        return
    appeal = appeals.appeal_file(
        actor=person_user,
        line=line,
        grounds=(
            "Акт приёмки двух моих проектов не был подтверждён руководителем, поэтому "
            "показатель KZ-DIG-PROJECTS посчитан без них."
        ),
        source=CLI,
    )
    appeals.appeal_admit(
        actor=hr, appeal=appeal, panel=[panel, admin], reason="Жалоба подана в срок", source=CLI
    )
    # The head confirms what was left unconfirmed; the achievements are computed again.
    for actual in Actual.objects.filter(
        assignment__period=period,
        assignment__employee=line.employee,
        origin="manual",
        confirmed_at__isnull=True,
    ):
        kpi.actual_confirm(actor=head, actual=actual, source=CLI)
    kpi.achievements_compute(actor=hr, period=period)
    appeal = appeals.appeal_decide(
        actor=panel,
        appeal=appeal,
        outcome="upheld",
        reason="Акт приёмки проектов подтверждён руководителем департамента: пересчитать.",
        source=CLI,
    )
    if appeal.correction is not None:
        pay.run_approve(actor=admin, run=appeal.correction, source=CLI)


def _rating_policy(admin: Any, period: Period) -> None:
    """Freeze the scores of last year and this (the demo has one set of scores: both
    periods read it), set a policy over the akimat, and record HR's review of the official
    it flags."""
    akimat = Organisation.objects.filter(code="KZ-R04-AK").first()
    akimat_hr = User.objects.filter(username="akimat_hr").first()
    if akimat is None or akimat_hr is None:
        return
    last = Period.objects.filter(code=str(period.start.year - 1)).first() or kpi.period_create(
        actor=admin,
        code=str(period.start.year - 1),
        kind="year",
        start=period.start.replace(year=period.start.year - 1),
        end=period.end.replace(year=period.end.year - 1),
        source=CLI,
    )
    ratingpay.snapshot_take(actor=admin, period=last, source=CLI)
    ratingpay.snapshot_take(actor=admin, period=period, source=CLI)
    policy = ratingpay.policy_create(
        actor=akimat_hr,
        organisation=akimat,
        period=period,
        min_ratings=30,
        min_probability="0.9",
        share="0.2",
        source=CLI,
    )
    flagged = ratingpay_selectors.candidates(policy)
    if flagged:
        ratingpay.review_record(
            actor=akimat_hr,
            policy=policy,
            employee=flagged[0].employee,
            stage="hr",
            agrees=True,
            reason="Жалобы граждан подтверждены проверкой журнала обращений за два года.",
            source=CLI,
        )
