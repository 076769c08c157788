"""Contest pages: contests (list, detail with the stage, rubric, jury, and the results as
they stand or as published; the organiser's set-up forms; edit, delete), the calls for
applications and the application form, entries (list; detail with the juror's scorecard,
the declared conflict, the organiser's screening, the applicant's feedback) and an entry's
file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.contests import selectors, services
from cadre.contests.filtersets import ApplicationFilterSet, ContestFilterSet
from cadre.contests.forms import ApplyForm, ContestForm
from cadre.contests.models import Application, Contest
from cadre.contests.results import compute
from cadre.contests.tally import ALPHA_WARNING
from cadre.contests.views_parts import entry_context, run_entry_action, run_setup_action
from cadre.core.access import may
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    apply_application_error,
)


def _stage(c: Contest) -> str:
    from cadre.contests.choices import Stage

    return str(Stage(selectors.stage_of(c)).label)


CONTEST_COLUMNS = (
    Column("title", _l("title"), sort="title", link=True),
    Column("organisation__name", _l("organiser"), sort="organisation__path"),
    Column("stage", _l("stage"), value=_stage),
    Column("applications_close", _l("applications close"), sort="applications_close"),
    Column("scoring_close", _l("jury scoring ends"), sort="scoring_close"),
    Column("results_on", _l("results announced"), sort="results_on"),
)


class ContestListView(ObjectListView):
    model = Contest
    columns = CONTEST_COLUMNS
    filterset_class = ContestFilterSet
    select_related = ("organisation",)
    default_sort = "-applications_open"


class ContestDetailView(ObjectDetailView):
    model = Contest
    select_related = ("organisation",)
    fields = (
        *CONTEST_COLUMNS[1:],
        Column("description", _l("description")),
        Column("open_to", _l("open to"), value=lambda c: c.get_open_to_display()),
        Column("max_age", _l("maximum age")),
        Column("eligibility", _l("eligibility rules")),
        Column("scale_max", _l("highest score")),
        Column("min_scores", _l("jurors per entry")),
        Column("disagreement", _l("disagreement threshold")),
        Column("winners", _l("winners per category")),
        Column("finalists", _l("finalists per category")),
        Column("post_group", _l("post group of the reserve")),
        Column("results_at", _l("results published at")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        from cadre.contests.forms import CalibrationForm, CategoryForm, CriterionForm, JurorForm

        user = self.request.user
        organiser = may(user, obj, "change")
        context: dict[str, Any] = {
            "organiser": organiser,
            "categories": selectors.categories(obj),
            "criteria": selectors.criteria(obj),
            "jurors": selectors.jurors(obj) if organiser else [],
            "open": organiser and obj.results_at is None,
            "alpha_warning": ALPHA_WARNING,
        }
        if organiser:
            results = compute(obj)
            titles = selectors.titles(results.entries)
            context.update(
                results=sorted(
                    results.entries.values(),
                    key=lambda r: (r.category_id, r.rank or 10**9, r.entry_id),
                ),
                titles=titles,
                category_names={c.pk: c.name for c in context["categories"]},
                alpha=results.alpha,
                low_agreement=results.low_agreement(),
                short=len(results.short),
                category_form=CategoryForm(),
                criterion_form=CriterionForm(scale=obj.scale_max),
                calibration_form=CalibrationForm(),
                juror_form=JurorForm(contest=obj, user=user),
            )
        return context


class ContestEditView(ObjectEditView):
    model = Contest
    form_class = ContestForm
    create_service = services.contest_create
    update_service = services.contest_update


class ContestDeleteView(ObjectDeleteView):
    model = Contest
    delete_service = services.contest_delete


class ContestSetupView(LoginRequiredMixin, View):
    """POST: the organiser adds a category, a criterion, a juror or a calibration entry, or
    publishes the results."""

    part = ""

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        contest = selectors.contest_for(request.user, pk)
        run_setup_action(request, contest, self.part)
        return HttpResponseRedirect(contest.get_absolute_url())


class CallListView(LoginRequiredMixin, View):
    """Published contests taking applications: everyone signed in may apply."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "contests/calls.html",
            {
                "contests": selectors.published()[:200],
                "mine": selectors.my_applications(request.user)[:50],
            },
        )


