"""Pages: a person's competencies and gaps, tests and attempts, the gap heat map."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.accounts.roles import can
from cadre.assessments import campaigns, services
from cadre.assessments.choices import AppraiserRole, AttemptStatus, QuestionKind
from cadre.assessments.forms import CampaignForm
from cadre.assessments.models import (
    Appraisal,
    Attempt,
    Campaign,
    Evidence,
    FeedbackRequest,
    GapCell,
    Question,
    QuestionBank,
    Test,
)
from cadre.assessments.selectors import (
    employee_for_user,
    gap_people,
    gap_roots,
    heat_map,
    heat_map_trail,
    person_gaps,
    weighted_fit,
)
from cadre.competencies.models import Framework, ProficiencyLevel
from cadre.core.access import access, may
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.exports import export_csv
from cadre.core.pagination import Paginator
from cadre.core.scoping import reach_for
from cadre.core.services import job_create
from cadre.core.shortcuts import get_object_or_404
from cadre.core.tables import Column
from cadre.core.templatetags.cadre_css import heat_class
from cadre.core.translated import pick
from cadre.core.views import ObjectDetailView, ObjectEditView, ObjectListView, ScopedViewMixin
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.people.selectors import access_employee, acts_for

# --- a person's competencies ---------------------------------------------------------------


def _scales(gaps: list[Any]) -> dict[int, list[ProficiencyLevel]]:
    """The levels of each framework version the gaps' competencies belong to."""
    scales: dict[int, list[ProficiencyLevel]] = {}
    versions = {g.competency.version_id for g in gaps}
    for level in ProficiencyLevel.objects.filter(version_id__in=versions).order_by("rank"):
        scales.setdefault(level.version_id, []).append(level)
    return scales


def _posted_levels(request: HttpRequest) -> dict[str, int]:
    """``level_<competency id>`` fields of a form as ``{competency id: level}``; blank
    choices are left out."""
    return {
        key.removeprefix("level_"): int(value)
        for key in request.POST
        if key.startswith("level_") and (value := request.POST.get(key, "")).isdigit()
    }


def _person_context(request: HttpRequest, employee: Employee) -> dict[str, Any]:
    user = request.user
    version, gaps = person_gaps(employee)
    evidence = (
        Evidence.objects.restrict(user, "view")
        .filter(employee=employee)
        .select_related("competency")
        .order_by("-observed_at", "-id")[:50]
    )
    attempts = (
        Attempt.objects.restrict(user, "view")
        .filter(employee=employee)
        .select_related("test")
        .order_by("-started_at")[:20]
    )
    levels = _scales(gaps)
    is_self = employee.user_id == user.pk
    may_manage = acts_for(user, Appraisal, "add", employee)
    open_tests = (
        Test.objects.restrict(user, "view").filter(is_open=True).order_by("title")
        if is_self
        else Test.objects.none()
    )
    fit = weighted_fit(gaps)
    feedback = None
    latest = (
        Campaign.objects.filter(requests__employee=employee, feedback=True)
        .order_by("-launched_at")
        .distinct()
        .first()
    )
    if latest is not None:
        respondents, lines = campaigns.feedback_summary(latest, employee)
        feedback = {"campaign": latest, "respondents": respondents, "lines": lines}
    from django.apps import apps

    plan_model = apps.get_model("learning", "LearningPlan")  # learning builds on this app
    return {
        "may_plan": acts_for(user, plan_model, "add", employee),
        "feedback": feedback,
        "min_respondents": settings.CADRE_FEEDBACK_MIN_RESPONDENTS,
        "asked": FeedbackRequest.objects.filter(
            respondent_id=user.pk, answered_at__isnull=True, campaign__status="open"
        ).select_related("employee", "campaign")
        if is_self
        else FeedbackRequest.objects.none(),
        "employee": employee,
        "standard": version,
        "gaps": [(g, levels.get(g.competency.version_id, [])) for g in gaps],
        "fit": round(fit * 100) if fit is not None else None,
        "evidence": evidence,
        "attempts": attempts,
        "open_tests": open_tests,
        "appraise_as": AppraiserRole.SELF
        if is_self
        else (AppraiserRole.MANAGER if may_manage else None),
    }


