"""Pages: the portfolio (list with filters, an entry with its overlaps, the two-step
registration that shows likely duplicates before the author confirms), the overlaps queue
with the coordinators' decide form, and the start of the whole-portfolio detection."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
    apply_application_error,
    check_form,
    form_reason,
)
from cadre.portfolio import detection, selectors, services
from cadre.portfolio.filtersets import OverlapFilterSet, SystemFilterSet
from cadre.portfolio.forms import ApproveForm, DecideForm, StartPolicyForm, SystemForm
from cadre.portfolio.models import Overlap, System

NO_MINOR = {"VND"}


def money(minor: int | None, currency: str) -> str:
    if minor is None:
        return "—"
    places = 0 if currency in NO_MINOR else 2
    return f"{number_format(minor / 10**places, places, force_grouping=True)} {currency}"


def percent(value: float) -> str:
    return f"{round(value * 100)} %"


SYSTEM_COLUMNS = (
    Column("name", _l("name"), sort="name", link=True),
    Column("kind", _l("kind"), sort="kind"),
    Column("owner__name", _l("owner body"), sort="owner__path"),
    Column("stage", _l("stage"), sort="stage"),
    Column("technology", _l("technology")),
    Column("cost", _l("cost"), sort="cost", value=lambda s: money(s.cost, s.currency)),
)


class SystemListView(ObjectListView):
    model = System
    columns = SYSTEM_COLUMNS
    filterset_class = SystemFilterSet
    select_related = ("owner",)
    default_sort = "name"


class SystemDetailView(ObjectDetailView):
    model = System
    select_related = ("owner", "start_approved_by")
    fields = (
        *SYSTEM_COLUMNS[1:],
        Column("language", _l("language of the description")),
        Column("description", _l("description")),
        Column("data_sets", _l("data sets kept"), value=lambda s: "; ".join(s.data_sets)),
        Column("start_approved_by", _l("start approved by")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        pairs = [
            (o, o.system_b if o.system_a_id == obj.pk else o.system_a, selectors.overlap_reason(o))
            for o in selectors.overlaps_of(user, obj)
        ]
        return {
            "capabilities": list(obj.capabilities.all()),
            "pairs": pairs,
            "may_approve": obj.stage == "idea"
            and obj.start_approved_at is None
            and selectors.may_approve(user, obj),
            "approve_form": ApproveForm(),
        }


class SystemEditView(ObjectEditView):
    """Register (in two steps: the likely duplicates shown, then confirmed) or change."""

    model = System
    form_class = SystemForm
    create_service = services.system_create
    update_service = services.system_update
    create_check = services.system_check
    update_check = services.system_check
    template_name = "portfolio/system_form.html"

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        if pk is not None:
            return super().post(request, pk)
        self.require("add")
        form = self._form(None, request.POST)
        if not check_form(form, services.system_check, actor=request.user):
            return self._render(form, None, status=400)
        data, reason = form_reason(form)
        data.pop("confirm", None)
        if not form.cleaned_data.get("confirm"):
            likely = detection.check_new(
                name=data["name"],
                description=data["description"],
                capabilities=data["capabilities"],
                body=data["owner"],
                data_sets=data["data_sets"],
                technology=data["technology"],
            )
            if likely:
                form.data = form.data.copy()
                form.data["confirm"] = "True"
                return self._render(form, None, likely=likely)
        try:
            obj = services.system_create(
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
        from django.shortcuts import render

        rows = [
            (
                item,
                selectors.reason(
                    shared_capabilities=item.shared_capabilities,
                    text_similarity=item.text_similarity,
                    shared_terms=item.shared_terms,
                ),
            )
            for item in likely or []
        ]
        context = {**self.common_context(), "form": form, "object": instance, "likely": rows}
        return render(self.request, self.template_name, context, status=status)


class SystemDeleteView(ObjectDeleteView):
    model = System
    delete_service = services.system_delete


class ApproveStartView(ScopedViewMixin, View):
    model = System

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        system = self.get_object("view")
        form = ApproveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the reason of the approval."))
        else:
            try:
                services.system_approve_start(
                    actor=request.user, system=system, reason=form.cleaned_data["reason"]
                )
            except ApplicationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The start is approved."))
        return HttpResponseRedirect(system.get_absolute_url())


OVERLAP_COLUMNS = (
    Column("system_a__name", _l("entry"), sort="system_a__name", link=True),
    Column("system_a__owner__name", _l("owner body")),
    Column("system_b__name", _l("other entry"), sort="system_b__name"),
    Column("system_b__owner__name", _l("its owner body")),
    Column("score", _l("score"), sort="score", value=lambda o: percent(o.score)),
    Column("state", _l("state"), sort="state"),
    Column("decision", _l("decision")),
)


class OverlapListView(ObjectListView):
    model = Overlap
    columns = OVERLAP_COLUMNS
    filterset_class = OverlapFilterSet
    select_related = ("system_a__owner", "system_b__owner")
    default_sort = "-score"
    template_name = "portfolio/overlap_list.html"


class OverlapDetailView(ObjectDetailView):
    model = Overlap
    select_related = ("system_a__owner", "system_b__owner", "decided_by")
    fields = (
        *OVERLAP_COLUMNS,
        Column(
            "capability_similarity",
            _l("shared capabilities (Jaccard)"),
            value=lambda o: percent(o.capability_similarity),
        ),
        Column(
            "text_similarity",
            _l("description similarity (cosine)"),
            value=lambda o: percent(o.text_similarity),
        ),
        Column("decision_reason", _l("reason of the decision")),
        Column("decided_by", _l("decided by")),
        Column("decided_at", _l("decided at")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "reason": selectors.overlap_reason(obj),
            "may_decide": obj.state != "decided" and selectors.may_decide(self.request.user, obj),
            "decide_form": DecideForm(),
        }


class DecideView(ScopedViewMixin, View):
    model = Overlap

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        overlap = self.get_object("view")
        form = DecideForm(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                text = " ".join(map(str, errors))
                messages.error(request, f"{form.fields[field].label}: {text}")
            return HttpResponseRedirect(overlap.get_absolute_url())
        try:
            services.overlap_decide(
                actor=request.user,
                overlap=overlap,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The decision is recorded."))
        return HttpResponseRedirect(overlap.get_absolute_url())


class RunView(ScopedViewMixin, View):
    """Start the detection over the whole portfolio; the job's page shows its progress."""

    model = Overlap

    def post(self, request: HttpRequest) -> HttpResponse:
        if not selectors.may_run(request.user):
            raise PermissionDenied
        job = services.overlaps_run(actor=request.user)
        return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))


class StartPolicyView(ScopedViewMixin, View):
    """The bodies' own start approval rules and the national default; an IT coordinator
    (over a body) or a national administrator sets a body's rule with a reason."""

    model = System

    def _render(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        from django.conf import settings
        from django.shortcuts import render

        context = {
            "form": form,
            "policies": selectors.start_policies(request.user),
            "national": settings.CADRE_PORTFOLIO_START_APPROVAL,
        }
        return render(request, "portfolio/start_policy.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not selectors.may_set_start_policy(request.user):
            raise PermissionDenied
        return self._render(request, StartPolicyForm(user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not selectors.may_set_start_policy(request.user):
            raise PermissionDenied
        form = StartPolicyForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.start_policy_set(
                    actor=request.user,
                    organisation=form.cleaned_data["organisation"],
                    approval_required=form.approval_required(),
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(
                    request, _("Saved: %(object)s") % {"object": form.cleaned_data["organisation"]}
                )
                return HttpResponseRedirect(reverse("portfolio:start_policy"))
        return self._render(request, form, status=400)
