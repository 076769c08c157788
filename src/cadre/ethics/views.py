"""Pages of ethics control: declarations, the register of gifts, disciplinary cases (list,
detail, add) and their steps posted from the detail page; the figures. A case's detail read
by anyone but the person is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from cadre.core.access import may
from cadre.core.errors import ApplicationError
from cadre.core.exports import export_csv, export_xlsx
from cadre.core.permissions import DataClass, sees_class
from cadre.core.tables import Column
from cadre.core.views import ObjectDetailView, ObjectEditView, ObjectListView, ScopedViewMixin
from cadre.ethics import forms, services
from cadre.ethics.choices import CaseState
from cadre.ethics.figures import ethics_figures
from cadre.ethics.filtersets import CaseFilterSet, DeclarationFilterSet, GiftFilterSet
from cadre.ethics.models import Case, Declaration, Gift
from cadre.ethics.services.common import is_person, to_major

DECLARATION_COLUMNS = (
    Column("employee", _l("employee"), link=True),
    Column("kind", _l("relation"), sort="kind", value=lambda d: d.get_kind_display()),
    Column("related_employee", _l("related person")),
    Column("related_organisation", _l("related organisation")),
    Column("starts_on", _l("since"), sort="starts_on"),
    Column("ends_on", _l("until"), sort="ends_on"),
    Column("confirmed_on", _l("last confirmed on"), sort="confirmed_on"),
    Column("review_state", _l("review"), value=lambda d: d.get_review_state_display()),
)
GIFT_COLUMNS = (
    Column("employee", _l("employee"), link=True),
    Column("kind", _l("kind"), value=lambda g: g.get_kind_display()),
    Column("description", _l("description")),
    Column("received_on", _l("date"), sort="received_on"),
    Column("value", _l("value"), value=lambda g: f"{to_major(g.value, g.currency)} {g.currency}"),
    Column("decision", _l("decision"), value=lambda g: g.get_decision_display()),
)
CASE_COLUMNS = (
    Column("pk", _l("case"), link=True, sort="pk"),
    Column("employee", _l("employee")),
    Column("organisation", _l("body")),
    Column("opened_on", _l("opened on"), sort="opened_on"),
    Column("state", _l("state"), sort="state", value=lambda c: c.get_state_display()),
    Column("outcome", _l("outcome"), value=lambda c: c.get_outcome_display()),
    Column("sanction_until", _l("sanction until"), sort="sanction_until"),
)


class DeclarationListView(ObjectListView):
    model = Declaration
    columns = DECLARATION_COLUMNS
    filterset_class = DeclarationFilterSet
    select_related = ("employee", "related_employee")
    default_sort = "-confirmed_on"


class DeclarationDetailView(ObjectDetailView):
    model = Declaration
    select_related = ("employee__organisation", "related_employee", "reviewed_by")
    fields = (
        *DECLARATION_COLUMNS,
        Column("description", _l("description")),
        Column("reviewed_by", _l("reviewed by")),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        steps: list[tuple[str, str, Any]] = []
        if is_person(user, obj.employee):
            steps.append(
                ("ethics:declaration_confirm", _("Confirm for another year"), forms.ConfirmForm())
            )
        elif may(user, obj, "change") and obj.review_state == "submitted":
            steps.append(("ethics:declaration_review", _("Mark as reviewed"), forms.ReasonForm()))
        return {"steps": steps}


class DeclarationEditView(ObjectEditView):
    model = Declaration
    form_class = forms.DeclarationForm
    create_service = services.declaration_create
    create_check = services.declaration_create_check


class GiftListView(ObjectListView):
    model = Gift
    columns = GIFT_COLUMNS
    filterset_class = GiftFilterSet
    select_related = ("employee",)
    default_sort = "-received_on"


class GiftDetailView(ObjectDetailView):
    model = Gift
    select_related = ("employee__organisation", "decided_by")
    fields = (*GIFT_COLUMNS, Column("decided_by", _l("decided by")))

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        steps: list[tuple[str, str, Any]] = []
        if may(user, obj, "change") and not is_person(user, obj.employee):
            steps.append(("ethics:gift_decide", _("Decide"), forms.GiftDecideForm()))
        return {"steps": steps}


class GiftEditView(ObjectEditView):
    model = Gift
    form_class = forms.GiftForm
    create_service = services.gift_create


class CaseListView(ObjectListView):
    model = Case
    columns = CASE_COLUMNS
    filterset_class = CaseFilterSet
    select_related = ("employee", "organisation")
    default_sort = "-opened_on"


class CaseDetailView(ObjectDetailView):
    model = Case
    select_related = ("employee__organisation", "organisation", "complainant", "decided_by")
    fields = (
        *CASE_COLUMNS,
        Column("grounds", _l("grounds")),
        Column("explanation_due", _l("explanation due")),
        Column("explanation", _l("explanation")),
        Column(
            "members",
            _l("commission"),
            value=lambda c: ", ".join(str(m.user) for m in c.members.select_related("user")),
        ),
        Column("decision_text", _l("decision")),
        Column("sanction", _l("sanction"), value=lambda c: c.get_sanction_display()),
        Column("term_months", _l("term, months")),
        Column("sanction_from", _l("sanction from")),
        Column("legal_basis", _l("legal basis")),
        Column("appeal_grounds", _l("appeal grounds")),
        Column(
            "appeal_outcome", _l("appeal outcome"), value=lambda c: c.get_appeal_outcome_display()
        ),
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        services.case_read(actor=user, case=obj)
        person = is_person(user, obj.employee)
        keeps = may(user, obj, "change") and not person
        member = obj.members.filter(user_id=user.pk).exists()
        steps: list[tuple[str, str, Any]] = []
        if person and obj.state == CaseState.OPEN:
            steps.append(("ethics:case_explain", _("Write your explanation"), forms.ExplainForm()))
        if person and obj.state == CaseState.DECIDED:
            steps.append(("ethics:case_appeal", _("Appeal the decision"), forms.AppealForm()))
        if keeps and obj.state in (CaseState.OPEN, CaseState.EXPLAINED):
            steps.append(
                ("ethics:case_commission", _("Name the commission"), forms.CommissionForm())
            )
        if member and obj.state in (CaseState.OPEN, CaseState.EXPLAINED):
            steps.append(("ethics:case_decide", _("Record the decision"), forms.DecideForm()))
        if keeps and not member and obj.state == CaseState.APPEALED:
            steps.append(
                ("ethics:case_appeal_decide", _("Decide the appeal"), forms.AppealDecideForm())
            )
        return {"steps": steps}


class CaseEditView(ObjectEditView):
    model = Case
    form_class = forms.CaseForm
    create_service = services.case_open


class _Step(ScopedViewMixin, View):
    """A step on one object, posted from its page: the form, the service, back to the page.
    The service checks who may take it (the person, the officer, a member)."""

    form_class: Any = forms.ReasonForm
    done: Any = ""

    def call(self, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object("view")
        form = self.form_class(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                messages.error(request, f"{form.fields[field].label}: {' '.join(map(str, errors))}")
            return HttpResponseRedirect(obj.get_absolute_url())
        try:
            self.call(obj, form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, str(_("Saved.")))
        return HttpResponseRedirect(obj.get_absolute_url())


def _step(model: Any, fn: Any, form: Any, **fixed: Any) -> Any:
    def call(self: Any, obj: Any, data: dict[str, Any]) -> Any:
        key = {Declaration: "declaration", Gift: "gift", Case: "case"}[model]
        return fn(actor=self.request.user, **{key: obj}, **fixed, **data)

    return type(f"{fn.__name__}_view", (_Step,), {"model": model, "form_class": form, "call": call})


DeclarationConfirmView = _step(Declaration, services.declaration_confirm, forms.ConfirmForm)
DeclarationReviewView = _step(Declaration, services.declaration_review, forms.ReasonForm)
GiftDecideView = _step(Gift, services.gift_decide, forms.GiftDecideForm)
CaseExplainView = _step(Case, services.case_explain, forms.ExplainForm)
CaseCommissionView = _step(Case, services.case_commission, forms.CommissionForm)
CaseDecideView = _step(Case, services.case_decide, forms.DecideForm)
CaseAppealView = _step(Case, services.case_appeal, forms.AppealForm)
CaseAppealDecideView = _step(Case, services.case_appeal_decide, forms.AppealDecideForm)


FIGURE_COLUMNS = (
    Column("region", _l("region")),
    Column("body", _l("body")),
    Column("declarations", _l("declarations in force")),
    Column("due", _l("due for confirmation")),
    Column("overdue", _l("confirmation overdue")),
    Column("cases", _l("cases")),
    Column("upheld", _l("upheld")),
    Column("dismissed", _l("dismissed")),
    Column("by_sanction", _l("by sanction")),
    Column("days_to_decision", _l("mean days to decision")),
)


class FiguresView(View):
    """Ethics figures per body and region, over what the user may see; CSV and XLSX."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not sees_class(request.user, DataClass.ETHICS):
            raise PermissionDenied
        rows = ethics_figures(request.user, today=timezone.localdate())
        export = request.GET.get("export")
        if export == "csv":
            return export_csv("ethics-figures", FIGURE_COLUMNS, rows)
        if export == "xlsx":
            return export_xlsx("ethics-figures", FIGURE_COLUMNS, rows)
        table = [[c.text(r) for c in FIGURE_COLUMNS] for r in rows]
        return render(
            request,
            "ethics/figures.html",
            {"columns": FIGURE_COLUMNS, "table": table, "title": _("Ethics figures")},
        )