class MyCompetenciesView(LoginRequiredMixin, View):
    """The employee's own standard, levels, gaps, evidence, tests and self-assessment."""

    def get(self, request: HttpRequest) -> HttpResponse:
        employee = employee_for_user(request.user)
        if employee is None:
            return render(request, "assessments/no_employee.html", status=404)
        return render(request, "assessments/person.html", _person_context(request, employee))


class PersonCompetenciesView(LoginRequiredMixin, View):
    """A person's competencies as their HR officer or manager sees them."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        employee = access_employee(request.user, pk)
        if not can(request.user, "assessments.proficiency", "view"):
            raise PermissionDenied
        return render(request, "assessments/person.html", _person_context(request, employee))


class AppraiseView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        employee = access_employee(request.user, pk)
        role = request.POST.get("role", "")
        levels = _posted_levels(request)
        try:
            services.appraisal_submit(
                actor=request.user,
                employee=employee,
                role=role,
                levels=levels,
                source=AuditSource.WEB,
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Assessment saved; the levels are updated."))
        if employee.user_id == request.user.pk:
            return HttpResponseRedirect(reverse("assessments:mine"))
        return HttpResponseRedirect(reverse("assessments:person", args=[employee.pk]))


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


# --- gaps ----------------------------------------------------------------------------------


class HeatMapView(LoginRequiredMixin, View):
    """Competencies × the organisations under a node, coloured by the share of people below
    the required level; every cell opens the people behind it. Reads precomputed cells."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        roots = gap_roots(user)
        if not roots:
            raise PermissionDenied
        found = heat_map(
            user=user,
            roots=roots,
            within=request.GET.get("within"),
            framework=request.GET.get("framework"),
        )
        node, columns, framework, cells = found.node, found.columns, found.framework, found.cells
        rows = []
        people_url = reverse("assessments:gap_people")
        for comp in found.competencies:
            line = []
            code = quote(comp.code)
            for org in columns:
                cell = cells.get((org.pk, comp.code))
                view = None
                if cell is not None and cell.people and framework is not None:
                    view = {  # worked out here: a region's map has thousands of cells
                        "percent": round(100 * cell.below / cell.people),
                        "href": f"{people_url}?within={org.pk}&framework={framework.pk}"
                        f"&code={code}",
                        "title": _("%(b)s of %(p)s below the required level")
                        % {"b": cell.below, "p": cell.people},
                        "shade": _shade(cell),
                    }
                line.append((org, cell, view))
            rows.append((comp, line))
        computed_at = max((c.computed_at for c in cells.values()), default=None)
        if request.GET.get("export") == "csv":
            return _heat_csv(rows, columns)
        trail = []
        if node is not None:
            trail = heat_map_trail(user=user, node=node)
        return render(
            request,
            "assessments/heatmap.html",
            {
                "node": node,
                "trail": trail,
                "columns": columns,
                "rows": rows,
                "frameworks": found.frameworks,
                "framework": framework,
                "computed_at": computed_at,
                "may_recompute": _may_recompute(user),
            },
        )


def _shade(cell: GapCell | None) -> str:
    """A class from pale (few below the required level) to deep red (all below): one of the
    eleven ``heat-N`` of cadre.css (no inline style: the Content-Security-Policy)."""
    if cell is None or not cell.people:
        return ""
    return heat_class(cell.below / cell.people)


def _cell_text(row: Any, i: int) -> str:
    cell = row[1][i][1]
    return f"{cell.below}/{cell.people}" if cell else ""


def _heat_csv(rows: list[Any], columns: list[Organisation]) -> HttpResponse:
    labels = [Column("competency", _l("competency"), value=lambda r: str(r[0]))]
    labels += [
        Column(f"c{i}", org.name, value=lambda r, i=i: _cell_text(r, i))  # type: ignore[misc]
        for i, org in enumerate(columns)
    ]
    return export_csv(str(_("gaps")), labels, rows)  # type: ignore[return-value]


def _may_recompute(user: Any) -> bool:
    """The batch covers the whole country: only the national authority starts it by hand."""
    return reach_for(user, Framework, "change").everything


class GapRecomputeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        if not _may_recompute(request.user):
            raise PermissionDenied
        job = job_create(actor=request.user, kind="assessments.gaps_recompute")
        return HttpResponseRedirect(job.get_absolute_url())


