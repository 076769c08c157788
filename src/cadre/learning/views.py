"""Pages: the course catalogue, sessions and their enrolments, my learning, and the public
certificate check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.accounts.roles import can
from cadre.core.access import access, may
from cadre.core.charts import export as chart_export
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.shortcuts import get_object_or_404
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDetailView,
    ObjectListView,
    ScopedViewMixin,
    apply_application_error,
    check_form,
)
from cadre.learning import plans, services
from cadre.learning.charts import target_chart
from cadre.learning.choices import ACTIVE_ENROLMENT, EnrolmentStatus
from cadre.learning.filtersets import CourseFilterSet
from cadre.learning.forms import (
    CompletionForm,
    EnrolForm,
    PlanForm,
    PlanItemForm,
    SessionForm,
    TargetForm,
)
from cadre.learning.models import (
    Certificate,
    Course,
    Enrolment,
    LearningPlan,
    PlanItem,
    Session,
    TrainingTarget,
)
from cadre.learning.selectors import enrolment_list, next_open_sessions, with_next_session
from cadre.people.models import Employee
from cadre.people.selectors import access_employee

COURSE_COLUMNS = (
    Column("code", _l("code"), sort="code"),
    Column("title", _l("title"), value=str, link=True),
    Column("provider__name", _l("provider"), sort="provider__name"),
    Column("hours", _l("hours"), sort="hours"),
    Column("format", _l("format")),
    Column("cost", _l("cost"), sort="cost"),
    Column("currency", _l("currency")),
)


class CourseListView(ObjectListView):
    """The catalogue: each course with its sessions to come, the soonest one's date and
    its free places."""

    model = Course
    columns = (
        *COURSE_COLUMNS,
        Column("upcoming_sessions", _l("sessions to come"), sort="upcoming_sessions"),
        Column("next_session_on", _l("next session"), sort="next_session_on"),
        Column("next_session_free", _l("free places"), sort="next_session_free"),
    )
    filterset_class = CourseFilterSet
    select_related = ("provider",)
    default_sort = "code"

    def base_queryset(self, action: str = "view") -> Any:
        qs = super().base_queryset(action)
        return with_next_session(qs, today=timezone.localdate())

    def get_export_columns(self) -> Any:
        return COURSE_COLUMNS


class CourseDetailView(ObjectDetailView):
    model = Course
    select_related = ("provider",)
    fields = COURSE_COLUMNS[2:]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        sessions = []
        for session in obj.sessions.order_by("starts_on"):
            taken = session.enrolments.filter(status__in=ACTIVE_ENROLMENT).count()
            sessions.append((session, session.capacity - taken))
        return {
            "outcomes": obj.outcomes.select_related("competency__framework"),
            "prerequisites": obj.prerequisites.order_by("code"),
            "sessions": sessions,
            "session_form": SessionForm() if may(self.request.user, obj, "change") else None,
        }


class SessionAddView(ScopedViewMixin, View):
    model = Course

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        course = self.get_object("change")
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                session = services.session_create(
                    actor=request.user, course=course, **form.cleaned_data
                )
            except ApplicationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Saved: %(object)s") % {"object": session})
                return HttpResponseRedirect(session.get_absolute_url())
        else:
            messages.error(request, _errors(form))
        return HttpResponseRedirect(course.get_absolute_url())


class SessionDetailView(ScopedViewMixin, View):
    """A session: places, who is in it (all of them for the provider, those in your scope
    otherwise), enrolling, approving and recording results."""

    model = Session

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._page(request, self.get_object("view"))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = self.get_object("view")
        user: Any = request.user
        action = request.POST.get("action", "")
        try:
            if action == "enrol_me":
                employee = Employee.objects.filter(user_id=user.pk, is_active=True).first()
                if employee is None:
                    raise ApplicationError(_("Your account is not linked to an employee record."))
                services.enrolment_request(actor=user, session=session, employee=employee)
                messages.success(request, _("Requested; your manager will approve it."))
            elif action == "enrol":
                form = EnrolForm(request.POST, user=user)
                if not form.is_valid():
                    raise ApplicationError(form.errors["personal_id"][0], field="personal_id")
                services.enrolment_request(
                    actor=user, session=session, employee=form.cleaned_data["personal_id"]
                )
                messages.success(request, _("Enrolled."))
            elif action == "approve":
                enrolment = access(
                    Enrolment, user, request.POST.get("enrolment"), "change", session=session
                )
                services.enrolment_approve(actor=user, enrolment=enrolment)
                messages.success(request, _("Approved."))
            elif action == "complete":
                result = CompletionForm(request.POST)
                if not result.is_valid():
                    raise ApplicationError(_errors(result))
                # Looked up within this session: a provider names nobody outside it.
                employee = _enrolled(session, result.cleaned_data["employee"])
                services.enrolment_complete(
                    actor=user,
                    session=session,
                    employee=employee,
                    passed=result.cleaned_data["passed"],
                    attended_hours=result.cleaned_data["attended_hours"] or 0,
                    score=result.cleaned_data["score"],
                    source=AuditSource.WEB,
                )
                messages.success(request, _("Result recorded."))
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return self._page(request, session, status=400)
        return HttpResponseRedirect(session.get_absolute_url())

    def _page(self, request: HttpRequest, session: Session, status: int = 200) -> HttpResponse:
        user: Any = request.user
        provider = may(user, session, "change")
        # The rows the API lists for ?session=<id>: one scope for both.
        enrolments = enrolment_list(user=user, session=session).select_related(
            "employee__organisation", "certificate"
        )
        may_enrol_others = can(user, "learning.enrolment", "add")
        taken = session.enrolments.filter(status__in=ACTIVE_ENROLMENT).count()
        return render(
            request,
            "learning/session_detail.html",
            {
                "session": session,
                "enrolments": enrolments.order_by("employee__last_name"),
                "places_left": session.capacity - taken,
                "provider": provider,
                "may_enrol_others": may_enrol_others,
                "may_enrol_self": Employee.objects.filter(user_id=user.pk).exists(),
                "enrol_form": EnrolForm(user=user) if may_enrol_others else None,
                "completion_form": CompletionForm() if provider else None,
                "requested": EnrolmentStatus.REQUESTED,
                "enrolled": EnrolmentStatus.ENROLLED,
            },
            status=status,
        )


def _enrolled(session: Session, employee_id: int) -> Employee:
    enrolment = Enrolment.objects.filter(session=session, employee_id=employee_id).first()
    if enrolment is None:
        raise ApplicationError(_("The person is not enrolled in this session."), field="employee")
    return enrolment.employee


class MyLearningView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        employee = Employee.objects.filter(user_id=_pk(request.user)).first()
        return render(
            request,
            "learning/mine.html",
            {
                "employee": employee,
                "enrolments": Enrolment.objects.filter(employee=employee)
                .select_related("session__course")
                .order_by("-session__starts_on")
                if employee
                else [],
                "certificates": Certificate.objects.filter(employee=employee)
                .select_related("course")
                .order_by("-issued_on")
                if employee
                else [],
                "plans": LearningPlan.objects.filter(employee=employee).order_by("-created_at")
                if employee
                else [],
            },
        )


def verify(request: HttpRequest, identifier: str) -> HttpResponse:
    """``/v/<identifier>/``: anyone checks a certificate, no sign-in, no script."""
    status, certificate = services.certificate_verify(identifier)
    # Its holder, signed in, is told what the certificate leads to next.
    holder = (
        certificate is not None
        and request.user.is_authenticated
        and certificate.employee.user_id == request.user.pk
    )
    return render(
        request,
        "learning/verify.html",
        {
            "status": status,
            "certificate": certificate,
            "identifier": identifier,
            "holder": holder,
        },
        status=200 if certificate is not None else 404,
    )


def verify_form(request: HttpRequest) -> HttpResponse:
    identifier = request.GET.get("id", "").strip()
    if identifier:
        return HttpResponseRedirect(reverse("learning_public:verify", args=[identifier]))
    return render(request, "learning/verify.html", {"status": None})


# --- plans ---------------------------------------------------------------------------------


class PlanNewView(LoginRequiredMixin, View):
    """Generate a draft plan from a person's gaps."""

    def post(self, request: HttpRequest, employee: int) -> HttpResponse:
        person = access_employee(request.user, employee)
        form = PlanForm(request.POST)
        try:
            if not form.is_valid():
                raise ApplicationError(_("Give the date the plan must be complete by."))
            plan = plans.plan_generate(
                actor=request.user, employee=person, due_on=form.cleaned_data["due_on"]
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse("assessments:person", args=[person.pk]))
        return HttpResponseRedirect(plan.get_absolute_url())


