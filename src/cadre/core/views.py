"""Generic list / detail / edit / delete views, written once (NetBox style).

A model's views are a few class attributes: the model, its columns, its filterset, its form
and the services that write it. Every query goes through ``restrict``: an object outside the
user's view scope is 404; inside it but outside the action's scope is 403.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from cadre.core import pickers
from cadre.core.access import may
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.exports import export_csv, export_xlsx
from cadre.core.models import AuditEvent
from cadre.core.pagination import Paginator, query_with
from cadre.core.permissions import can
from cadre.core.reasons import FIELD as REASON
from cadre.core.reasons import ReasonForm, add_reason_field
from cadre.core.registry import panels_for
from cadre.core.scoping import classed_order, path_related
from cadre.core.shortcuts import get_object_or_404
from cadre.core.tables import Column, masked

PAGE_SIZES = (25, 50, 100, 250)
Service = Callable[..., Any]


def label_of(model: type[Model]) -> str:
    return model._meta.label_lower


def url_name(model: type[Model], view: str) -> str:
    return f"{model._meta.app_label}:{model._meta.model_name}_{view}"


class ScopedViewMixin(LoginRequiredMixin):
    model: ClassVar[type[Model]]
    select_related: ClassVar[Sequence[str]] = ()
    prefetch_related: ClassVar[Sequence[str]] = ()
    request: HttpRequest
    kwargs: dict[str, Any]

    def base_queryset(self, action: str = "view") -> QuerySet[Any]:
        qs = self.model.objects.restrict(self.request.user, action)  # type: ignore[attr-defined]
        related = path_related(self.model)  # a row's data-class fields follow its path (0045)
        if related:
            qs = qs.select_related(related)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def require(self, action: str) -> None:
        if not can(self.request.user, label_of(self.model), action):
            raise PermissionDenied

    def get_object(self, action: str = "view") -> Any:
        # Out of the view scope (or missing): 404; seen but not this action: 403.
        obj = get_object_or_404(self.base_queryset("view"), pk=self.kwargs["pk"])
        if action != "view" and not may(self.request.user, obj, action):
            raise PermissionDenied
        return obj

    def common_context(self) -> dict[str, Any]:
        user = self.request.user
        label = label_of(self.model)
        meta = self.model._meta
        return {
            "meta": meta,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
            "list_url": _reverse_or_none(url_name(self.model, "list")),
            "add_url": _reverse_or_none(url_name(self.model, "add"))
            if can(user, label, "add")
            else None,
        }


def _reverse_or_none(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except Exception:
        return None


class ObjectListView(ScopedViewMixin, View):
    """A filterable, sortable, paginated list with CSV and XLSX export of the filtered rows."""

    columns: ClassVar[Sequence[Column]] = ()
    filterset_class: ClassVar[Any] = None
    default_sort: ClassVar[str] = ""
    template_name = "core/object_list.html"
    filterset: Any = None  # the bound filter set of the current request

    def get(self, request: HttpRequest) -> HttpResponseBase:
        self.require("view")
        qs = self.base_queryset()
        filterset = (
            self.filterset_class(request.GET or None, queryset=qs, request=request)
            if self.filterset_class
            else None
        )
        self.filterset = filterset
        if filterset is not None:
            pickers.apply(filterset.form)
            # Bad filter values are shown as errors above an empty list, never ignored.
            qs = filterset.qs if not filterset.is_bound or filterset.is_valid() else qs.none()
        columns = masked(request.user, self.model, self.get_columns())
        sort = request.GET.get("sort", "")
        sortable = {c.sort for c in columns if c.sort}
        if sort.lstrip("-") in sortable:
            qs = self.sort(qs, sort)
        elif self.default_sort:
            qs = self.sort(qs, self.default_sort)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            stem = str(self.model._meta.verbose_name_plural)
            writer = export_csv if export == "csv" else export_xlsx
            rows = self.export_queryset(qs).iterator(chunk_size=2000)
            exported = masked(request.user, self.model, self.get_export_columns()) or columns
            return writer(stem, exported, rows)
        try:
            per_page = int(request.GET.get("per_page", PAGE_SIZES[0]))
        except ValueError:
            per_page = PAGE_SIZES[0]
        if per_page not in PAGE_SIZES:
            per_page = PAGE_SIZES[0]
        page = Paginator(qs, per_page).get_page(request.GET.get("page"))
        query = query_with(request.GET)[1:]
        headers = [
            (
                c,
                query_with(request.GET, sort=f"-{c.sort}" if sort == c.sort else c.sort)
                if c.sort
                else "",
                _order(sort, c.sort),
            )
            for c in columns
        ]
        context = {
            **self.common_context(),
            "columns": columns,
            "headers": headers,
            "prev_url": query_with(request.GET, page=page.previous_page_number())
            if page.has_previous()
            else "",
            "next_url": query_with(request.GET, page=page.next_page_number())
            if page.has_next()
            else "",
            "rows": [(obj, [(c, c.text(obj)) for c in columns]) for obj in page],
            "page": page,
            "filterset": filterset,
            "sort": sort,
            "per_page": per_page,
            "page_sizes": PAGE_SIZES,
            "querystring": query,
            "detail_view": url_name(self.model, "detail"),
        }
        template = (
            "core/_object_table.html" if getattr(request, "htmx", False) else self.template_name
        )
        return render(request, template, context)

    def get_columns(self) -> Sequence[Column]:
        """The columns for this request (a view may hide some from some users)."""
        return self.columns

    def get_export_columns(self) -> Sequence[Column]:
        """The columns of an export for this request; none: the list's own columns. A list
        whose records have an import exports data columns, a file that imports back."""
        return ()

    def export_queryset(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        """The rows of an export (with what its columns read, fetched in bulk)."""
        return qs

    def sort(self, qs: QuerySet[Any], key: str) -> QuerySet[Any]:
        """Order by ``key`` (``-`` for descending), then by id so that pages are stable; by a
        data-class field, ranking only the rows whose class the user sees (0045)."""
        return qs.order_by(classed_order(self.request.user, self.model, key), "pk")


def _order(sort: str, key: str | None) -> str:
    """How the list is ordered by the column sorting by ``key``: "asc", "desc" or ""."""
    if not key:
        return ""
    return "asc" if sort == key else "desc" if sort == f"-{key}" else ""


class ObjectDetailView(ScopedViewMixin, View):
    """One object: its fields, links to edit and delete where allowed, and its audit trail."""

    fields: ClassVar[Sequence[Column]] = ()

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object("view")
        user = request.user
        label = label_of(self.model)
        history = AuditEvent.objects.none()
        if can(user, "core.auditevent", "view"):
            history = AuditEvent.objects.restrict(user, "view").filter(
                object_type=label, object_id=str(obj.pk)
            )[:50]
        allowed = {action: may(user, obj, action) for action in ("change", "delete")}
        template = select_template(
            [
                f"{self.model._meta.app_label}/{self.model._meta.model_name}_detail.html",
                "core/object_detail.html",
            ]
        )
        context = {
            **self.common_context(),
            "object": obj,
            "fields": [(c.label, c.text(obj), c) for c in masked(user, self.model, self.fields)],
            "history": self.get_history(obj, history),
            "panels": panels_for(label, user, obj),
            # An event's page only for those who read the audit log (an HR officer sees
            # a person's history on the person's page, not the log).
            "audit_links": can(user, "core.auditevent", "view"),
            "edit_url": _reverse_or_none(url_name(self.model, "edit"), obj.pk)
            if allowed["change"]
            else None,
            "delete_url": _reverse_or_none(url_name(self.model, "delete"), obj.pk)
            if allowed["delete"]
            else None,
        }
        context.update(self.extra_context(obj))
        return HttpResponse(template.render(context, request))

    def get_history(self, obj: Any, history: Any) -> Any:
        """The audit events shown under the record: by default its own events, to those
        who may read the audit log."""
        return history

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {}


def apply_application_error(form: Form, exc: ApplicationError) -> None:
    for field, msgs in exc.errors.items():
        for message in msgs:
            form.add_error(field if field in form.fields else None, str(message))


def form_reason(form: Any) -> tuple[dict[str, Any], str]:
    """The service's data of a valid form and, apart, the reason given with it (the
    ``reason`` field of ``add_reason_field``)."""
    data = form.service_data()
    data.pop(REASON, None)
    return data, form.cleaned_data.get(REASON, "")


def check_form(form: Form, check: Service | None, **context: Any) -> bool:
    """Validate ``form`` and run the service's own rules (``check``, see
    ``cadre.core.errors.Problems``) on every field it could read, even when others were
    refused, so that a user meets every problem of a submission at once instead of one
    round of field errors and then another of the service's. ``context`` carries what the
    service takes besides the form (the object changed, the actor). True when nothing was
    found; the service, which checks again, may then run."""
    valid = form.is_valid()
    if check is None:
        return valid
    known = {
        name: value
        for name, value in form.cleaned_data.items()
        if name not in form.errors and name != REASON
    }
    try:
        check(**context, **known)
    except ApplicationError as exc:
        apply_application_error(form, exc)
        return False
    return valid


class ObjectEditView(ScopedViewMixin, View):
    """Create (no ``pk``) or change an object through its services, never the ORM, with
    the reason given in the form's "Reason for the change" (required where the model says,
    ``cadre.core.reasons``)."""

    form_class: ClassVar[Any]
    create_service: ClassVar[Service | None] = None
    update_service: ClassVar[Service | None] = None
    service_instance_kwarg: ClassVar[str] = "instance"
    # The services' rules a form cannot express (``<service>_check``), run with the form's.
    create_check: ClassVar[Service | None] = None
    update_check: ClassVar[Service | None] = None
    template_name = "core/object_form.html"

    def _instance(self) -> Any:
        if "pk" in self.kwargs:
            return self.get_object("change")
        self.require("add")
        return None

    def get(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        instance = self._instance()
        form = self._form(instance, initial=request.GET.dict())
        return self._render(form, instance)

    def _form(self, instance: Any, *args: Any, **kwargs: Any) -> Any:
        form = self.form_class(*args, user=self.request.user, instance=instance, **kwargs)
        action = "add" if instance is None else "change"
        return add_reason_field(form, model=self.model, action=action)

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        instance = self._instance()
        form = self._form(instance, request.POST)
        if instance is None:
            checked = check_form(form, type(self).create_check, actor=request.user)
        else:
            checked = check_form(
                form,
                type(self).update_check,
                actor=request.user,
                **{self.service_instance_kwarg: instance},
            )
        if checked:
            data, reason = form_reason(form)
            try:
                if instance is None:
                    assert self.create_service is not None
                    obj = type(self).create_service(  # type: ignore[misc]
                        actor=request.user, source=AuditSource.WEB, reason=reason, **data
                    )
                else:
                    assert self.update_service is not None
                    obj = type(self).update_service(  # type: ignore[misc]
                        actor=request.user,
                        source=AuditSource.WEB,
                        reason=reason,
                        **{self.service_instance_kwarg: instance},
                        **data,
                    )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("Saved: %(object)s") % {"object": obj})
                return HttpResponseRedirect(obj.get_absolute_url())
        return self._render(form, instance, status=400)

    def _render(self, form: Any, instance: Any, status: int = 200) -> HttpResponse:
        context = {**self.common_context(), "form": form, "object": instance}
        return render(self.request, self.template_name, context, status=status)


class ObjectDeleteView(ScopedViewMixin, View):
    """Delete an object through its service after a confirmation page that asks for the
    reason (required where the model says, ``cadre.core.reasons``)."""

    delete_service: ClassVar[Service]
    service_instance_kwarg: ClassVar[str] = "instance"
    template_name = "core/object_confirm_delete.html"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object("delete")
        return self._render(obj, ReasonForm(model=self.model, action="delete"))

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object("delete")
        form = ReasonForm(request.POST, model=self.model, action="delete")
        if not form.is_valid():
            return self._render(obj, form, status=400)
        try:
            type(self).delete_service(
                actor=request.user,
                source=AuditSource.WEB,
                reason=form.cleaned_data[REASON],
                **{self.service_instance_kwarg: obj},
            )
        except ApplicationError as exc:
            if REASON in exc.errors:
                apply_application_error(form, exc)
                return self._render(obj, form, status=400)
            messages.error(request, str(exc))
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("Deleted: %(object)s") % {"object": obj})
        return HttpResponseRedirect(reverse(url_name(self.model, "list")))

    def _render(self, obj: Any, form: Form, status: int = 200) -> HttpResponse:
        context = {**self.common_context(), "object": obj, "form": form}
        return render(self.request, self.template_name, context, status=status)