LIMIT = 5000  # people listed or exported from one cell, largest shortfall first


class GapPeopleView(LoginRequiredMixin, View):
    """The people behind one heat-map cell: in the subtree, below the required level."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not can(user, "assessments.proficiency", "view"):
            raise PermissionDenied
        org_id, framework_id = request.GET.get("within", ""), request.GET.get("framework", "")
        code = request.GET.get("code", "")
        found = gap_people(user=user, within=org_id, framework=framework_id, code=code, limit=LIMIT)
        organisation, people = found.organisation, found.people
        if request.GET.get("export") == "csv":
            return export_csv(  # type: ignore[return-value]
                f"{code}-{organisation.pk}",
                [
                    Column("e", _l("employee"), value=lambda r: str(r[0])),
                    Column("o", _l("organisation"), value=lambda r: r[0].organisation.name),
                    Column("r", _l("required level"), value=lambda r: r[1]),
                    Column("c", _l("current level"), value=lambda r: r[2]),
                ],
                people,
            )
        page = Paginator(people, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "assessments/gap_people.html",
            {
                "organisation": organisation,
                "competency": found.competency,
                "page": page,
                "total": len(people),
                "truncated": found.truncated,
                "limit": LIMIT,
                "querystring": f"within={org_id}&framework={framework_id}&code={code}",
            },
        )


# --- campaigns -----------------------------------------------------------------------------

CAMPAIGN_COLUMNS = (
    Column("title", _l("title"), sort="title", link=True),
    Column("organisation__name", _l("whose people"), sort="organisation__path"),
    Column("test", _l("test")),
    Column("closes_on", _l("due by"), sort="closes_on"),
    Column("status", _l("status"), sort="status"),
)


class CampaignListView(ObjectListView):
    model = Campaign
    columns = CAMPAIGN_COLUMNS
    select_related = ("organisation", "test")
    default_sort = "-closes_on"


class CampaignEditView(ObjectEditView):
    model = Campaign
    form_class = CampaignForm
    create_service = campaigns.campaign_create

    def _instance(self) -> Any:
        if "pk" in self.kwargs:  # a campaign is not edited once made; launch or close it
            raise Http404
        return super()._instance()


class CampaignDetailView(ObjectDetailView):
    model = Campaign
    select_related = ("organisation", "test")
    fields = CAMPAIGN_COLUMNS[1:]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "progress": campaigns.campaign_progress(obj),
            "may_change": may(self.request.user, obj, "change"),
            "min_respondents": settings.CADRE_FEEDBACK_MIN_RESPONDENTS,
        }


class CampaignActionView(ScopedViewMixin, View):
    model = Campaign
    action = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self.get_object("change")
        try:
            if self.action == "launch":
                campaigns.campaign_launch(actor=request.user, campaign=campaign)
                messages.success(request, _("The campaign is open."))
            else:
                n = campaigns.campaign_close(actor=request.user, campaign=campaign)
                messages.success(
                    request,
                    _("The campaign is closed; 360° feedback counted for %(n)d people.") % {"n": n},
                )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(campaign.get_absolute_url())


class FeedbackView(LoginRequiredMixin, View):
    """A respondent's 360° answer about one colleague (levels only; anonymous)."""

    template_name = "assessments/feedback.html"

    def _request(self, request: HttpRequest, pk: int) -> FeedbackRequest:
        return get_object_or_404(
            FeedbackRequest.objects.select_related("campaign", "employee"),
            pk=pk,
            respondent=request.user,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self._request(request, pk)
        return self._render(request, item)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self._request(request, pk)
        levels = _posted_levels(request)
        try:
            campaigns.feedback_answer(actor=request.user, request=item, levels=levels)
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return self._render(request, item, status=400)
        messages.success(request, _("Thank you; your answer is saved anonymously."))
        return HttpResponseRedirect(reverse("assessments:mine"))

    def _render(
        self, request: HttpRequest, item: FeedbackRequest, status: int = 200
    ) -> HttpResponse:
        _version, gaps = person_gaps(item.employee)
        levels = _scales(gaps)
        return render(
            request,
            self.template_name,
            {
                "item": item,
                "rows": [(g.competency, levels.get(g.competency.version_id, [])) for g in gaps],
            },
            status=status,
        )
