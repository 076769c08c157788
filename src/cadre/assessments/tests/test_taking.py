"""Taking a test screen by screen: drafts kept as you go, the review, the server's clock, and
what the result page offers next (decision 0039)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cadre.assessments import services
from cadre.assessments.models import Attempt, Question, Test
from cadre.core.errors import ApplicationError
from cadre.core.testing.world import World


def _fields(qids: list[int], right: bool = True) -> dict[str, Any]:
    """The form fields answering ``qids`` (rightly, or each with a wrong option)."""
    data: dict[str, Any] = {}
    for q in Question.objects.filter(pk__in=qids):
        answer = list(q.correct)
        if not right:
            answer = (
                list(reversed(answer))
                if q.kind == "ordering"
                else [next(i for i in range(len(q.options)) if i not in q.correct)]
            )
        if q.kind == "ordering":
            data.update({f"q{q.pk}_{i}": str(v) for i, v in enumerate(answer)})
        else:
            data[f"q{q.pk}"] = [str(v) for v in answer]
    return data


def _start(world: World, exam: Test) -> Attempt:
    return services.attempt_start(actor=world.users["employee_a1"], test=exam, rng=random.Random(7))


def test_a_test_taken_screen_by_screen_keeps_drafts_and_submits_them_from_the_review(
    world: World, exam: Test, staff: Any, as_user: Any
) -> None:
    client = as_user("employee_a1")
    attempt = _start(world, exam)
    url = attempt.get_absolute_url()
    first, second = attempt.draw[0]["questions"], attempt.draw[1]["questions"]
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Section 1 of 2: Analysis" in page and "Answered 0 of 7" in page
    assert 'data-countdown="' in page and "Time left" in page
    assert page.count('class="question"') == 4  # only the first section's questions

    moved = client.post(url, {"step": "0", "go": "next", **_fields(first)})
    assert moved.status_code == 302 and moved["Location"] == f"{url}?step=1"
    attempt.refresh_from_db()
    assert sorted(attempt.answers) == sorted(str(q) for q in first)
    assert attempt.status == "open" and attempt.correct is None

    # Coming back (a reload, another day within the time): the answers are checked again.
    again = client.get(f"{url}?step=0", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Answered 4 of 7" in again and again.count(" checked") + again.count(" selected") >= 4

    # One answer of the second section, then the review.
    one = {k: v for k, v in _fields(second).items() if k.startswith(f"q{second[0]}")}
    review = client.post(url, {"step": "1", "go": "review", **one})
    assert review["Location"] == reverse("assessments:attempt_review", args=[attempt.pk])
    shown = client.get(review["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Answered 5 of 7" in shown and shown.count("Not answered") == 2
    assert "Unanswered questions count as wrong." in shown

    done = client.post(url, {"go": "submit"}, HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, attempt.passed) == ("submitted", 5, False)
    assert [(s["title"], s["correct"], s["passed"]) for s in attempt.sections] == [
        ("Analysis", 4, True),
        ("Security", 1, False),
    ]
    result = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What you can do next" in result
    assert "Sections not passed: Security." in result
    assert reverse("learning:mine") in result and reverse("assessments:mine") in result
    assert "Sit the test again" in result
    # The review of a submitted attempt leads to its result.
    assert client.get(review["Location"])["Location"] == url


def test_a_choice_taken_back_is_cleared_and_a_bad_draft_saves_nothing(
    world: World, exam: Test, staff: Any, as_user: Any
) -> None:
    client = as_user("employee_a1")
    attempt = _start(world, exam)
    url = attempt.get_absolute_url()
    first = attempt.draw[0]["questions"]
    client.post(url, {"step": "0", "go": "next", **_fields(first)})
    client.post(url, {"step": "0", "go": "next"})  # every choice of the screen taken back
    attempt.refresh_from_db()
    assert attempt.answers == {}

    single = Question.objects.filter(pk__in=first, kind="single").first()
    assert single is not None
    bad = client.post(
        url, {"step": "0", "go": "next", f"q{single.pk}": ["0", "1"]}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert bad.status_code == 400
    assert "Choose one option for this question." in bad.content.decode()
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_htmx_saves_each_change_and_answers_with_the_progress(
    world: World, exam: Test, staff: Any, as_user: Any
) -> None:
    client = as_user("employee_a1")
    attempt = _start(world, exam)
    first = attempt.draw[0]["questions"]
    one = {k: v for k, v in _fields(first).items() if k.startswith(f"q{first[0]}")}
    saved = client.post(
        attempt.get_absolute_url(),
        {"step": "0", **one},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = saved.content.decode()
    assert saved.status_code == 200 and body.startswith('<p id="attempt-progress"')
    assert "Answered 1 of 7" in body and "saved at" in body
    attempt.refresh_from_db()
    assert list(attempt.answers) == [str(first[0])]


def test_after_the_deadline_nothing_is_saved_or_submitted(
    world: World, exam: Test, staff: Any, as_user: Any
) -> None:
    client = as_user("employee_a1")
    attempt = _start(world, exam)
    url = attempt.get_absolute_url()
    first = attempt.draw[0]["questions"]
    client.post(url, {"step": "0", "go": "next", **_fields(first)})
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - dt.timedelta(seconds=31)  # past the 30 s grace
    )
    late = client.post(
        url,
        {"step": "1", "go": "next", **_fields(attempt.draw[1]["questions"])},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert late.status_code == 400
    assert "answers sent after it are not accepted" in late.content.decode()
    refused = client.post(url, {"go": "submit"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    attempt.refresh_from_db()
    assert (attempt.status, len(attempt.answers), attempt.correct) == ("open", 4, None)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "answers are no longer accepted" in page and "attempt-form" not in page
    review = client.get(reverse("assessments:attempt_review", args=[attempt.pk]))
    assert review["Location"] == url


def test_only_the_person_saves_drafts_of_their_attempt(
    world: World, exam: Test, staff: Any
) -> None:
    attempt = _start(world, exam)
    with pytest.raises(ApplicationError, match=r"This is not your attempt\."):
        services.attempt_save(actor=world.users["manager_a1"], attempt=attempt, answers={})
    with pytest.raises(ApplicationError, match=r"was not drawn for this attempt"):
        services.attempt_save(actor=world.users["employee_a1"], attempt=attempt, answers={"0": [0]})
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_a_passed_result_points_to_the_competencies_and_offers_no_retake(
    world: World, exam: Test, staff: Any, as_user: Any
) -> None:
    client = as_user("employee_a1")
    attempt = _start(world, exam)
    url = attempt.get_absolute_url()
    for step, part in enumerate(attempt.draw):
        client.post(url, {"step": str(step), "go": "next", **_fields(part["questions"])})
    client.post(url, {"go": "submit"})
    attempt.refresh_from_db()
    assert (attempt.correct, attempt.passed) == (7, True)
    result = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "recorded as evidence of your competencies" in result
    assert "Sit the test again" not in result
