"""The demo's competition (issue 20): a vacant post of the Almaty region akimat
(KZ-R04-AK, its HR officer ``akimat_hr``) filled by competition. Арман (``employee``) and
the external candidate Ольга (``candidate``) apply and are admitted; a commission of four
interviews them with everyone present (a member is recused from a candidate of their own
body, whom they manage, or with whom they declared a relation: Гульнара Омарова, staff of
the Government's office, declared Арман her cousin to ethics control — decision 0035 —, so
she is recused from him); Арман wins and is appointed through the talent services. Ольга
passed but was not chosen; she is in the reserve already (the talent demo's contest
entry), so she is not entered again. The post is not the ministry's, on which the talent
demo opens its two vacancies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadre.accounts.models import User
from cadre.competitions import services as competitions
from cadre.competitions.models import Competition, Recusal
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.demo.ethics import declare_interest, member_person
from cadre.orgs.models import Organisation, Post
from cadre.people.selectors import posts_with_vacancies
from cadre.talent import services as talent

CLI = AuditSource.CLI
TITLE = "Главный эксперт управления цифровизации"
ANNOUNCEMENT = {
    "ru": "Акимат объявляет конкурс на вакантную должность главного эксперта "
    "управления цифровизации. Требования: высшее образование, опыт от 3 лет, знание "
    "законодательства о государственной службе.",
    "kk": "Әкімдік цифрландыру басқармасының бас сарапшысы бос лауазымына конкурс "
    "жариялайды. Талаптар: жоғары білім, 3 жылдан астам тәжірибе, мемлекеттік қызмет "
    "туралы заңнаманы білу.",
    "en": "The akimat announces a competition for the vacant post of chief expert of the "
    "digitalisation department. Requirements: higher education, at least 3 years' "
    "experience, knowledge of the civil service law.",
    "vi": "Ủy ban nhân dân tỉnh thông báo thi tuyển vị trí chuyên viên chính của vụ chuyển "
    "đổi số. Yêu cầu: tốt nghiệp đại học, ít nhất 3 năm kinh nghiệm, hiểu biết pháp luật "
    "về công vụ.",
}
# (member, score of Арман — unless recused from him —, score of Ольга); the auditor is
# recused from Арман (a declared relation), so his mean is that of the other three.
SCORES = [("coordinator", 8, 6), ("auditor", 9, 7), ("hr", 8, 6), ("manager", 7, 5)]


def _vacancy(hr: Any, body: Organisation) -> Any:
    posts = posts_with_vacancies(
        Post.objects.filter(organisation__path__startswith=body.path)
    ).order_by("code")
    for post in posts[:20]:
        try:
            return talent.vacancy_open(actor=hr, post=post, reason="Конкурс", source=CLI)
        except ApplicationError:
            continue
    return None


def load_competitions(admin: Any) -> bool:
    """Run the demo's competition once; returns whether anything was created."""
    users = {u.username: u for u in User.objects.filter(username__in=[
        "akimat_hr", "employee", "candidate", *(m for m, *_ in SCORES)
    ])}  # fmt: skip
    body = Organisation.objects.filter(code="KZ-R04-AK").first()
    if body is None or len(users) < 3 + len(SCORES):
        return False
    if Competition.objects.filter(title=TITLE).exists():
        return False
    hr = users["akimat_hr"]
    today = timezone.localdate()
    with transaction.atomic():
        vacancy = _vacancy(hr, body)
        if vacancy is None:
            return False
        competition = competitions.competition_create(
            actor=hr, vacancy=vacancy, title=TITLE, announcement=ANNOUNCEMENT,
            applications_close=today, interview_on=today + dt.timedelta(days=7), source=CLI,
        )  # fmt: skip
        arman = competitions.application_submit(
            actor=users["employee"], competition=competition, source=CLI,
            motivation="Пять лет в ИТ-отделе министерства; веду проекты eGov.",
        )  # fmt: skip
        olga = competitions.application_submit(
            actor=users["candidate"], competition=competition, source=CLI,
            motivation="Аналитик данных, 4 года в частном секторе.",
        )  # fmt: skip
        government = Organisation.objects.filter(code="KZ-GOV").first()
        if government is not None and arman.employee is not None:
            declare_interest(
                admin,
                users["auditor"],
                organisation=government,
                person=member_person(),
                relative=arman.employee,
                description="Двоюродный брат.",
            )
        later = today + dt.timedelta(days=1)
        competitions.competition_advance(actor=hr, competition=competition, today=later, source=CLI)
        for application in (arman, olga):
            competitions.application_check(
                actor=hr, application=application, admitted=True, source=CLI
            )
        competitions.commission_name(
            actor=hr, competition=competition, users=[users[m] for m, *_ in SCORES],
            chair=users["coordinator"], source=CLI,
        )  # fmt: skip
        competitions.competition_advance(actor=hr, competition=competition, source=CLI)
        competitions.attendance_record(
            actor=hr, competition=competition,
            present=list(competition.members.values_list("pk", flat=True)), source=CLI,
        )  # fmt: skip
        recused = set(
            Recusal.objects.filter(member__competition=competition).values_list(
                "member__user__username", "application_id"
            )
        )
        for member, for_arman, for_olga in SCORES:
            for application, score in ((arman, for_arman), (olga, for_olga)):
                if (member, application.pk) not in recused:
                    competitions.score_record(
                        actor=users[member], application=application, score=score, source=CLI
                    )
        competitions.competition_decide(
            actor=users["coordinator"], competition=competition, winner=arman, source=CLI,
            reason="Лучшие ответы на собеседовании; опыт проектов eGov.",
        )  # fmt: skip
        # Арман's record is the ministry's: the national administrator appoints (transfers) him.
        competitions.competition_appoint(
            actor=admin, competition=competition, start_date=today + dt.timedelta(days=30),
            reason="Приказ № 45-к: назначение по итогам конкурса", source=CLI,
        )  # fmt: skip
    return True