class ApplyView(LoginRequiredMixin, View):
    """GET the form, POST it: apply to the published contest ``pk``. A body larger than the
    file limit is refused before it is read."""

    def _contest(self, pk: Any) -> Contest:
        contest = selectors.published_contest(pk)
        if contest is None:
            raise Http404
        return contest

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        contest = self._contest(pk)
        return self._render(request, contest, ApplyForm(contest=contest))

    def _render(
        self, request: HttpRequest, contest: Contest, form: Any, status: int = 200
    ) -> HttpResponse:
        return render(
            request, "contests/apply.html", {"contest": contest, "form": form}, status=status
        )

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        contest = self._contest(pk)
        if int(request.META.get("CONTENT_LENGTH") or 0) > services.max_file_bytes() + 64 * 1024:
            form = ApplyForm(contest=contest)
            form.add_error(None, services.file_too_large_message())
            return self._render(request, contest, form, status=413)
        form = ApplyForm(request.POST, request.FILES, contest=contest)
        if form.is_valid():
            category = next(
                (
                    c
                    for c in selectors.categories(contest)
                    if str(c.pk) == form.cleaned_data["category"]
                ),
                None,
            )
            try:
                entry = services.application_submit(
                    actor=request.user,
                    contest=contest,
                    category=category,  # type: ignore[arg-type]
                    title=form.cleaned_data["title"],
                    summary=form.cleaned_data["summary"],
                    file=form.cleaned_data.get("file"),
                    source=AuditSource.WEB,
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("Your application is submitted."))
                return HttpResponseRedirect(entry.get_absolute_url())
        return self._render(request, contest, form, status=400)


ENTRY_COLUMNS = (
    Column("title", _l("project"), sort="title", link=True),
    Column("contest__title", _l("contest"), sort="contest__title"),
    Column("category__name", _l("category"), sort="category__code"),
    Column("state", _l("state"), sort="state", value=lambda a: a.get_state_display()),
    Column("submitted_at", _l("submitted at"), sort="submitted_at"),
    Column("rank", _l("rank"), sort="rank"),
    Column("outcome", _l("outcome"), value=lambda a: a.get_outcome_display()),
)


class ApplicationListView(ObjectListView):
    model = Application
    columns = ENTRY_COLUMNS
    filterset_class = ApplicationFilterSet
    select_related = ("contest", "category")
    default_sort = "-submitted_at"


class ApplicationDetailView(ObjectDetailView):
    model = Application
    select_related = ("contest__organisation", "category", "applicant")
    fields = (
        *ENTRY_COLUMNS[1:],
        Column("summary", _l("project description")),
        Column("file_name", _l("file")),
        Column("is_calibration", _l("calibration entry")),
        Column("screening_note", _l("screening note")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return entry_context(self.request, obj)


class ApplicationActionView(LoginRequiredMixin, View):
    """POST: score (a juror), declare a conflict (a juror), screen (the organiser)."""

    action = ""

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        entry = selectors.entry_for(request.user, pk)
        run_entry_action(request, entry, self.action)
        return HttpResponseRedirect(entry.get_absolute_url())


class ApplicationFileView(LoginRequiredMixin, View):
    """The entry's file, to whoever may see the entry, always as a download."""

    def get(self, request: HttpRequest, pk: Any) -> FileResponse:
        entry = selectors.entry_for(request.user, pk)
        if not entry.file:
            raise Http404
        return FileResponse(
            entry.file.open("rb"), as_attachment=True, filename=entry.file_name or "file"
        )
