"""Core pages: home, audit log, jobs, health."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from cadre.core.filtersets import AuditEventFilterSet, JobFilterSet
from cadre.core.jobrun import job_with_live_progress
from cadre.core.models import AuditEvent, Job
from cadre.core.registry import ALERT, FIGURE, TASK, home_for
from cadre.core.services import job_create
from cadre.core.tables import Column
from cadre.core.views import ObjectDetailView, ObjectListView, ScopedViewMixin


class HomeView(LoginRequiredMixin, View):
    """What the user has to do today, the figures they are judged on and what went wrong:
    every app contributes its items (``AppParts.home``, decision 0028); this page knows no
    domain."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        assignments = user.role_assignments.select_related("organisation").order_by("role")
        items = home_for(user)
        return render(
            request,
            "core/home.html",
            {
                "assignments": assignments,
                "tasks": items[TASK],
                "figures": items[FIGURE],
                "alerts": items[ALERT],
                "today": timezone.localdate(),
            },
        )


def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the app answers and its database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class AuditEventListView(ObjectListView):
    model = AuditEvent
    filterset_class = AuditEventFilterSet
    columns = (
        Column("id", "#", sort="id", link=True),
        Column("occurred_at", _("occurred at"), sort="occurred_at"),
        Column("actor_repr", _("actor")),
        Column("action_label", _("action")),
        Column("object_type", _("object type")),
        Column("object_repr", _("object")),
        Column("source", _("source")),
        Column("reason", _("reason")),
    )
    default_sort = "-id"
    template_name = "core/auditevent_list.html"


class AuditEventDetailView(ObjectDetailView):
    model = AuditEvent
    fields = (
        Column("occurred_at", _("occurred at")),
        Column("actor_repr", _("actor")),
        Column("action_label", _("action")),
        Column("object_type", _("object type")),
        Column("object_id", _("object id")),
        Column("object_repr", _("object")),
        Column("source", _("source")),
        Column("reason", _("reason")),
        Column("chain", _("chain")),
        Column("prev_hash", _("previous hash")),
        Column("hash", _("hash")),
    )


class AuditVerifyView(ScopedViewMixin, View):
    """Start a job that re-checks every hash of the audit log."""

    model = AuditEvent

    def post(self, request: HttpRequest) -> HttpResponse:
        self.require("view")
        job = job_create(actor=request.user, kind="core.audit_verify")
        return HttpResponseRedirect(job.get_absolute_url())


class JobListView(ObjectListView):
    model = Job
    filterset_class = JobFilterSet
    columns = (
        Column("kind_label", _("kind"), sort="kind", link=True),
        Column("status", _("status"), sort="status"),
        Column("percent", "%"),
        Column("display_message", _("message")),
        Column("created_at", _("created at"), sort="created_at"),
        Column("finished_at", _("finished at")),
        Column("id", "ID"),
    )
    default_sort = "-created_at"

    def require(self, action: str) -> None:
        """Everyone may list their own jobs."""


class JobDetailView(ObjectDetailView):
    model = Job
    fields = (
        Column("kind_label", _("kind")),
        Column("status", _("status")),
        Column("display_message", _("message")),
        Column("created_by", _("started by")),
        Column("created_at", _("created at")),
        Column("started_at", _("started at")),
        Column("finished_at", _("finished at")),
    )

    def get_object(self, action: str = "view") -> Any:
        return job_with_live_progress(super().get_object(action))

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        if getattr(request, "htmx", False):
            job = self.get_object("view")
            return render(request, "core/_job_progress.html", {"job": job})
        return super().get(request, pk)
