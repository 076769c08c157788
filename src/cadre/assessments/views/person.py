"""Pages of a person's competencies: one's own, a person's (HR, manager), an appraisal."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from cadre.accounts.roles import can
from cadre.assessments import campaigns, services
from cadre.assessments.choices import AppraiserRole
from cadre.assessments.models import (
    Appraisal,
    Attempt,
    Campaign,
    Evidence,
    FeedbackRequest,
    Test,
)
from cadre.assessments.selectors import (
    employee_for_user,
    person_gaps,
    weighted_fit,
)
from cadre.competencies.models import PositionProfile, ProficiencyLevel
from cadre.core.access import visible_ids
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
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
        # The standard's page only for those who may open it (an employee sees its lines here).
        "standard_link": version is not None
        and bool(visible_ids(user, PositionProfile, [version.profile_id])),
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
