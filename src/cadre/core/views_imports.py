"""The import page: choose what to import, download its template, upload, follow the job."""

from __future__ import annotations

import csv
import io
from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from cadre.core.errors import ApplicationError
from cadre.core.imports.runs import import_model, import_start, template_rows
from cadre.core.imports.spec import IMPORTS, MODES
from cadre.core.permissions import can
from cadre.core.views import apply_application_error


def allowed_kinds(user: Any) -> list[tuple[str, Any]]:
    return [
        (kind, spec.label)
        for kind, spec in IMPORTS.items()
        if can(user, import_model(kind)._meta.label_lower, "add")
    ]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"))
    mode = forms.ChoiceField(
        label=_("How"), choices=list(MODES.items()), initial="all", widget=forms.RadioSelect
    )
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.choices = allowed_kinds(user)


class ImportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        kinds = allowed_kinds(request.user)
        if not kinds:
            raise PermissionDenied
        return self._render(request, ImportForm(user=request.user), kinds)

    def post(self, request: HttpRequest) -> HttpResponse:
        kinds = allowed_kinds(request.user)
        if not kinds:
            raise PermissionDenied
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                job = import_start(
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    mode=form.cleaned_data["mode"],
                    upload=form.cleaned_data["file"],
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                return HttpResponseRedirect(job.get_absolute_url())
        return self._render(request, form, kinds, status=400)

    def _render(
        self, request: HttpRequest, form: ImportForm, kinds: Any, status: int = 200
    ) -> HttpResponse:
        specs = [(kind, label, IMPORTS[kind].columns) for kind, label in kinds]
        return render(request, "core/import.html", {"form": form, "specs": specs}, status=status)


class ImportTemplateView(LoginRequiredMixin, View):
    """The template of an import: header, an example row and (XLSX) a sheet of help."""

    def get(self, request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
        if kind not in IMPORTS or fmt not in {"csv", "xlsx"}:
            raise Http404
        header, example, help_rows = template_rows(kind)
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(header)
            writer.writerow(example)
            response = HttpResponse(
                "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
            )
        else:
            from openpyxl import Workbook

            workbook = Workbook()
            sheet: Any = workbook.active
            sheet.title = kind
            sheet.append(header)
            sheet.append(example)
            notes = workbook.create_sheet("help")
            notes.append([str(_("Column")), str(_("Required")), str(_("Meaning"))])
            for row in help_rows:
                notes.append(list(row))
            out = io.BytesIO()
            workbook.save(out)
            response = HttpResponse(
                out.getvalue(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="cadre-{kind}-template.{fmt}"'
        return response
