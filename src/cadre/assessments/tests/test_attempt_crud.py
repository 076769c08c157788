"""Generated read × scope cases of attempts (issue 16 item 7): a sitting belongs to the
person who sat; body A's HR officer reads those of body A's people only."""

from __future__ import annotations

import itertools

from cadre.accounts import services as account_services
from cadre.accounts.choices import Role
from cadre.assessments import services
from cadre.assessments.models import Attempt, Question, QuestionBank
from cadre.core.testing import crud
from cadre.core.testing.world import PASSWORD, World
from cadre.people.services import employee_link_user
from cadre.people.tests.test_employee_crud import make_employee

_seq = itertools.count(1)


def make_attempt(world: World, where: str) -> Attempt:
    """A person of unit ``where``1, signed in as themselves, starts an open test of their
    body."""
    admin, n = world.users["admin"], next(_seq)
    unit, body = world.orgs[f"unit_{where}1"], world.orgs[f"body_{where}"]
    user = account_services.user_create_with_role(
        actor=admin,
        role=Role.EMPLOYEE,
        organisation=unit,
        username=f"sitter-{where}-{n}",
        password=PASSWORD,
    )
    employee_link_user(actor=admin, employee=make_employee(world, where), user=user)
    bank = QuestionBank.objects.create(
        organisation=body, code=f"AB-{where}-{n}", names={"en": "Bank"}
    )
    Question.objects.create(
        bank=bank, kind="single", text={"en": "?"}, options=[{"en": "a"}, {"en": "b"}], correct=[0]
    )
    test = services.knowledge_test_create(
        actor=admin,
        organisation=body,
        code=f"AT-{where}-{n}",
        title=f"Sitting {where} {n}",
        minutes=5,
        pass_mark=1,
        is_open=True,
        sections=[{"bank": bank, "draw": 1, "pass_mark": 1}],
    )
    return services.attempt_start(actor=user, test=test)


class TestAttemptRead(crud.APIRead):
    model = Attempt
    api_basename = "attempt"

    def make(self, world: World, where: str) -> Attempt:
        return make_attempt(world, where)
