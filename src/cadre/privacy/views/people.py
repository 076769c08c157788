"""Pages about people: legal holds, erasure requests (with the review), data exports (with
the download and "export my data")."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.core.access import access, may
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    apply_application_error,
)
from cadre.people.models import Employee
from cadre.privacy import selectors, services
from cadre.privacy.filtersets import (
    DataExportFilterSet,
    ErasureRequestFilterSet,
    LegalHoldFilterSet,
)
from cadre.privacy.forms import (
    ErasureRequestForm,
    ExportForm,
    LegalHoldForm,
    MineForm,
    ReviewForm,
)
from cadre.privacy.models import DataExport, ErasureRequest, LegalHold
from cadre.privacy.retention import export_files

HOLD_COLUMNS = (
    Column("employee", _l("employee"), sort="employee__last_name", link=True),
    Column("grounds", _l("grounds")),
    Column("until", _l("until"), sort="until"),
    Column("released_at", _l("released at"), sort="released_at"),
    Column("created_by", _l("held by")),
    Column("created_at", _l("created at"), sort="created_at"),
)


class LegalHoldListView(ObjectListView):
    model = LegalHold
    columns = HOLD_COLUMNS
    filterset_class = LegalHoldFilterSet
    select_related = ("employee", "created_by")
    default_sort = "-created_at"


class LegalHoldDetailView(ObjectDetailView):
    model = LegalHold
    select_related = ("employee", "created_by")
    fields = HOLD_COLUMNS[1:]
    template_name = "privacy/legalhold_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"may_release": obj.released_at is None and may(self.request.user, obj, "change")}


class LegalHoldEditView(ObjectEditView):
    model = LegalHold
    form_class = LegalHoldForm
    create_service = services.legal_hold_create
    update_service = services.legal_hold_update


class LegalHoldReleaseView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        hold = access(selectors.holds(request.user), request.user, pk)
        try:
            services.legal_hold_release(
                actor=request.user,
                hold=hold,
                source=AuditSource.WEB,
                reason=request.POST.get("reason", ""),
            )
        except ApplicationError as exc:
            if exc.code == "scope":
                raise PermissionDenied from exc
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The hold is released."))
        return HttpResponseRedirect(hold.get_absolute_url())


ERASURE_COLUMNS = (
    Column("employee", _l("employee"), sort="employee__last_name", link=True),
    Column("state", _l("state"), sort="state"),
    Column("grounds", _l("grounds")),
    Column("created_by", _l("requested by")),
    Column("created_at", _l("requested at"), sort="created_at"),
    Column("reviewed_by", _l("reviewed by")),
    Column("review_note", _l("review note")),
    Column("executed_at", _l("carried out at"), sort="executed_at"),
)


class ErasureRequestListView(ObjectListView):
    model = ErasureRequest
    columns = ERASURE_COLUMNS
    filterset_class = ErasureRequestFilterSet
    select_related = ("employee", "created_by", "reviewed_by")
    default_sort = "-created_at"


class ErasureRequestDetailView(ObjectDetailView):
    model = ErasureRequest
    select_related = ("employee", "created_by", "reviewed_by", "job")
    fields = ERASURE_COLUMNS[1:]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            "may_review": obj.state == "requested" and may(user, obj, "change"),
            "review_form": ReviewForm(),
            "outcome": obj.outcome,
        }


class ErasureRequestEditView(ObjectEditView):
    model = ErasureRequest
    form_class = ErasureRequestForm
    create_service = services.erasure_request_create
    create_check = services.erasure_request_check


class ErasureMineView(LoginRequiredMixin, View):
    """A person asks for their own data to be erased, saying why."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(MineForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        employee = selectors.employee_of(request.user)
        if employee is None:
            raise Http404
        form = MineForm(request.POST)
        if form.is_valid():
            try:
                obj = services.erasure_request_create(
                    actor=request.user,
                    employee=employee,
                    grounds=form.cleaned_data["grounds"],
                    source=AuditSource.WEB,
                )
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your request is recorded."))
                return HttpResponseRedirect(obj.get_absolute_url())
        return self._render(form, status=400)

    def _render(self, form: Any, status: int = 200) -> HttpResponse:
        mine = selectors.employee_of(self.request.user)
        if mine is None:
            raise Http404
        return render(self.request, "privacy/erasure_mine.html", {"form": form}, status=status)


