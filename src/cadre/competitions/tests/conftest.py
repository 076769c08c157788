"""The competitions' test world, on the talent reserve's (``cadre.talent.tests.conftest``):
Aliya (``employee_a1``, unit A1), Erlan (body B, with an account ``erlan``), the external
candidate ``cand`` (Serik Dana) and Bolat (``bolat``, unit A1, who holds one of the two
positions of the post "Analyst AN-1"); a vacancy on that post; a knowledge test with two
sections like E-Kyzmet's (Law: 2 of 3 questions, pass 2; Ethics: 2 of 3, pass 1; 3 overall)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cadre.accounts import services as account_services
from cadre.assessments.models import Question, QuestionBank, Test
from cadre.assessments.services.attempts import attempt_start, attempt_submit, knowledge_test_create
from cadre.competitions import services
from cadre.competitions.models import Competition
from cadre.core.choices import Role
from cadre.core.testing.world import PASSWORD, World
from cadre.people.services import employee_link_user
from cadre.talent import services as talent
from cadre.talent.tests.conftest import analyst, api_as, as_user, people  # noqa: F401

TEXTS = {
    "en": "Analyst of the digital office: data and reports.",
    "ru": "Аналитик цифрового офиса: данные и отчёты.",
    "kk": "Цифрлық кеңсенің талдаушысы: деректер мен есептер.",
    "vi": "Chuyên viên phân tích của văn phòng số: dữ liệu và báo cáo.",
}


def bank(world: World, code: str, n: int = 3) -> QuestionBank:
    b = QuestionBank.objects.create(
        organisation=world.orgs["country"], code=code, names={"en": code}
    )
    for i in range(n):
        Question.objects.create(
            bank=b,
            kind="single",
            text={"en": f"{code} question {i}"},
            options=[{"en": "yes"}, {"en": "no"}],
            correct=[0],
        )
    return b


@pytest.fixture
def exam(world: World) -> Test:
    return knowledge_test_create(
        actor=world.users["admin"],
        organisation=world.orgs["country"],
        code="CIVIL-1",
        title="Civil service test",
        minutes=30,
        pass_mark=3,
        is_open=True,
        sections=[
            {"title": "Law", "bank": bank(world, "LAW"), "draw": 2, "pass_mark": 2},
            {"title": "Ethics", "bank": bank(world, "ETH"), "draw": 2, "pass_mark": 1},
        ],
    )


def sit(user: Any, test: Test, right: dict[str, int]) -> Any:
    """``user`` sits ``test``, answering ``right[section title]`` questions right."""
    attempt = attempt_start(actor=user, test=test)
    answers: dict[str, list[int]] = {}
    titles = {s.pk: s.title for s in test.sections.all()}
    for part in attempt.draw:
        for i, qid in enumerate(part["questions"]):
            good = i < right[titles[part["section"]]]
            answers[str(qid)] = [0] if good else [1]
    return attempt_submit(actor=user, attempt=attempt, answers=answers)


@pytest.fixture
def cast(world: World, people: dict[str, Any], analyst: Any) -> dict[str, Any]:  # noqa: F811
    admin = world.users["admin"]
    for name, unit in (("erlan", "unit_b1"), ("bolat", "unit_a1")):
        user = account_services.user_create(
            actor=admin, username=name, password=PASSWORD, email=f"{name}@example.org"
        )
        account_services.role_assignment_create(
            actor=admin, user=user, role=Role.EMPLOYEE, organisation=world.orgs[unit]
        )
        employee_link_user(actor=admin, employee=people[name], user=user)
        world.users[name] = user
    # Dana reads her notices in English (blank would be the site's default language).
    people["cand"].language = "en"
    people["cand"].save(update_fields=["language"])
    vacancy = talent.vacancy_open(actor=world.users["hr_a"], post=analyst)
    return {**people, "vacancy": vacancy, "post": analyst}


def announce(world: World, vacancy: Any, test: Test | None = None, **kw: Any) -> Competition:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "vacancy": vacancy,
        "title": "Analyst AN-1",
        "announcement": TEXTS,
        "applications_close": today + dt.timedelta(days=10),
        "interview_on": today + dt.timedelta(days=20),
        "test": test,
    }
    data.update(kw)
    return services.competition_create(actor=world.users["hr_a"], **data)
