"""Taking a test: one section per screen, answers kept as a draft as you go, a review screen,
then the submission; the result says what to do next (decision 0039).

Every screen is a plain form: without script each press of a button posts the screen's
answers (saved as a draft) and moves on. With script, htmx also posts the screen on every
change and swaps in the progress ("answered 7 of 20 · saved at 12:01"), and ``cadre.js``
counts the time down from the seconds the server gave with the page (a reload asks again),
warns at 5 and at 1 minute, and submits what is saved when the time is up. The server's
clock stays the only authority: a save or a submission after the deadline is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from cadre.assessments import services
from cadre.assessments.choices import AttemptStatus, QuestionKind
from cadre.assessments.models import Attempt, Question
from cadre.assessments.selectors import attempt_questions
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.translated import pick
from cadre.core.views import ScopedViewMixin


def _answers_from_post(
    request: HttpRequest, questions: dict[int, Question], only: list[int] | None = None
) -> dict[str, list[int]]:
    """The form's fields (``q<id>``; ordering questions ``q<id>_<position>``) as answers.
    With ``only`` (a screen's questions) each of them is given, empty when left blank, so a
    choice taken back is cleared from the draft."""
    answers: dict[str, list[int]] = {}
    for qid in only if only is not None else list(questions):
        question = questions[qid]
        if question.kind == QuestionKind.ORDERING:
            chosen = [request.POST.get(f"q{qid}_{i}", "") for i in range(len(question.options))]
            value = [int(c) if c.isdigit() else -1 for c in chosen] if any(chosen) else []
        else:
            value = [int(v) if v.isdigit() else -1 for v in request.POST.getlist(f"q{qid}")]
        if value or only is not None:
            answers[str(qid)] = value
    return answers


def _step_of(raw: Any, steps: int) -> int:
    try:
        step = int(raw)
    except (TypeError, ValueError):
        return 0
    return min(max(step, 0), steps - 1)


class _AttemptMixin(ScopedViewMixin):
    model = Attempt
    select_related = ("test", "employee")

    def questions(self, attempt: Attempt) -> dict[int, Question]:
        return attempt_questions(attempt)

    def screens(self, attempt: Attempt, questions: dict[int, Question]) -> list[dict[str, Any]]:
        """Each section of the draw with its questions, numbered across the whole test."""
        sections = {s.pk: s for s in attempt.test.sections.all()}
        number = 0
        screens = []
        for part in attempt.draw:
            items = []
            for qid in part["questions"]:
                q = questions[qid]
                number += 1
                answer = attempt.answers.get(str(qid), [])
                options = [pick(o) for o in q.options]
                items.append(
                    {
                        "id": qid,
                        "number": number,
                        "kind": q.kind,
                        "text": pick(q.text),
                        "options": list(enumerate(options)),
                        "positions": [
                            (pos, answer[pos] if pos < len(answer) else None)
                            for pos in range(len(options))
                        ],
                        "answer": answer,
                        "answer_text": (" → " if q.kind == QuestionKind.ORDERING else "; ").join(
                            options[i] for i in answer if 0 <= i < len(options)
                        ),
                    }
                )
            screens.append({"section": sections.get(part["section"]), "items": items})
        return screens

    def progress(self, attempt: Attempt) -> dict[str, Any]:
        total = sum(len(part["questions"]) for part in attempt.draw)
        answered = sum(1 for v in (attempt.answers or {}).values() if v)
        seconds_left = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
        return {
            "answered": answered,
            "total": total,
            "seconds_left": seconds_left,
            "clock": f"{seconds_left // 60}:{seconds_left % 60:02d}",
        }

    def timed_out(self, attempt: Attempt) -> bool:
        """Past the deadline and its grace: nothing more is accepted (server clock)."""
        return _late(attempt)

    def taking(self, attempt: Attempt) -> bool:
        return (
            attempt.employee.user_id == self.request.user.pk
            and attempt.status == AttemptStatus.OPEN
        )


def _late(attempt: Attempt) -> bool:
    grace = dt.timedelta(seconds=settings.CADRE_TEST_GRACE_SECONDS)
    return timezone.now() > attempt.deadline + grace


class AttemptView(_AttemptMixin, View):
    """An open attempt, one section per screen (``?step=``); a closed one, its result."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        attempt = self.get_object("view")
        if not self.taking(attempt) or self.timed_out(attempt):
            return self.result(request, attempt)
        return self.screen(request, attempt, request.GET.get("step"))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        attempt = self.get_object("view")
        questions = self.questions(attempt)
        go = request.POST.get("go", "")
        if "step" not in request.POST:
            if go == "submit":  # the review screen: what is kept
                return self.submit(request, attempt, attempt.answers)
            # The whole test in one form (older pages, scripts): what it carries.
            return self.submit(request, attempt, _answers_from_post(request, questions))
        step = _step_of(request.POST.get("step"), len(attempt.draw))
        screen = attempt.draw[step]["questions"] if attempt.draw else []
        try:
            attempt = services.attempt_save(
                actor=request.user,
                attempt=attempt,
                answers=_answers_from_post(request, questions, only=screen),
            )
        except ApplicationError as exc:
            if getattr(request, "htmx", False):
                return render(
                    request,
                    "assessments/_attempt_progress.html",
                    {"attempt": attempt, "error": str(exc), **self.progress(attempt)},
                )
            messages.error(request, str(exc))
            return self.screen(request, attempt, step, status=400)
        if go == "submit":
            return self.submit(request, attempt, attempt.answers)
        if getattr(request, "htmx", False) and not go:
            return render(
                request,
                "assessments/_attempt_progress.html",
                {"attempt": attempt, "saved_at": timezone.now(), **self.progress(attempt)},
            )
        url = attempt.get_absolute_url()
        if go == "review":
            return HttpResponseRedirect(reverse("assessments:attempt_review", args=[attempt.pk]))
        if go == "prev":
            return HttpResponseRedirect(f"{url}?step={max(step - 1, 0)}")
        if go.isdigit():
            return HttpResponseRedirect(f"{url}?step={_step_of(go, len(attempt.draw))}")
        if step + 1 < len(attempt.draw):
            return HttpResponseRedirect(f"{url}?step={step + 1}")
        return HttpResponseRedirect(reverse("assessments:attempt_review", args=[attempt.pk]))

    def submit(self, request: HttpRequest, attempt: Attempt, answers: Any) -> HttpResponse:
        try:
            services.attempt_submit(
                actor=request.user, attempt=attempt, answers=answers, source=AuditSource.WEB
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
            attempt.refresh_from_db()
            if self.taking(attempt) and self.progress(attempt)["seconds_left"] > 0:
                return self.screen(request, attempt, 0, status=400)
            return self.result(request, attempt, status=400)
        return HttpResponseRedirect(attempt.get_absolute_url())

    def screen(
        self, request: HttpRequest, attempt: Attempt, raw_step: Any, status: int = 200
    ) -> HttpResponse:
        screens = self.screens(attempt, self.questions(attempt))
        step = _step_of(raw_step, len(screens))
        return render(
            request,
            "assessments/attempt.html",
            {
                "attempt": attempt,
                "screen": screens[step],
                "screens": screens,
                "step": step,
                "step_number": step + 1,
                "last": step + 1 == len(screens),
                **self.progress(attempt),
            },
            status=status,
        )

    def result(self, request: HttpRequest, attempt: Attempt, status: int = 200) -> HttpResponse:
        attempt.refresh_from_db()
        mine = attempt.employee.user_id == request.user.pk
        failed = [s for s in attempt.sections if not s.get("passed")]
        return render(
            request,
            "assessments/attempt_result.html",
            {
                "attempt": attempt,
                "mine": mine,
                "failed_sections": failed,
                # A person may sit an open test again (each sitting is kept); while it is
                # open the result says so and offers the button.
                "may_retake": mine
                and attempt.test.is_open
                and attempt.status != "open"
                and not attempt.passed,
                "expired_open": attempt.status == AttemptStatus.OPEN,
            },
            status=status,
        )


class AttemptReviewView(_AttemptMixin, View):
    """Every question with the answer kept, a link back to its screen, and the submit button."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        attempt = self.get_object("view")
        if not self.taking(attempt) or self.timed_out(attempt):
            return HttpResponseRedirect(attempt.get_absolute_url())
        screens = self.screens(attempt, self.questions(attempt))
        return render(
            request,
            "assessments/attempt_review.html",
            {
                "attempt": attempt,
                "screens": screens,
                "step": len(screens) - 1,
                **self.progress(attempt),
            },
        )
