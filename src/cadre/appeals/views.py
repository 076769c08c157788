"""Pages: the appeals list, an appeal with the step its reader may take (admit with a
panel, decide, withdraw), and filing an appeal against one's pay line."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.appeals import selectors, services
from cadre.appeals.models import Appeal, AppealState
from cadre.core.access import may
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.tables import Column
from cadre.core.views import ObjectDetailView, ObjectListView, apply_application_error

COLUMNS = (
    Column("line__employee", _l("employee"), value=lambda a: a.line.employee, link=True),
    Column("line__run__fund__name", _l("fund"), sort="line__run__fund__name"),
    Column("state", _l("state"), sort="state", value=lambda a: a.get_state_display()),
    Column("filed_at", _l("filed at"), sort="filed_at"),
    Column("decide_by", _l("decision due by"), sort="decide_by"),
)


class AppealListView(ObjectListView):
    model = Appeal
    columns = COLUMNS
    select_related = ("line__employee", "line__run__fund")
    default_sort = "-filed_at"


class FileForm(forms.Form):
    grounds = forms.CharField(label=_l("grounds"), widget=forms.Textarea, max_length=10_000)
    evidence = forms.FileField(label=_l("evidence"), required=False)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_l("decision"),
        choices=[
            (AppealState.UPHELD, _l("Upheld")),
            (AppealState.AMENDED, _l("Amended")),
            (AppealState.REJECTED, _l("Rejected")),
        ],
        widget=forms.RadioSelect,
    )
    amended_achievement = forms.DecimalField(
        label=_l("achievement as amended (1 = 100 %)"),
        required=False,
        min_value=0,
        max_value=10,
        decimal_places=4,
    )
    reason = forms.CharField(label=_l("reasons of the decision"), widget=forms.Textarea)


class AppealDetailView(ObjectDetailView):
    model = Appeal
    select_related = ("line__employee", "line__run__fund", "decided_by", "correction")
    fields = (
        *COLUMNS,
        Column("grounds", _l("grounds")),
        Column("window_ends", _l("appeal window ends")),
        Column("decided_by", _l("decided by"), value=lambda a: a.decided_by or ""),
        Column("decision_reason", _l("reasons of the decision")),
        Column("amended_achievement", _l("achievement as amended")),
        Column("correction", _l("correction run"), value=lambda a: a.correction or ""),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        mine = obj.line.employee.user_id == user.pk
        may_admit = obj.state == AppealState.FILED and may(user, obj, "change")
        return {
            "panel": selectors.panel_of(obj),
            "may_admit": may_admit,
            "candidates": selectors.panel_candidates(obj) if may_admit else [],
            "may_decide": obj.state == AppealState.ADMITTED and selectors.sits_on(user, obj),
            "may_withdraw": obj.is_open and mine,
            "decide_form": DecideForm(),
            "correction_run": selectors.correction_for(user, obj),
        }


def _back(appeal: Appeal) -> HttpResponseRedirect:
    return HttpResponseRedirect(appeal.get_absolute_url())


class AppealFileView(LoginRequiredMixin, View):
    """GET the form, POST it: appeal against one's own line ``pk``."""

    def _line(self, request: HttpRequest, pk: Any) -> Any:
        line = selectors.line_for(request.user, pk) if str(pk).isdigit() else None
        if line is None or line.employee.user_id != request.user.pk:
            raise Http404
        return line

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        line = self._line(request, pk)
        return render(request, "appeals/file.html", {"line": line, "form": FileForm()})

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        line = self._line(request, pk)
        form = FileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                appeal = services.appeal_file(
                    actor=request.user,
                    line=line,
                    grounds=form.cleaned_data["grounds"],
                    evidence=form.cleaned_data.get("evidence"),
                    source=AuditSource.WEB,
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, services.filed_message(appeal))
                return _back(appeal)
        return render(request, "appeals/file.html", {"line": line, "form": form}, status=400)


class AppealActionView(LoginRequiredMixin, View):
    """POST: admit (HR, with the panel), decide (a panel member) or withdraw (the person)."""

    action = ""

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        appeal = selectors.appeal_for(request.user, pk)
        reason = request.POST.get("reason", "")
        try:
            if self.action == "admit":
                ids = [int(i) for i in request.POST.getlist("panel") if i.isdigit()]
                services.appeal_admit(
                    actor=request.user,
                    appeal=appeal,
                    panel=selectors.users_by_ids(ids),
                    reason=reason,
                )
            elif self.action == "decide":
                form = DecideForm(request.POST)
                if not form.is_valid():
                    for field, errors in form.errors.items():
                        label = form.fields[field].label if field in form.fields else ""
                        messages.error(request, f"{label}: {' '.join(map(str, errors))}")
                    return _back(appeal)
                services.appeal_decide(
                    actor=request.user,
                    appeal=appeal,
                    outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                    amended_achievement=form.cleaned_data.get("amended_achievement"),
                )
            else:
                services.appeal_withdraw(actor=request.user, appeal=appeal, reason=reason)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, services.step_message(self.action))
        return _back(appeal)