class PlanDetailView(ScopedViewMixin, View):
    model = LearningPlan

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.get_object("view")
        user: Any = request.user
        may_change = may(user, plan, "change")
        rows = list(plan.items.select_related("course").order_by("position"))
        course_ids = [i.course_id for i in rows if i.course_id is not None]
        # The person's requests and enrolments in those courses, and the next session of
        # each with a place left: the plan is followed from this page.
        following: dict[int, tuple[Any, Any]] = {}  # course → (status, session's start)
        for course_id, status, starts in (
            Enrolment.objects.filter(
                employee=plan.employee,
                session__course_id__in=course_ids,
                status__in=ACTIVE_ENROLMENT,
            )
            .order_by("session__starts_on", "pk")
            .values_list("session__course_id", "status", "session__starts_on")
        ):
            following.setdefault(course_id, (EnrolmentStatus(status).label, starts))
        open_sessions = next_open_sessions(course_ids, today=timezone.localdate())
        items = []
        for item in rows:
            done = plans.item_done(item, plan.employee)
            now = following.get(item.course_id) if item.course_id else None
            nxt = None if done or now else open_sessions.get(item.course_id or 0)
            items.append((item, done, now, nxt))
        done_count = sum(1 for row in items if row[1])
        return render(
            request,
            "learning/plan_detail.html",
            {
                "plan": plan,
                "items": items,
                "done": done_count,
                "percent": round(100 * done_count / len(items)) if items else 0,
                "may_change": may_change and plan.employee.user_id != user.pk,
                "may_enrol": plan.employee.user_id == user.pk
                or can(user, "learning.enrolment", "add"),
                "add_form": PlanItemForm(user=user),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.POST.get("action") == "enrol":
            return self._enrol(request)
        plan = self.get_object("change")
        try:
            if request.POST.get("action") == "approve":
                plans.plan_approve(actor=request.user, plan=plan)
                messages.success(request, _("Approved."))
            elif request.POST.get("action") == "add":
                form = PlanItemForm(request.POST, user=request.user)
                if not form.is_valid():
                    raise ApplicationError(_errors(form))
                plans.plan_item_add(actor=request.user, plan=plan, **form.cleaned_data)
            else:
                item = get_object_or_404(PlanItem, plan=plan, pk=request.POST.get("item", 0))
                plans.plan_item_remove(actor=request.user, item=item)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(plan.get_absolute_url())

    def _enrol(self, request: HttpRequest) -> HttpResponse:
        """Enrol the plan's person in a session of one of its courses: their own request
        (awaiting approval), or enrolled at once by whoever may enrol them (the service
        checks who may)."""
        plan = self.get_object("view")
        session = (
            Session.objects.filter(
                pk=request.POST.get("session") or 0,
                course_id__in=plan.items.exclude(course=None).values("course_id"),
            )
            .select_related("course")
            .first()
        )
        try:
            if session is None:
                raise ApplicationError(_("Choose a session of a course of this plan."))
            enrolment = services.enrolment_request(
                actor=request.user, session=session, employee=plan.employee
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            if enrolment.status == EnrolmentStatus.REQUESTED:
                messages.success(request, _("Requested; your manager will approve it."))
            else:
                messages.success(request, _("Enrolled."))
        return HttpResponseRedirect(plan.get_absolute_url())


# --- targets -------------------------------------------------------------------------------

TARGET_COLUMNS = (
    Column("title", _l("title"), sort="title", link=True),
    Column("organisation__name", _l("organisation"), sort="organisation__path"),
    Column("kind", _l("counts")),
    Column("target", _l("target number")),
    Column("due_on", _l("by"), sort="due_on"),
)


class TargetListView(ObjectListView):
    model = TrainingTarget
    columns = TARGET_COLUMNS
    select_related = ("organisation",)
    default_sort = "due_on"


class TargetAddView(ScopedViewMixin, View):
    model = TrainingTarget

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require("add")
        return render(request, "learning/target_form.html", {"form": TargetForm(user=request.user)})

    def post(self, request: HttpRequest) -> HttpResponse:
        self.require("add")
        form = TargetForm(request.POST, user=request.user)
        if check_form(form, plans.target_create_check, actor=request.user):
            data = form.cleaned_data
            try:
                target = plans.target_create(actor=request.user, **data)
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                return HttpResponseRedirect(target.get_absolute_url())
        return render(request, "learning/target_form.html", {"form": form}, status=400)


class TargetDetailView(ObjectDetailView):
    model = TrainingTarget
    select_related = ("organisation", "course", "framework")
    fields = TARGET_COLUMNS[1:]

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        if request.GET.get("export"):  # the CSV behind the progress chart
            target = self.get_object("view")
            csv = chart_export(request, [target_chart(target, plans.target_progress(target))])
            if csv is not None:
                return csv
        return super().get(request, pk)

    def extra_context(self, obj: Any) -> dict[str, Any]:
        progress = plans.target_progress(obj)
        return {"progress": progress, "chart": target_chart(obj, progress)}


def _errors(form: Any) -> str:
    """A form's errors as one message, for the pages that answer with a message."""
    return "; ".join(str(e) for errs in form.errors.values() for e in errs)


def _pk(user: Any) -> Any:
    return user.pk
