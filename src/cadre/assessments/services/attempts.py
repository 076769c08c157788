"""Knowledge tests and their sittings: a test made of sections drawn from banks, an attempt
started on the server's clock and submitted (scored, with the evidence it gives)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.assessments.choices import AttemptStatus, Instrument, QuestionKind
from cadre.assessments.models import Attempt, Question, QuestionBank, Test, TestSection
from cadre.assessments.proficiency import Observation, evidence_record
from cadre.competencies.services.frameworks import check_level, scale_tops
from cadre.core.access import require_may
from cadre.core.audit import audit_record, create_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation
from cadre.people.models import Employee

# --- tests ---------------------------------------------------------------------------------


@transaction.atomic
def knowledge_test_create(
    *,
    actor: Any,
    organisation: Organisation,
    code: str,
    title: str,
    minutes: int,
    pass_mark: int,
    sections: list[dict[str, Any]],
    is_open: bool = False,
    source: str = AuditSource.WEB,
) -> Test:
    """A test and its sections (``{"title", "bank", "draw", "pass_mark", "level"}``)."""
    require_reach(actor, Test, "add", organisation)
    if not sections:
        raise ApplicationError(_("A test has at least one section."), field="sections")
    test = create_audited(
        actor=actor,
        obj=Test(
            organisation=organisation,
            code=code,
            title=title,
            minutes=minutes,
            pass_mark=pass_mark,
            is_open=is_open,
        ),
        audited=("organisation", "code", "title", "minutes", "pass_mark", "is_open"),
        source=source,
    )
    visible_banks = QuestionBank.objects.restrict(actor, "view")
    total = 0
    for i, raw in enumerate(sections):
        where = f"sections[{i}]"
        bank = raw.get("bank")
        if not isinstance(bank, QuestionBank) or not visible_banks.filter(pk=bank.pk).exists():
            raise ApplicationError(_("Unknown question bank."), field=f"{where}.bank")
        draw = int(raw.get("draw") or 0)
        available = bank.questions.filter(is_active=True).count()
        if not 1 <= draw <= available:
            raise ApplicationError(
                _("The bank has %(n)d questions in use; draw from 1 to %(n)d.") % {"n": available},
                field=f"{where}.draw",
            )
        level = raw.get("level")
        if level is not None:
            if bank.competency is None:
                raise ApplicationError(
                    _("The bank measures no competency, so passing shows no level."),
                    field=f"{where}.level",
                )
            top = scale_tops([bank.competency.version_id]).get(bank.competency.version_id, 0)
            check_level(level, top, field=f"{where}.level")
        section = TestSection(
            test=test,
            position=i,
            title=raw.get("title") or str(bank),
            bank=bank,
            draw=draw,
            pass_mark=int(raw.get("pass_mark") or 0),
            level=level,
        )
        if section.pass_mark > draw:
            raise ApplicationError(
                _("A section's pass mark cannot exceed its questions."), field=f"{where}.pass_mark"
            )
        section.save()
        total += draw
    if pass_mark > total:
        raise ApplicationError(
            _("The pass mark cannot exceed the %(n)d questions drawn.") % {"n": total},
            field="pass_mark",
        )
    return test


def _own_employee(actor: Any) -> Employee:
    employee = (
        Employee.objects.filter(user=actor, is_active=True).select_related("organisation").first()
    )
    if employee is None:
        raise ApplicationError(
            _("Your account is not linked to an employee record."), code="no_employee"
        )
    return employee


@transaction.atomic
def attempt_start(*, actor: Any, test: Test, rng: random.Random | None = None) -> Attempt:
    """Start the actor's own sitting of an open test: draw the questions, fix the deadline.
    An attempt already open is returned as it is (the clock keeps running)."""
    employee = _own_employee(actor)
    require_may(
        actor,
        test,
        "view",
        _("This test is not open to you."),
        field="test",
        code="closed",
        is_open=True,
    )
    existing = (
        Attempt.objects.select_for_update()
        .filter(test=test, employee=employee, status=AttemptStatus.OPEN)
        .first()
    )
    if existing is not None and timezone.now() <= existing.deadline + _grace():
        return existing
    if existing is not None:
        existing.status = AttemptStatus.EXPIRED
        existing.save(update_fields=["status"])
    rng = rng or random.SystemRandom()
    draw = []
    for section in test.sections.select_related("bank").order_by("position"):
        ids = list(
            section.bank.questions.filter(is_active=True)
            .order_by("id")
            .values_list("id", flat=True)
        )
        if len(ids) < section.draw:
            raise ApplicationError(
                _("Section “%(s)s” has too few questions in use.") % {"s": section.title},
                field="test",
            )
        draw.append({"section": section.pk, "questions": rng.sample(ids, section.draw)})
    now = timezone.now()
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                test=test,
                employee=employee,
                started_at=now,
                deadline=now + dt.timedelta(minutes=test.minutes),
                draw=draw,
            )
    except IntegrityError:  # a parallel start won: use its attempt
        return Attempt.objects.get(test=test, employee=employee, status=AttemptStatus.OPEN)
    audit_record(
        actor=actor,
        action="start",
        obj=attempt,
        changes={"deadline": [None, attempt.deadline.isoformat()]},
    )
    return attempt


def _grace() -> dt.timedelta:
    return dt.timedelta(seconds=settings.CADRE_TEST_GRACE_SECONDS)


def _is_right(question: Question, answer: list[int]) -> bool:
    if question.kind == QuestionKind.MULTIPLE:
        return sorted(answer) == sorted(question.correct)
    return answer == list(question.correct)


def _lock_open(actor: Any, attempt: Attempt, now: dt.datetime) -> Attempt:
    """The actor's own attempt, locked, still open and within its time (server clock)."""
    attempt = (
        Attempt.objects.select_for_update().select_related("test", "employee").get(pk=attempt.pk)
    )
    if attempt.employee.user_id != getattr(actor, "pk", None):
        raise ApplicationError(_("This is not your attempt."), field="attempt", code="not_yours")
    if attempt.status != AttemptStatus.OPEN:
        raise ApplicationError(
            _("This attempt was already submitted at %(when)s.")
            % {"when": timezone.localtime(attempt.submitted_at).strftime("%Y-%m-%d %H:%M:%S")}
            if attempt.status == AttemptStatus.SUBMITTED
            else _("The time for this attempt ran out."),
            field="attempt",
            code="already_submitted" if attempt.status == AttemptStatus.SUBMITTED else "late",
        )
    if now > attempt.deadline + _grace():
        raise ApplicationError(
            _("The time limit ended at %(when)s; answers sent after it are not accepted.")
            % {"when": timezone.localtime(attempt.deadline).strftime("%H:%M:%S")},
            field="attempt",
            code="late",
        )
    return attempt


