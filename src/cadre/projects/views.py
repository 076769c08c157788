"""Project office pages: projects (list with filters and export, detail with status and
why, team, outcome KPIs, milestones and history, forms), programmes, the milestone close
form, and the portfolio (a body's or the national one)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.core.access import may
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.permissions import can
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    apply_application_error,
    check_form,
    form_reason,
)
from cadre.portfolio import selectors as portfolio
from cadre.projects import selectors, services
from cadre.projects.choices import ProjectState
from cadre.projects.filtersets import ProgrammeFilterSet, ProjectFilterSet
from cadre.projects.forms import (
    CloseForm,
    KpiForm,
    LinkSystemForm,
    MemberForm,
    MilestoneForm,
    ProgrammeForm,
    ProjectForm,
)
from cadre.projects.models import Programme, Project


def _budget(p: Project) -> str:
    return f"{p.budget} {p.currency}"


def _status(p: Project) -> str:
    info = getattr(p, "status_info", None)
    return info.label if info is not None else ""


PROJECT_COLUMNS = (
    Column("name", _l("name"), sort="name", link=True),
    Column("organisation__name", _l("body"), sort="organisation__path"),
    Column("programme", _l("programme"), value=lambda p: p.programme or ""),
    Column("owner", _l("accountable owner"), value=lambda p: p.owner),
    Column("state", _l("state"), sort="state", value=lambda p: p.get_state_display()),
    Column("status", _l("status"), value=_status),
    Column("planned_end", _l("planned end"), sort="planned_end"),
    Column("budget", _l("budget (minor units)"), sort="budget", value=_budget),
)


class ProjectListView(ObjectListView):
    model = Project
    columns = PROJECT_COLUMNS
    filterset_class = ProjectFilterSet
    select_related = ("organisation", "programme", "owner")
    default_sort = "name"

    def base_queryset(self, action: str = "view") -> Any:
        qs: Any = super().base_queryset(action)
        return qs.with_status(selectors.today())


class ProjectDetailView(ObjectDetailView):
    model = Project
    select_related = ("organisation", "programme", "owner", "sponsor", "it_system")
    fields = (
        Column("goal", _l("goal")),
        Column("organisation", _l("body"), value=lambda p: p.organisation),
        Column("programme", _l("programme"), value=lambda p: p.programme or ""),
        Column("owner", _l("accountable owner"), value=lambda p: p.owner),
        Column("sponsor", _l("sponsor"), value=lambda p: p.sponsor or ""),
        Column("start", _l("start")),
        Column("planned_end", _l("planned end")),
        Column("budget", _l("budget (minor units)"), value=_budget),
        Column("state", _l("state"), value=lambda p: p.get_state_display()),
        Column("it_system", _l("IT portfolio entry"), value=lambda p: p.it_system or ""),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        office = may(user, obj, "change")
        running = obj.state not in (ProjectState.CLOSED, ProjectState.CANCELLED)
        return {
            "status": selectors.status_of(obj),
            "team": selectors.team(obj),
            "milestones": selectors.milestones(obj),
            "project_history": selectors.history(obj),
            "history": None,  # the project's own history, below, is for everyone on it
            "office": office and running,
            "may_close": running and services.may_close(user, obj),
            "transitions": [
                (state, label)
                for state, label in ProjectState.choices
                if office and state in services.TRANSITIONS[ProjectState(obj.state)]
            ],
            "member_form": MemberForm(user=user),
            "kpi_form": KpiForm(user=user),
            "milestone_form": MilestoneForm(),
            "link_form": LinkSystemForm(user=user) if obj.it_system_id is None else None,
        }


class ProjectEditView(ObjectEditView):
    """Register a project (an IT project whose new portfolio entry looks like other
    bodies' entries in two steps: the likely duplicates shown, then confirmed) or change
    one."""

    model = Project
    form_class = ProjectForm
    create_service = services.project_create
    update_service = services.project_update
    create_check = services.project_check
    template_name = "projects/project_form.html"

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        if pk is not None:
            return super().post(request, pk)
        self.require("add")
        form = self._form(None, request.POST)
        if not check_form(form, services.project_check, actor=request.user):
            return self._render(form, None, status=400)
        data, reason = form_reason(form)
        if data.get("capabilities") and not form.cleaned_data.get("confirm"):
            likely = services.likely_duplicates(
                organisation=data["organisation"],
                name=data["name"],
                goal=data["goal"],
                capabilities=data["capabilities"],
            )
            if likely:
                form.data = form.data.copy()
                form.data["confirm"] = "True"
                return self._render(form, None, likely=likely)
        try:
            obj = services.project_create(
                actor=request.user, source=AuditSource.WEB, reason=reason, **data
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
            return self._render(form, None, status=400)
        messages.success(request, _("Saved: %(object)s") % {"object": obj})
        return HttpResponseRedirect(obj.get_absolute_url())

    def _render(
        self, form: Any, instance: Any, status: int = 200, likely: Any = None
    ) -> HttpResponse:
        rows = [
            (
                item,
                portfolio.reason(
                    shared_capabilities=item.shared_capabilities,
                    text_similarity=item.text_similarity,
                    shared_terms=item.shared_terms,
                ),
            )
            for item in likely or []
        ]
        context = {**self.common_context(), "form": form, "object": instance, "likely": rows}
        return render(self.request, self.template_name, context, status=status)


class ProjectPartView(LoginRequiredMixin, View):
    """POST: add a team member, link an outcome KPI, add a milestone, or move the project
    on in its lifecycle; refusals are shown on the project page, nothing changed."""

    part = ""

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        project = selectors.project_for(request.user, pk)
        if not may(request.user, project, "change"):
            raise PermissionDenied
        reason = request.POST.get("reason", "")
        forms_by_part: dict[str, Any] = {
            "member": MemberForm(request.POST, user=request.user),
            "kpi": KpiForm(request.POST, user=request.user),
            "milestone": MilestoneForm(request.POST),
            "system": LinkSystemForm(request.POST, user=request.user),
        }
        try:
            if self.part == "state":
                services.project_transition(
                    actor=request.user,
                    project=project,
                    state=request.POST.get("state", ""),
                    reason=reason,
                )
            else:
                form = forms_by_part[self.part]
                if not form.is_valid():
                    for field, errors in form.errors.items():
                        label = form.fields[field].label if field in form.fields else ""
                        messages.error(request, f"{label}: {' '.join(map(str, errors))}")
                    return HttpResponseRedirect(project.get_absolute_url())
                data = form.cleaned_data
                if self.part == "member":
                    services.member_add(
                        actor=request.user,
                        project=project,
                        employee=data["employee"],
                        reason=reason,
                    )
                elif self.part == "system":
                    services.project_link_system(
                        actor=request.user, project=project, reason=reason, **data
                    )
                elif self.part == "kpi":
                    services.kpi_link(actor=request.user, project=project, reason=reason, **data)
                else:
                    services.milestone_add(
                        actor=request.user, project=project, reason=reason, **data
                    )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved: %(object)s") % {"object": project})
        return HttpResponseRedirect(project.get_absolute_url())


class MilestoneCloseView(LoginRequiredMixin, View):
    """GET the close form of a milestone, POST it with the evidence."""

    def _milestone(self, request: HttpRequest, pk: Any) -> Any:
        milestone = selectors.milestone_for(request.user, pk)
        if not services.may_close(request.user, milestone.project):
            raise Http404
        return milestone

    def _render(
        self, request: HttpRequest, milestone: Any, form: Any, status: int = 200
    ) -> HttpResponse:
        context = {"milestone": milestone, "project": milestone.project, "form": form}
        return render(request, "projects/milestone_close.html", context, status=status)

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        return self._render(request, self._milestone(request, pk), CloseForm())

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        milestone = self._milestone(request, pk)
        form = CloseForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.milestone_close(
                    actor=request.user,
                    milestone=milestone,
                    kind=data["kind"],
                    file=data.get("file"),
                    link=data.get("link", ""),
                    event_measure=data.get("event_measure", ""),
                    event_threshold=data.get("event_threshold"),
                    source=AuditSource.WEB,
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("The milestone is closed."))
                return HttpResponseRedirect(milestone.project.get_absolute_url())
        return self._render(request, milestone, form, status=400)


# --- programmes ----------------------------------------------------------------------------

PROGRAMME_COLUMNS = (
    Column("name", _l("name"), sort="name", link=True),
    Column("organisation__name", _l("body"), sort="organisation__path"),
    Column("description", _l("description")),
)


class ProgrammeListView(ObjectListView):
    model = Programme
    columns = PROGRAMME_COLUMNS
    filterset_class = ProgrammeFilterSet
    select_related = ("organisation",)
    default_sort = "name"


class ProgrammeDetailView(ObjectDetailView):
    model = Programme
    select_related = ("organisation",)
    fields = PROGRAMME_COLUMNS[1:]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "projects": selectors.projects(self.request.user)
            .filter(programme=obj)
            .with_status(selectors.today())
            .order_by("name")[:200]
        }


class ProgrammeEditView(ObjectEditView):
    model = Programme
    form_class = ProgrammeForm
    create_service = services.programme_create
    update_service = services.programme_update


class ProgrammeDeleteView(ObjectDeleteView):
    model = Programme
    delete_service = services.programme_delete


# --- portfolio -----------------------------------------------------------------------------


class PortfolioView(LoginRequiredMixin, View):
    """The national portfolio of the projects the user sees, or a body's (``?body=<id>``):
    counts by status and state, budgets per currency, the KPI achievement, per programme."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, "projects.project", "view"):
            raise PermissionDenied
        body = None
        raw = request.GET.get("body", "")
        if raw:
            body = (
                selectors.organisations(request.user).filter(pk=raw).first()
                if raw.isdigit()
                else None
            )
            if body is None:
                raise Http404
        portfolio = selectors.portfolio(request.user, organisation=body)
        context = {"portfolio": portfolio, "body": body}
        return render(request, "projects/portfolio.html", context)
