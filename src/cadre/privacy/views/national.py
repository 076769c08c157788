"""National pages: the retention policies (edit, preview of the next run) and the breach
register (national administrators keep it, auditors read it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.core.access import access
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.permissions import can
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    apply_application_error,
)
from cadre.privacy import breaches, retention, selectors, services
from cadre.privacy.clocks import clocks_of
from cadre.privacy.filtersets import BreachFilterSet
from cadre.privacy.forms import BreachForm, RetentionPolicyForm
from cadre.privacy.models import Breach


def _may_view_policies(user: Any) -> None:
    if not selectors.national(user, "privacy.retentionpolicy"):
        raise PermissionDenied


class RetentionView(LoginRequiredMixin, View):
    """Every category's policy; national administrators change them here."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _may_view_policies(request.user)
        rows = list(selectors.policies(request.user))
        may_change = selectors.national(request.user, "privacy.retentionpolicy", "change")
        return render(request, "privacy/retention.html", {"rows": rows, "may_change": may_change})


class RetentionPolicyEditView(LoginRequiredMixin, View):
    def _policy(self, request: HttpRequest, pk: Any) -> Any:
        policy = access(selectors.policies(request.user), request.user, pk)
        if not can(request.user, "privacy.retentionpolicy", "change"):
            raise PermissionDenied
        return policy

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        policy = self._policy(request, pk)
        form = RetentionPolicyForm(instance=policy, user=request.user)
        return self._render(form, policy)

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        policy = self._policy(request, pk)
        form = RetentionPolicyForm(request.POST, instance=policy, user=request.user)
        if form.is_valid():
            data = form.service_data()
            try:
                services.retention_policy_update(
                    actor=request.user,
                    instance=policy,
                    source=AuditSource.WEB,
                    reason=request.POST.get("reason", ""),
                    **data,
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)  # type: ignore[arg-type]
            else:
                messages.success(request, _("Saved: %(object)s") % {"object": policy})
                return HttpResponseRedirect(reverse("privacy:retention"))
        return self._render(form, policy, status=400)

    def _render(self, form: Any, policy: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "privacy/policy_form.html",
            {"form": form, "object": policy},
            status=status,
        )


class RetentionPreviewView(LoginRequiredMixin, View):
    """What the next nightly run would do, policy by policy (nothing is changed)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _may_view_policies(request.user)
        return render(request, "privacy/preview.html", {"plans": retention.preview()})


BREACH_COLUMNS = (
    Column("title", _l("title"), sort="title", link=True),
    Column("detected_at", _l("detected at"), sort="detected_at"),
    Column("country", _l("law"), sort="country", value=lambda b: b.get_country_display()),
    Column("people_count", _l("people affected"), sort="people_count"),
    Column("records_count", _l("records affected"), sort="records_count"),
    Column("state", _l("state"), sort="state", value=lambda b: b.get_state_display()),
)


class BreachListView(ObjectListView):
    model = Breach
    columns = BREACH_COLUMNS
    filterset_class = BreachFilterSet
    default_sort = "-detected_at"

    def get(self, request: HttpRequest) -> Any:
        if not selectors.national(request.user, "privacy.breach"):
            raise PermissionDenied
        return super().get(request)

    def common_context(self) -> dict[str, Any]:
        return {**super().common_context(), **_breach_links(self.request.user)}


def _breach_links(user: Any) -> dict[str, Any]:
    add = (
        reverse("privacy:breach_record")
        if selectors.national(user, "privacy.breach", "add")
        else None
    )
    return {"list_url": reverse("privacy:breaches"), "add_url": add}


class BreachDetailView(ObjectDetailView):
    model = Breach

    def common_context(self) -> dict[str, Any]:
        return {**super().common_context(), **_breach_links(self.request.user)}

    fields = (
        *BREACH_COLUMNS[1:],
        Column("description", _l("what happened")),
        Column("data_classes", _l("data classes"), value=lambda b: ", ".join(b.data_classes)),
        Column("regulator_notified_at", _l("regulator notified at")),
        Column("results_reported_at", _l("investigation results reported at")),
        Column("people_notified_at", _l("people notified at")),
        Column("closed_at", _l("closed at")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        edit = reverse("privacy:breach_change", args=[obj.pk])
        return {
            "clocks": clocks_of(obj),
            "edit_url": edit
            if selectors.national(self.request.user, "privacy.breach", "change")
            else None,
        }


class BreachEditView(ObjectEditView):
    model = Breach
    form_class = BreachForm
    create_service = breaches.breach_create
    update_service = breaches.breach_update

    def common_context(self) -> dict[str, Any]:
        return {**super().common_context(), **_breach_links(self.request.user)}