def _clean_answers(
    attempt: Attempt, answers: Any, questions: dict[int, Question]
) -> dict[str, list[int]]:
    """``answers`` checked against the questions drawn; an empty list is "no answer"."""
    if not isinstance(answers, dict):
        raise ApplicationError(
            _("Give the answers as an object of question id to option indexes."), field="answers"
        )
    clean: dict[str, list[int]] = {}
    for key, value in answers.items():
        try:
            qid = int(key)
        except (TypeError, ValueError):
            qid = -1
        if qid not in questions:
            raise ApplicationError(
                _("Question %(q)s was not drawn for this attempt.") % {"q": key},
                field=f"answers.{key}",
                code="not_drawn",
            )
        question = questions[qid]
        n = len(question.options)
        if (
            not isinstance(value, list)
            or not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n for i in value)
            or len(set(value)) != len(value)
        ):
            raise ApplicationError(
                _("An answer is a list of different option indexes from 0 to %(top)d.")
                % {"top": n - 1},
                field=f"answers.{key}",
            )
        if question.kind == QuestionKind.SINGLE and len(value) > 1:
            raise ApplicationError(
                _("Choose one option for this question."), field=f"answers.{key}"
            )
        if question.kind == QuestionKind.ORDERING and value and len(value) != n:
            raise ApplicationError(
                _("Put all %(n)d options in order.") % {"n": n}, field=f"answers.{key}"
            )
        clean[str(qid)] = value
    return clean


def _drawn_questions(attempt: Attempt) -> dict[int, Question]:
    drawn = {qid for part in attempt.draw for qid in part["questions"]}
    return {q.pk: q for q in Question.objects.filter(pk__in=drawn)}


@transaction.atomic
def attempt_save(*, actor: Any, attempt: Attempt, answers: Any) -> Attempt:
    """Keep answers of the actor's open attempt as a draft, screen by screen, before it is
    submitted: ``answers`` replace the draft of the questions they name (an empty list clears
    one). Refused, changing nothing, on the same grounds as a submission: another person's
    attempt, one already submitted, after the deadline (server clock), a malformed answer."""
    attempt = _lock_open(actor, attempt, timezone.now())
    clean = _clean_answers(attempt, answers, _drawn_questions(attempt))
    draft = dict(attempt.answers or {})
    for key, value in clean.items():
        if value:
            draft[key] = value
        else:
            draft.pop(key, None)
    if draft != attempt.answers:
        attempt.answers = draft
        attempt.save(update_fields=["answers"])
    return attempt


@transaction.atomic
def attempt_submit(
    *, actor: Any, attempt: Attempt, answers: Any, source: str = AuditSource.WEB
) -> Attempt:
    """Score the actor's own attempt. Refused, changing nothing: another person's attempt,
    a second submission, a submission after the deadline (server clock, small grace),
    answers to questions not drawn for this attempt, malformed answers."""
    now = timezone.now()
    attempt = _lock_open(actor, attempt, now)
    questions = _drawn_questions(attempt)
    clean = {k: v for k, v in _clean_answers(attempt, answers, questions).items() if v}
    sections = {s.pk: s for s in attempt.test.sections.select_related("bank__competency")}
    results = []
    total = 0
    all_sections_pass = True
    observations = []
    for part in attempt.draw:
        section = sections[part["section"]]
        right = sum(
            1
            for qid in part["questions"]
            if str(qid) in clean and _is_right(questions[qid], clean[str(qid)])
        )
        passed = right >= section.pass_mark
        all_sections_pass &= passed
        total += right
        results.append(
            {
                "section": section.pk,
                "title": section.title,
                "correct": right,
                "of": len(part["questions"]),
                "pass_mark": section.pass_mark,
                "passed": passed,
            }
        )
        if passed and section.level and section.bank.competency is not None:
            observations.append(Observation(section.bank.competency, section.level))
    attempt.answers = clean
    attempt.correct = total
    attempt.sections = results
    attempt.passed = all_sections_pass and total >= attempt.test.pass_mark
    attempt.status = AttemptStatus.SUBMITTED
    attempt.submitted_at = now
    attempt.save()
    audit_record(
        actor=actor,
        action="submit",
        obj=attempt,
        changes={"correct": [None, total], "passed": [None, attempt.passed]},
        source=source,
    )
    from cadre.assessments.campaigns.feedback import participant_mark

    participant_mark(employee=attempt.employee, test=attempt.test)
    if observations:
        evidence_record(
            actor=actor,
            employee=attempt.employee,
            observations=observations,
            instrument=Instrument.TEST,
            source=f"attempt:{attempt.pk}",
            observed_at=now,
            origin=source,
        )
    return attempt