class ErasureReviewView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = access(selectors.erasure_requests(request.user), request.user, pk)
        if not may(request.user, obj, "change"):
            raise PermissionDenied
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.erasure_request_review(
                    actor=request.user,
                    request=obj,
                    approve=form.cleaned_data["approve"],
                    note=form.cleaned_data["note"],
                    source=AuditSource.WEB,
                )
            except ApplicationError as exc:
                if "note" in exc.errors:
                    apply_application_error(form, exc)
                else:
                    messages.error(request, str(exc))
                    return HttpResponseRedirect(obj.get_absolute_url())
            else:
                messages.success(request, _("The decision is recorded."))
                return HttpResponseRedirect(obj.get_absolute_url())
        return render(
            request,
            "privacy/review.html",
            {"object": obj, "review_form": form},
            status=400,
        )


EXPORT_COLUMNS = (
    Column("employee", _l("employee"), sort="employee__last_name", link=True),
    Column("requested_by", _l("requested by")),
    Column("requested_at", _l("requested at"), sort="requested_at"),
    Column("job__status", _l("state"), value=lambda e: e.job.get_status_display() if e.job else ""),
)


class DataExportListView(ObjectListView):
    model = DataExport
    columns = EXPORT_COLUMNS
    filterset_class = DataExportFilterSet
    select_related = ("employee", "requested_by", "job")
    default_sort = "-requested_at"

    def common_context(self) -> dict[str, Any]:
        return {**super().common_context(), "add_url": reverse("privacy:export_start")}


class DataExportDetailView(ObjectDetailView):
    model = DataExport
    select_related = ("employee", "requested_by", "job")
    fields = EXPORT_COLUMNS[1:]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "ready": bool(obj.file_name),
            "may_download": services.may_export(self.request.user, obj.employee),
        }


class DataExportAddView(LoginRequiredMixin, View):
    """Start an export: of a person the user keeps (a picker), or of the user's own data
    (``?mine=1`` / the "export my data" button)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(ExportForm(user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("mine"):
            employee = selectors.employee_of(request.user)
            if employee is None:
                raise Http404
        else:
            # Someone the user may not see is not found, as on every page.
            employee = access(Employee, request.user, request.POST.get("employee"))
            if not services.may_export(request.user, employee):
                raise Http404
        try:
            export = services.data_export_create(
                actor=request.user, employee=employee, source=AuditSource.WEB
            )
        except ApplicationError as exc:
            raise PermissionDenied from exc
        messages.success(request, _("The export has started."))
        return HttpResponseRedirect(export.get_absolute_url())

    def _render(self, form: Any, status: int = 200) -> HttpResponse:
        context = {"form": form, "mine": selectors.employee_of(self.request.user)}
        return render(self.request, "privacy/export_form.html", context, status=status)


class DataExportDownloadView(LoginRequiredMixin, View):
    """The file (``?format=xlsx`` for the workbook), for the person and those who keep
    their record; each download audited."""

    def get(self, request: HttpRequest, pk: Any) -> FileResponse:
        export = access(selectors.exports(request.user), request.user, pk)
        if not services.may_export(request.user, export.employee):
            raise Http404
        if not export.file_name:
            raise Http404
        json_path, xlsx_path = export_files(export)
        path = xlsx_path if request.GET.get("format") == "xlsx" else json_path
        if not path.exists():
            raise Http404
        services.data_export_downloaded(actor=request.user, export=export, source=AuditSource.WEB)
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=f"personal-data-{export.employee_id}{path.suffix}",
        )
