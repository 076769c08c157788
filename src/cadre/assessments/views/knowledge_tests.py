"""Pages of knowledge tests, their question banks, and a sitting (an attempt)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.assessments import services
from cadre.assessments.models import (
    QuestionBank,
    Test,
)
from cadre.assessments.selectors import (
    employee_for_user,
)
from cadre.core.access import access
from cadre.core.errors import ApplicationError
from cadre.core.tables import Column
from cadre.core.translated import pick
from cadre.core.views import ObjectDetailView, ObjectListView

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
