"""Pages of competency frameworks: the list, a framework, a version (export, publish), the
import of a framework file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.accounts.roles import can
from cadre.competencies import frameworks, selectors, services
from cadre.competencies.choices import VersionStatus
from cadre.competencies.filtersets import FrameworkFilterSet
from cadre.competencies.forms import (
    CrosswalkForm,
    FrameworkImportForm,
)
from cadre.competencies.models import (
    Competency,
    Crosswalk,
    Framework,
    FrameworkVersion,
)
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.imports.runs import store_upload
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDetailView,
    ObjectListView,
    ScopedViewMixin,
    apply_application_error,
)


def _published(framework: Framework) -> str:
    version = next((v for v in framework.versions.all() if v.status == "published"), None)
    return f"v{version.number}" if version else "—"


FRAMEWORK_COLUMNS = (
    Column("code", _l("code"), sort="code", link=True),
    Column("name", _l("name"), value=str),
    Column("published", _l("published version"), value=_published),
)


class FrameworkListView(ObjectListView):
    model = Framework
    columns = FRAMEWORK_COLUMNS
    filterset_class = FrameworkFilterSet
    prefetch_related = ("versions",)
    default_sort = "code"
    template_name = "competencies/framework_list.html"


class FrameworkDetailView(ObjectDetailView):
    model = Framework
    fields = (Column("code", _l("code")), Column("description", _l("description")))

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"versions": obj.versions.order_by("-number")}


def _scales(version: FrameworkVersion) -> dict[str, Any]:
    """The lists a crosswalk of ``version`` is chosen from: its own scale, the competencies
    and the scales of the other frameworks' published versions (framework code → them) —
    three queries."""
    return {
        "levels": list(version.levels.order_by("rank")),
        "targets": selectors.published_scales_except(version.framework_id),
        "others": selectors.published_competencies_except(version.framework_id),
    }


class VersionDetailView(ScopedViewMixin, View):
    """A version: its scale, its tree with indicators, its crosswalks, export, publishing a
    draft, and recording a crosswalk (the national authority, on a published version)."""

    model = FrameworkVersion

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._page(request, self.get_object("view"))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = self.get_object("change")
        leaves = [c for c in version.competencies.order_by("position") if not c.is_category]
        form = CrosswalkForm(request.POST, competencies=leaves, **_scales(version))
        valid = form.is_valid()
        # Every problem at once: the service's rules run on whatever the form could read.
        data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
        known: dict[str, Any] = {
            "source_level": data.get("source_level"),
            "target_level": data.get("target_level"),
        }
        if "source" in data:
            known["source_competency"] = next(c for c in leaves if str(c.pk) == data["source"])
        try:
            if "target" in data:
                known["target"] = services.competency_by_key(data["target"], field="target")
            services.crosswalk_create_check(actor=request.user, **known)
        except ApplicationError as exc:
            apply_application_error(form, exc)
            valid = False
        if valid:
            try:
                services.crosswalk_create(actor=request.user, note=data["note"], **known)
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("Crosswalk recorded."))
                return HttpResponseRedirect(version.get_absolute_url() + "#crosswalks")
        return self._page(request, version, form=form, status=400)

    def _page(
        self, request: HttpRequest, version: FrameworkVersion, form: Any = None, status: int = 200
    ) -> HttpResponse:
        levels = list(version.levels.order_by("rank"))
        comps = list(version.competencies.order_by("position"))
        children: dict[int | None, list[Competency]] = {}
        for comp in comps:
            children.setdefault(comp.parent_id, []).append(comp)
        tree: list[tuple[int, Competency]] = []

        def walk(parent: int | None, depth: int) -> None:
            for comp in children.get(parent, []):
                tree.append((depth, comp))
                walk(comp.pk, depth + 1)

        walk(None, 0)
        may_change = can(request.user, "competencies.framework", "change")
        leaves = [c for c in comps if not c.is_category]
        if form is None and may_change and version.status == VersionStatus.PUBLISHED:
            form = CrosswalkForm(competencies=leaves, **_scales(version))
        crosswalks = (
            Crosswalk.objects.filter(Q(source__version=version) | Q(target__version=version))
            .select_related("source__framework", "target__framework")
            .order_by("source__position", "source_level")
        )
        return render(
            request,
            "competencies/version_detail.html",
            {
                "version": version,
                "levels": levels,
                "rows": [
                    (depth, comp, [comp.indicator(lv.rank) for lv in levels])
                    for depth, comp in tree
                ],
                "can_publish": version.status == VersionStatus.DRAFT and may_change,
                "crosswalks": crosswalks,
                "crosswalk_form": form,
            },
            status=status,
        )


class VersionExportView(ScopedViewMixin, View):
    model = FrameworkVersion

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        import json

        version = self.get_object("view")
        stem = f"{version.framework.code}-v{version.number}"
        if fmt == "json":
            body = json.dumps(frameworks.as_json(version), ensure_ascii=False, indent=2)
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
        elif fmt == "csv":
            response = HttpResponse(
                frameworks.as_csv(version), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                frameworks.as_xlsx(version),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
        return response


class VersionPublishView(ScopedViewMixin, View):
    model = FrameworkVersion

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = self.get_object("change")
        try:
            services.version_publish(actor=request.user, version=version, source=AuditSource.WEB)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Published: %(v)s") % {"v": version})
        return HttpResponseRedirect(version.get_absolute_url())


class FrameworkImportView(ScopedViewMixin, View):
    model = Framework
    template_name = "competencies/framework_import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require("add")
        return render(request, self.template_name, {"form": FrameworkImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        self.require("add")
        form = FrameworkImportForm(request.POST, request.FILES)
        problems: dict[Any, list[Any]] = {}
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                path = store_upload(upload, json_too=True)
                try:
                    data = frameworks.parse_file(path, upload.name)
                finally:
                    path.unlink(missing_ok=True)
                version = services.framework_import(
                    actor=request.user,
                    data=data,
                    publish=form.cleaned_data["publish"],
                    notes=form.cleaned_data["notes"],
                    source=AuditSource.WEB,
                )
            except ApplicationError as exc:
                problems = exc.errors
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Imported: %(v)s") % {"v": version})
                return HttpResponseRedirect(version.get_absolute_url())
        return render(request, self.template_name, {"form": form, "problems": problems}, status=400)
