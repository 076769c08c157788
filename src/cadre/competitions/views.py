"""Competition pages: the list (filters, export), a competition with the step its reader
may take (move on, name the commission, check applications, record attendance, score,
decide, appoint, put in the reserve), the form; applications (a candidate's own, HR's of
their bodies); applying."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.competitions import selectors, services
from cadre.competitions.choices import ApplicantKind, ApplicationState, Stage
from cadre.competitions.filtersets import ApplicationFilterSet, CompetitionFilterSet
from cadre.competitions.forms import (
    ApplyForm,
    AppointForm,
    CheckForm,
    CompetitionForm,
    DecideForm,
    ScoreForm,
)
from cadre.competitions.models import Application, Competition
from cadre.core.access import may
from cadre.core.errors import ApplicationError
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    apply_application_error,
)

COMPETITION_COLUMNS = (
    Column("title", _l("title"), sort="title", link=True),
    Column("organisation__name", _l("body"), sort="organisation__path"),
    Column("stage", _l("stage"), sort="stage", value=lambda c: c.get_stage_display()),
    Column("applications_close", _l("applications close on"), sort="applications_close"),
    Column("interview_on", _l("interview on"), sort="interview_on"),
)


class CompetitionListView(ObjectListView):
    model = Competition
    columns = COMPETITION_COLUMNS
    filterset_class = CompetitionFilterSet
    select_related = ("organisation",)
    default_sort = "-applications_close"


class CompetitionEditView(ObjectEditView):
    model = Competition
    form_class = CompetitionForm
    create_service = services.competition_create
    update_service = services.competition_update


class CompetitionDetailView(ObjectDetailView):
    model = Competition
    select_related = ("organisation", "vacancy__post", "test", "decided_by")
    fields = (
        Column("organisation", _l("body"), value=lambda c: c.organisation),
        Column("vacancy", _l("vacancy"), value=lambda c: c.vacancy),
        Column("stage", _l("stage"), value=lambda c: c.get_stage_display()),
        Column("announcement", _l("announcement"), value=lambda c: c.announcement_text()),
        Column("test", _l("knowledge test"), value=lambda c: c.test or ""),
        Column("applications_close", _l("applications close on")),
        Column("interview_on", _l("interview on")),
        Column("decision_reason", _l("reasons of the decision")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        hr = may(user, obj, "change")
        member = selectors.member_of(user, obj)
        members, rows = selectors.board(obj)
        lead = hr or (member is not None and member.is_chair)
        interview = obj.stage == Stage.INTERVIEW
        invited = [r.application for r in rows if r.application.state == ApplicationState.INTERVIEW]
        return {
            "hr": hr,
            "member": member,
            "members": members,
            "rows": rows,
            "may_advance": hr and obj.stage in (Stage.ANNOUNCED, Stage.CHECKING, Stage.TESTING),
            "may_name": hr and obj.stage in (Stage.ANNOUNCED, Stage.CHECKING, Stage.TESTING),
            "candidates": selectors.member_candidates(user) if hr else [],
            "may_check": hr and obj.stage in (Stage.ANNOUNCED, Stage.CHECKING),
            "may_lead": lead and interview,
            "may_score": member is not None and interview and member.present,
            "recused": selectors.recusals_of(member),
            "scored": selectors.scored_by(member),
            "decide_form": DecideForm(candidates=invited) if lead and interview else None,
            "appoint_form": AppointForm() if hr and obj.stage == Stage.DECIDED else None,
            "may_reserve": hr and obj.stage in (Stage.DECIDED, Stage.APPOINTED, Stage.FAILED),
            "score_form": ScoreForm(),
            "check_form": CheckForm(),
            "public_url": obj.public_url(),
        }


APPLICATION_COLUMNS = (
    Column("competition__title", _l("competition"), value=lambda a: a.competition, link=True),
    Column("applicant", _l("applicant"), value=lambda a: a.applicant_name()),
    Column("kind", _l("applicant"), sort="kind", value=lambda a: a.get_kind_display()),
    Column("state", _l("state"), sort="state", value=lambda a: a.get_state_display()),
    Column("submitted_at", _l("submitted at"), sort="submitted_at"),
    Column("score", _l("mean interview score"), sort="score"),
)


class ApplicationListView(ObjectListView):
    model = Application
    columns = APPLICATION_COLUMNS
    filterset_class = ApplicationFilterSet
    select_related = ("competition", "user", "employee")
    default_sort = "-submitted_at"


class ApplicationDetailView(ObjectDetailView):
    model = Application
    select_related = ("competition", "user", "employee", "reserve_entry")
    fields = (
        *APPLICATION_COLUMNS,
        Column("motivation", _l("motivation")),
        Column("check_reason", _l("reason of the document check")),
        Column("test_correct", _l("correct answers")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        hr = may(self.request.user, obj.competition, "change")
        return {
            "sections": obj.test_sections,
            "may_record_test": hr
            and obj.competition.stage == Stage.TESTING
            and obj.kind == ApplicantKind.EXTERNAL
            and obj.state == ApplicationState.ADMITTED,
            "test_sections": list(obj.competition.test.sections.all())
            if obj.competition.test_id
            else [],
        }


def _back(obj: Any) -> HttpResponseRedirect:
    return HttpResponseRedirect(obj.get_absolute_url())


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(
            request, f"{label}: {' '.join(map(str, errors))}" if label else " ".join(errors)
        )


class CompetitionActionView(LoginRequiredMixin, View):
    """POST one step on a competition: advance, commission, attendance, decide, appoint."""

    action = ""

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        competition = selectors.competition_for(request.user, pk)
        post = request.POST
        reason = post.get("reason", "")
        actor = request.user
        try:
            if self.action == "advance":
                services.competition_advance(actor=actor, competition=competition, reason=reason)
            elif self.action == "commission":
                ids = [int(i) for i in post.getlist("members") if i.isdigit()]
                chair = post.get("chair", "")
                chair_ids = [int(chair)] if chair.isdigit() else []
                found = {u.pk: u for u in selectors.users_by_ids(actor, [*ids, *chair_ids])}
                missing = sorted(set(ids + chair_ids) - set(found))
                if missing:
                    raise ApplicationError(services.no_such_users_message(missing), field="members")
                services.commission_name(
                    actor=actor,
                    competition=competition,
                    users=[found[i] for i in ids],
                    chair=found[chair_ids[0]] if chair_ids else None,
                    reason=reason,
                )
            elif self.action == "attendance":
                present = [int(i) for i in post.getlist("present") if i.isdigit()]
                services.attendance_record(
                    actor=actor, competition=competition, present=present, reason=reason
                )
            elif self.action == "decide":
                invited = list(competition.applications.filter(state=ApplicationState.INTERVIEW))
                form = DecideForm(post, candidates=invited)
                if not form.is_valid():
                    _form_errors(request, form)
                    return _back(competition)
                winner = next((a for a in invited if a.pk == form.cleaned_data["winner"]), None)
                services.competition_decide(
                    actor=actor,
                    competition=competition,
                    winner=winner,
                    reason=form.cleaned_data["reason"],
                )
            else:
                appoint = AppointForm(post)
                if not appoint.is_valid():
                    _form_errors(request, appoint)
                    return _back(competition)
                services.competition_appoint(
                    actor=actor,
                    competition=competition,
                    start_date=appoint.cleaned_data["start_date"],
                    reason=appoint.cleaned_data["reason"],
                    employee_fields=appoint.employee_fields(),
                )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Done: the step is recorded."))
        return _back(competition)


class ApplicationActionView(LoginRequiredMixin, View):
    """POST one step on an application: check, test, score, recuse, reserve."""

    action = ""

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        application = selectors.application_for(request.user, pk)
        post = request.POST
        actor = request.user
        back = (
            _back(application.competition)
            if self.action in ("score", "recuse", "check")
            else _back(application)
        )
        try:
            if self.action == "check":
                form = CheckForm(post)
                if not form.is_valid():
                    _form_errors(request, form)
                    return back
                services.application_check(
                    actor=actor,
                    application=application,
                    admitted=form.cleaned_data["admitted"],
                    reason=form.cleaned_data["reason"],
                )
            elif self.action == "test":
                correct: dict[str, Any] = {}
                for key in post:
                    if key.startswith("section_"):
                        value = post.get(key, "").strip()
                        correct[key[len("section_") :]] = int(value) if value.isdigit() else value
                services.application_test_record(
                    actor=actor,
                    application=application,
                    correct=correct,
                    reason=post.get("reason", ""),
                )
            elif self.action == "score":
                scoring = ScoreForm(post)
                if not scoring.is_valid():
                    _form_errors(request, scoring)
                    return back
                services.score_record(
                    actor=actor,
                    application=application,
                    score=scoring.cleaned_data["score"],
                    comment=scoring.cleaned_data["comment"],
                )
            elif self.action == "recuse":
                services.recusal_declare(
                    actor=actor, application=application, reason=post.get("reason", "")
                )
            else:
                services.application_reserve(
                    actor=actor, application=application, reason=post.get("reason", "")
                )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Done: the step is recorded."))
        return back


class ApplyView(LoginRequiredMixin, View):
    """GET the form, POST it: apply to an announced competition."""

    def _competition(self, pk: Any) -> Competition:
        competition = selectors.public_one(int(pk)) if str(pk).isdigit() else None
        if competition is None:
            raise Http404
        return competition

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        competition = self._competition(pk)
        return render(
            request,
            "competitions/apply.html",
            {
                "competition": competition,
                "form": ApplyForm(),
                "mine": selectors.own_application(request.user, competition),
            },
        )

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        competition = self._competition(pk)
        form = ApplyForm(request.POST)
        if form.is_valid():
            try:
                application = services.application_submit(
                    actor=request.user,
                    competition=competition,
                    motivation=form.cleaned_data["motivation"],
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("Your application is received."))
                return _back(application)
        context = {"competition": competition, "form": form, "mine": None}
        return render(request, "competitions/apply.html", context, status=400)


def announcements(request: HttpRequest) -> HttpResponse:
    """``/c/``: anyone reads the competitions taking applications, no sign-in."""
    return render(request, "competitions/public_list.html", {"rows": selectors.public_open()})


def announcement(request: HttpRequest, pk: int) -> HttpResponse:
    """``/c/<id>/``: one competition's announcement, in the reader's language."""
    competition = selectors.public_one(pk)
    if competition is None:
        raise Http404
    return render(request, "competitions/public_detail.html", {"competition": competition})
