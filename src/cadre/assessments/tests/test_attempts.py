"""Knowledge tests: the draw, the server's clock, scoring by section, and every refusal."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cadre.assessments import services
from cadre.assessments.models import Attempt, Evidence, Proficiency, Question, QuestionBank, Test
from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing import crud
from cadre.core.testing.world import World


def _right(attempt: Attempt) -> dict[str, list[int]]:
    questions = Question.objects.in_bulk([q for p in attempt.draw for q in p["questions"]])
    return {str(q.pk): list(q.correct) for q in questions.values()}


def _wrong(question: Question) -> list[int]:
    n = len(question.options)
    if question.kind == "ordering":
        return list(reversed(question.correct))
    return [next(i for i in range(n) if i not in question.correct)]


def _start(world: World, exam: Test) -> Attempt:
    return services.attempt_start(actor=world.users["employee_a1"], test=exam, rng=random.Random(7))


def test_the_draw_is_stored_and_a_second_start_resumes_it(
    world: World, exam: Test, staff: Any
) -> None:
    attempt = _start(world, exam)
    assert [len(p["questions"]) for p in attempt.draw] == [4, 3]
    sa = set(exam.sections.get(position=0).bank.questions.values_list("id", flat=True))
    assert set(attempt.draw[0]["questions"]) <= sa
    assert attempt.deadline - attempt.started_at == dt.timedelta(minutes=10)
    again = services.attempt_start(actor=world.users["employee_a1"], test=exam)
    assert again.pk == attempt.pk and again.draw == attempt.draw


def test_all_right_passes_and_becomes_evidence_and_proficiency(
    world: World, exam: Test, staff: Any
) -> None:
    attempt = _start(world, exam)
    done = services.attempt_submit(
        actor=world.users["employee_a1"], attempt=attempt, answers=_right(attempt)
    )
    assert (done.status, done.correct, done.passed) == ("submitted", 7, True)
    assert [(s["title"], s["correct"], s["of"], s["passed"]) for s in done.sections] == [
        ("Analysis", 4, 4, True),
        ("Security", 3, 3, True),
    ]
    assert sorted(
        Evidence.objects.filter(employee=staff["aliya"]).values_list(
            "code", "level", "instrument", "source"
        )
    ) == [
        ("IS.1", 2, "test", f"attempt:{attempt.pk}"),
        ("SA.1", 3, "test", f"attempt:{attempt.pk}"),
    ]
    assert sorted(
        Proficiency.objects.filter(employee=staff["aliya"]).values_list("code", "level")
    ) == [
        ("IS.1", 2),
        ("SA.1", 3),
    ]
    assert (
        AuditEvent.objects.filter(action="proficiency", object_id=str(staff["aliya"].pk)).count()
        == 2
    )


def test_a_section_below_its_pass_mark_fails_the_test_whatever_the_total(
    world: World, exam: Test, staff: Any
) -> None:
    attempt = _start(world, exam)
    answers = _right(attempt)
    security = attempt.draw[1]["questions"]
    for qid in security[:2]:  # 1 of 3 right in Security (needs 2); 5 of 7 overall (needs 5)
        answers[str(qid)] = _wrong(Question.objects.get(pk=qid))
    done = services.attempt_submit(
        actor=world.users["employee_a1"], attempt=attempt, answers=answers
    )
    assert (done.correct, done.passed) == (5, False)
    assert [s["passed"] for s in done.sections] == [True, False]
    assert list(Evidence.objects.values_list("code", "level")) == [("SA.1", 3)]


def test_late_second_undrawn_and_foreign_submissions_are_refused_and_change_nothing(
    world: World, exam: Test, staff: Any
) -> None:
    user = world.users["employee_a1"]
    attempt = _start(world, exam)
    undrawn = Question.objects.exclude(
        pk__in=[q for p in attempt.draw for q in p["questions"]]
    ).first()
    assert undrawn is not None
    with pytest.raises(ApplicationError) as caught:
        services.attempt_submit(actor=user, attempt=attempt, answers={str(undrawn.pk): [0]})
    assert caught.value.errors == {
        f"answers.{undrawn.pk}": [f"Question {undrawn.pk} was not drawn for this attempt."]
    }
    first = str(attempt.draw[0]["questions"][0])
    top = len(Question.objects.get(pk=first).options) - 1
    message = f"An answer is a list of different option indexes from 0 to {top}."
    for bad in ([9], [0, 0], "0"):
        with pytest.raises(ApplicationError) as caught:
            services.attempt_submit(actor=user, attempt=attempt, answers={first: bad})
        assert caught.value.errors == {f"answers.{first}": [message]}
    with pytest.raises(ApplicationError, match=r"This is not your attempt\."):
        services.attempt_submit(actor=world.users["manager_a1"], attempt=attempt, answers={})
    attempt.refresh_from_db()
    assert (attempt.status, attempt.answers, attempt.correct) == ("open", {}, None)

    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - dt.timedelta(seconds=31)  # the server's clock ran out
    )
    with pytest.raises(ApplicationError) as caught:
        services.attempt_submit(actor=user, attempt=attempt, answers=_right(attempt))
    assert caught.value.code == "late"
    assert str(caught.value).startswith("The time limit ended at ")
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, Evidence.objects.count()) == ("open", None, 0)

    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + dt.timedelta(minutes=1))
    services.attempt_submit(actor=user, attempt=attempt, answers=_right(attempt))
    with pytest.raises(ApplicationError) as caught:
        services.attempt_submit(actor=user, attempt=attempt, answers={})
    assert caught.value.code == "already_submitted"
    attempt.refresh_from_db()
    assert (attempt.correct, Evidence.objects.count()) == (7, 2)


def test_an_expired_attempt_is_closed_when_a_new_one_starts(
    world: World, exam: Test, staff: Any
) -> None:
    attempt = _start(world, exam)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(minutes=5))
    fresh = _start(world, exam)
    attempt.refresh_from_db()
    assert (attempt.status, fresh.status, fresh.pk != attempt.pk) == ("expired", "open", True)


def test_a_closed_test_and_a_person_without_a_record_cannot_start(
    world: World, exam: Test, staff: Any
) -> None:
    with pytest.raises(
        ApplicationError, match=r"Your account is not linked to an employee record\."
    ):
        services.attempt_start(actor=world.users["manager_a1"], test=exam)
    Test.objects.filter(pk=exam.pk).update(is_open=False)
    with pytest.raises(ApplicationError, match=r"This test is not open to you\."):
        _start(world, exam)
    assert Attempt.objects.count() == 0


def test_taking_a_test_through_the_pages(
    world: World, exam: Test, staff: Any, as_user: Any
) -> None:
    client = as_user("employee_a1")
    page = client.get(exam.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Start the test" in page.content.decode()
    started = client.post(reverse("assessments:attempt_start", args=[exam.pk]))
    attempt = Attempt.objects.get()
    assert started["Location"] == attempt.get_absolute_url()
    form = client.get(attempt.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    first = Question.objects.get(pk=attempt.draw[0]["questions"][0])
    assert escape(first.text["ru"]) in form
    data: dict[str, Any] = {}
    for qid, answer in _right(attempt).items():
        q = Question.objects.get(pk=qid)
        if q.kind == "ordering":
            data.update({f"q{qid}_{i}": str(v) for i, v in enumerate(answer)})
        else:
            data[f"q{qid}"] = [str(v) for v in answer]
    done = client.post(attempt.get_absolute_url(), data)
    assert done.status_code == 302
    result = client.get(attempt.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Passed" in result and "7 correct; 5 needed overall." in result
    again = client.post(attempt.get_absolute_url(), data, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400 and "already submitted" in again.content.decode()
    other = as_user("hr_b").get(attempt.get_absolute_url())
    assert other.status_code == 404


def test_the_api_starts_and_submits_without_revealing_answers(
    world: World, exam: Test, staff: Any, api_as: Any
) -> None:
    client = api_as("employee_a1")
    started = client.post(reverse("v1:test-start", args=[exam.pk]))
    assert started.status_code == 201, started.content
    body = started.json()
    assert "correct" not in str(body["questions"])
    attempt = Attempt.objects.get(pk=body["id"])
    wrong = client.post(
        reverse("v1:attempt-submit", args=[attempt.pk]),
        {"answers": {"999999": [0]}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert wrong.status_code == 400
    assert wrong.json()["errors"] if "errors" in wrong.json() else wrong.json()
    ok = client.post(
        reverse("v1:attempt-submit", args=[attempt.pk]), {"answers": _right(attempt)}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["passed"] is True
    mine = client.get(reverse("v1:proficiency-list")).json()["results"]
    assert sorted((p["code"], p["level"]) for p in mine) == [("IS.1", 2), ("SA.1", 3)]
    assert api_as("hr_b").get(reverse("v1:proficiency-list")).json()["results"] == []


class TestTestPages(crud.UIList, crud.APIRead):
    """Tests are kept by a body and seen by its people and those below it."""

    __test__ = True
    model = Test
    url_prefix = "assessments:test"
    api_basename = "test"
    export_column = 1

    def make(self, world: World, where: str) -> Test:
        bank = QuestionBank.objects.create(
            organisation=world.orgs[f"body_{where}"],
            code=f"B-{where}-{Test.objects.count()}",
            names={"en": "Bank"},
        )
        Question.objects.create(
            bank=bank,
            kind="single",
            text={"en": "?"},
            options=[{"en": "a"}, {"en": "b"}],
            correct=[0],
        )
        return services.knowledge_test_create(
            actor=world.users["admin"],
            organisation=world.orgs[f"body_{where}"],
            code=f"T-{where}-{Test.objects.count()}",
            title=f"Test in {where}",
            minutes=5,
            pass_mark=1,
            sections=[{"bank": bank, "draw": 1, "pass_mark": 1}],
        )

    def export_key(self, obj: Test) -> str:
        return obj.title


class TestAttemptPages(crud.CrudBase):
    """Attempts: their scope is tested above (the person, their HR, not another body)."""

    model = Attempt


class TestQuestionBankPages(crud.UIList):
    model = QuestionBank
    url_prefix = "assessments:questionbank"
    export_column = 0

    def make(self, world: World, where: str) -> QuestionBank:
        bank = QuestionBank.objects.create(
            organisation=world.orgs[f"body_{where}"],
            code=f"QB-{where}-{QuestionBank.objects.count()}",
            names={"en": f"Bank {where}"},
        )
        Question.objects.create(
            bank=bank,
            kind="single",
            text={"en": "Which?"},
            options=[{"en": "a"}, {"en": "b"}],
            correct=[1],
        )
        return bank

    def export_key(self, obj: QuestionBank) -> str:
        return obj.code


def test_a_bank_page_shows_its_questions_and_answers_to_its_keepers(
    world: World, exam: Test, as_user: Any
) -> None:
    bank = QuestionBank.objects.get(code="DG-SA")
    page = as_user("hr_a").get(bank.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "✓" in page.content.decode()
    assert as_user("employee_a1").get(bank.get_absolute_url()).status_code == 404


def test_bad_question_files_are_refused_whole(world: World, staff: Any) -> None:
    base = {
        "format": "cadre.questions/1",
        "banks": [{"code": "X", "name": {"en": "X"}, "competency": "SA.1", "questions": []}],
    }
    cases = [
        (
            {
                "kind": "single",
                "text": {"en": "?"},
                "options": [{"en": "a"}, {"en": "b"}],
                "correct": [0, 1],
            },
            "banks[0].questions[1].correct",
            "A single-choice question has exactly one correct option.",
        ),
        (
            {
                "kind": "ordering",
                "text": {"en": "?"},
                "options": [{"en": "a"}, {"en": "b"}],
                "correct": [1],
            },
            "banks[0].questions[1].correct",
            "An ordering question lists every option in the right order.",
        ),
        (
            {
                "kind": "single",
                "text": {"en": "?"},
                "options": [{"en": "a"}, {"en": "b"}],
                "correct": [2],
            },
            "banks[0].questions[1].correct",
            "The correct answer is a list of option indexes from 0 to 1.",
        ),
        (
            {"kind": "essay", "text": {"en": "?"}, "options": [], "correct": []},
            "banks[0].questions[1].kind",
            "The kind is one of: single, multiple, ordering.",
        ),
    ]
    good = {
        "kind": "single",
        "text": {"en": "?"},
        "options": [{"en": "a"}, {"en": "b"}],
        "correct": [0],
    }
    for bad, field, message in cases:
        data = json.loads(json.dumps(base))
        data["banks"][0]["questions"] = [good, bad]
        with pytest.raises(ApplicationError) as caught:
            services.questions_import(
                actor=world.users["admin"],
                organisation=world.orgs["country"],
                data=data,
                framework_code="DG",
            )
        assert caught.value.errors == {field: [message]}
    assert (QuestionBank.objects.count(), Question.objects.count()) == (0, 0)
