"""The steps of the contest and entry pages that post a form: the organiser's set-up and
publishing, a juror's scorecard and declared conflict, the screening; and what an entry's
page shows to whom."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cadre.contests import selectors, services
from cadre.contests.choices import EntryState
from cadre.contests.forms import (
    CalibrationForm,
    CategoryForm,
    CriterionForm,
    DeclareForm,
    JurorForm,
    ScoreForm,
    ScreenForm,
)
from cadre.contests.models import Application, Category, Contest
from cadre.core.access import may
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError


def saved(part: str) -> str:
    return {
        "category": _("The category is added."),
        "criterion": _("The criterion is added."),
        "juror": _("The juror is added."),
        "calibration": _("The calibration entry is added."),
        "results": _("The results are published."),
        "score": _("Your scores are recorded."),
        "declare": _("You are recused from this entry."),
        "screen": _("The screening is recorded."),
    }[part]


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(map(str, errors))
        messages.error(request, f"{label}: {text}" if label else text)


def _category(contest: Contest, pk: int) -> Category:
    found = next((c for c in selectors.categories(contest) if c.pk == pk), None)
    if found is None:
        raise ApplicationError(_("Choose one of this contest's categories."), field="category")
    return found


def run_setup_action(request: HttpRequest, contest: Contest, part: str) -> None:
    user = request.user
    form: Any = {
        "category": CategoryForm,
        "juror": JurorForm,
        "calibration": CalibrationForm,
    }.get(part)
    try:
        if part == "criterion":
            form = CriterionForm(request.POST, scale=contest.scale_max)
            if not form.is_valid():
                return _form_errors(request, form)
            services.criterion_add(actor=user, contest=contest, **form.service_data())
        elif part == "results":
            services.results_publish(
                actor=user, contest=contest, reason=request.POST.get("reason", "")
            )
        else:
            form = (
                JurorForm(request.POST, contest=contest, user=user)
                if part == "juror"
                else form(request.POST)
            )
            if not form.is_valid():
                return _form_errors(request, form)
            data = form.cleaned_data
            if part == "category":
                services.category_add(actor=user, contest=contest, **data)
            elif part == "juror":
                services.juror_add(
                    actor=user, category=_category(contest, data["category"]), user=data["user"]
                )
            else:
                services.calibration_add(
                    actor=user,
                    category=_category(contest, data["category"]),
                    title=data["title"],
                    summary=data["summary"],
                )
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, saved(part))


def run_entry_action(request: HttpRequest, entry: Application, action: str) -> None:
    user = request.user
    try:
        if action == "score":
            form: Any = ScoreForm(
                request.POST,
                criteria=selectors.criteria(entry.contest),
                scale=entry.contest.scale_max,
            )
            if not form.is_valid():
                return _form_errors(request, form)
            services.scorecard_submit(actor=user, application=entry, scores=form.scores())
        elif action == "declare":
            form = DeclareForm(request.POST)
            if not form.is_valid():
                return _form_errors(request, form)
            services.recusal_declare(actor=user, application=entry, **form.cleaned_data)
        else:
            form = ScreenForm(request.POST)
            if not form.is_valid():
                return _form_errors(request, form)
            services.application_screen(
                actor=user, application=entry, source=AuditSource.WEB, **form.cleaned_data
            )
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, saved(action))


def entry_context(request: HttpRequest, entry: Application) -> dict[str, Any]:
    user = request.user
    contest = entry.contest
    organiser = may(user, contest, "change")
    juror = services.juror_for(user, entry)
    recused = juror is not None and juror.recusals.filter(application=entry).exists()
    scored = juror is not None and juror.scores.filter(application=entry).exists()
    criteria = selectors.criteria(contest)
    mine = entry.applicant_id == user.pk and not entry.is_calibration
    return {
        "organiser": organiser,
        "recusals": selectors.recusals_of(entry) if organiser else [],
        "juror": juror,
        "recused": recused,
        "may_score": juror is not None
        and not recused
        and not scored
        and entry.state == EntryState.ADMITTED
        and contest.results_at is None,
        "may_declare": juror is not None and not recused and not scored,
        "may_screen": organiser
        and entry.state == EntryState.SUBMITTED
        and not entry.is_calibration,
        "score_form": ScoreForm(criteria=criteria, scale=contest.scale_max),
        "declare_form": DeclareForm(),
        "screen_form": ScreenForm(),
        "cards": selectors.scores_visible(user, entry, organiser),
        "criteria": sorted(criteria, key=lambda c: c.code),
        "feedback": entry.feedback if (mine or organiser) and contest.results_at else {},
        "file_url": bool(entry.file),
    }
