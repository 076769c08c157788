"""Pages of knowledge tests, their question banks, and a sitting (an attempt)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.assessments import services
from cadre.assessments.choices import AttemptStatus, QuestionKind
from cadre.assessments.models import (
    Attempt,
    Question,
    QuestionBank,
    Test,
)
from cadre.assessments.selectors import (
    employee_for_user,
)
from cadre.core.access import access
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.tables import Column
from cadre.core.translated import pick
from cadre.core.views import ObjectDetailView, ObjectListView, ScopedViewMixin

# --- tests ---------------------------------------------------------------------------------

TEST_COLUMNS = (
    Column("code", _l("code"), sort="code"),
    Column("title", _l("title"), sort="title", link=True),
    Column("minutes", _l("time limit, minutes")),
    Column("pass_mark", _l("pass mark")),
    Column("is_open", _l("open for taking")),
    Column("organisation__name", _l("kept by")),
)


class TestListView(ObjectListView):
    __test__ = False
    model = Test
    columns = TEST_COLUMNS
    select_related = ("organisation",)
    default_sort = "title"


class TestDetailView(ObjectDetailView):
    __test__ = False
    model = Test
    select_related = ("organisation",)
    fields = TEST_COLUMNS

    def extra_context(self, obj: Any) -> dict[str, Any]:
        employee = employee_for_user(self.request.user)
        return {
            "sections": obj.sections.select_related("bank__competency").order_by("position"),
            "may_take": employee is not None and obj.is_open,
        }


class AttemptStartView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        test = access(Test, request.user, pk)
        try:
            attempt = services.attempt_start(actor=request.user, test=test)
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(test.get_absolute_url())
        return HttpResponseRedirect(attempt.get_absolute_url())


def _answers_from_post(request: HttpRequest, attempt: Attempt) -> dict[str, list[int]]:
    """The form's fields (``q<id>``; ordering questions ``q<id>_<position>``) as answers."""
    answers: dict[str, list[int]] = {}
    questions = Question.objects.in_bulk(
        [qid for part in attempt.draw for qid in part["questions"]]
    )
    for qid, question in questions.items():
        if question.kind == QuestionKind.ORDERING:
            chosen = [request.POST.get(f"q{qid}_{i}", "") for i in range(len(question.options))]
            if any(chosen):
                answers[str(qid)] = [int(c) if c.isdigit() else -1 for c in chosen]
        else:
            values = request.POST.getlist(f"q{qid}")
            if values:
                answers[str(qid)] = [int(v) if v.isdigit() else -1 for v in values]
    return answers


class AttemptView(ScopedViewMixin, View):
    """Take an open attempt (the questions drawn for it), or read a submitted one."""

    model = Attempt

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        attempt = self.get_object("view")
        return self._render(request, attempt)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        attempt = self.get_object("view")
        try:
            services.attempt_submit(
                actor=request.user,
                attempt=attempt,
                answers=_answers_from_post(request, attempt),
                source=AuditSource.WEB,
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return self._render(request, attempt, status=400)
        return HttpResponseRedirect(attempt.get_absolute_url())

    def _render(self, request: HttpRequest, attempt: Attempt, status: int = 200) -> HttpResponse:
        attempt.refresh_from_db()
        questions = Question.objects.in_bulk(
            [qid for part in attempt.draw for qid in part["questions"]]
        )
        sections = {s.pk: s for s in attempt.test.sections.all()}
        mine = attempt.employee.user_id == request.user.pk
        taking = mine and attempt.status == AttemptStatus.OPEN
        parts = []
        for part in attempt.draw:
            items = []
            for qid in part["questions"]:
                q = questions[qid]
                items.append(
                    {
                        "id": qid,
                        "kind": q.kind,
                        "text": pick(q.text),
                        "options": list(enumerate(pick(o) for o in q.options)),
                        "positions": range(len(q.options)),
                        "answer": attempt.answers.get(str(qid), []),
                    }
                )
            parts.append((sections.get(part["section"]), items))
        seconds_left = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
        return render(
            request,
            "assessments/attempt.html",
            {
                "attempt": attempt,
                "parts": parts,
                "taking": taking,
                "seconds_left": seconds_left,
                "expired": taking and seconds_left == 0,
            },
            status=status,
        )


BANK_COLUMNS = (
    Column("code", _l("code"), sort="code", link=True),
    Column("name", _l("name"), value=str),
    Column("competency", _l("competency")),
    Column("organisation__name", _l("kept by")),
)


class QuestionBankListView(ObjectListView):
    model = QuestionBank
    columns = BANK_COLUMNS
    select_related = ("organisation", "competency")
    default_sort = "code"


class QuestionBankDetailView(ObjectDetailView):
    model = QuestionBank
    select_related = ("organisation", "competency")
    fields = BANK_COLUMNS

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "questions": [
                (q, pick(q.text), [(i, pick(o), i in q.correct) for i, o in enumerate(q.options)])
                for q in obj.questions.order_by("id")
            ]
        }
