"""Pages that set pay up, which the API alone offered before: base salaries, rule versions
and bonus funds — lists, details, forms and deletes, through the services. Pay rows are in
the pay data class: these pages open only to those who hold it (HR officers in their
bodies, national administrators) and also hold the model's grant the API checks; everyone
else is refused (403), and no link to them is shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _l

from cadre.core.permissions import DataClass, sees_class
from cadre.core.tables import Column
from cadre.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
)
from cadre.pay import selectors, services
from cadre.pay.access import may_open
from cadre.pay.filtersets import RuleFilterSet, SalaryFilterSet
from cadre.pay.forms import FundForm, RuleForm, SalaryForm, fund_check, rule_initial
from cadre.pay.models import Fund, Rule, Salary
from cadre.pay.money import money, percent
from cadre.people.privacy import sees_personal_data


class PayPageMixin(ScopedViewMixin):
    """The pay class is required on top of the model's grant."""

    def require(self, action: str) -> None:
        super().require(action)
        if not sees_class(self.request.user, DataClass.PAY):
            raise PermissionDenied

    def get_object(self, action: str = "view") -> Any:
        self.require("view")
        return super().get_object(action)


# --- salaries --------------------------------------------------------------------------------

PERSONAL_ID = "employee__personal_id"
SALARY_COLUMNS = (
    Column("employee", _l("employee"), sort="employee__last_name", link=True),
    Column(PERSONAL_ID, _l("personal ID")),  # encrypted: not sortable (0038)
    Column("employee__organisation__name", _l("organisation"), sort="employee__organisation__path"),
    Column(
        "amount", _l("monthly salary"), sort="amount", value=lambda s: money(s.amount, s.currency)
    ),
    Column("valid_from", _l("from"), sort="valid_from"),
)


def salary_columns(user: Any, salary: Salary | None = None) -> Sequence[Column]:
    """The salary columns as ``user`` may see them. The personal ID is the ``personal``
    class's, not pay's (decision 0007): as on the people pages, the column is shown only
    to a user a role of whom holds that class somewhere, and its cell is empty on the rows
    of people whose personal data they do not see (``people.privacy``); of one salary
    (``salary`` given), it is left out unless its person's personal data is theirs."""
    if not sees_personal_data(user, salary.employee if salary is not None else None):
        return tuple(c for c in SALARY_COLUMNS if c.name != PERSONAL_ID)
    if salary is not None:
        return SALARY_COLUMNS

    def hidden(row: Salary) -> bool:
        return not sees_personal_data(user, row.employee)

    return tuple(replace(c, hide=hidden) if c.name == PERSONAL_ID else c for c in SALARY_COLUMNS)


class SalaryListView(PayPageMixin, ObjectListView):
    model = Salary
    columns = SALARY_COLUMNS
    filterset_class = SalaryFilterSet
    select_related = ("employee__organisation",)
    default_sort = "employee__last_name"

    def get_columns(self) -> Sequence[Column]:
        return salary_columns(self.request.user)


class SalaryDetailView(PayPageMixin, ObjectDetailView):
    model = Salary
    select_related = ("employee__organisation",)
    fields = SALARY_COLUMNS

    def extra_context(self, obj: Any) -> dict[str, Any]:
        columns = salary_columns(self.request.user, obj)
        return {"fields": [(c.label, c.text(obj), c) for c in columns]}


class SalaryEditView(PayPageMixin, ObjectEditView):
    model = Salary
    form_class = SalaryForm
    create_service = services.salary_set
    create_check = services.salary_check


class SalaryDeleteView(PayPageMixin, ObjectDeleteView):
    model = Salary
    select_related = ("employee__organisation",)
    delete_service = services.salary_delete
    service_instance_kwarg = "salary"


# --- rule versions ---------------------------------------------------------------------------


def _in_use(rule: Rule) -> str:
    if getattr(rule, "used", False):
        return str(_l("used by a run"))
    if getattr(rule, "funds_using", 0):
        return str(_l("named by a fund"))
    return str(_l("unused"))


RULE_COLUMNS = (
    Column("code", _l("code"), sort="code", link=True),
    Column("version", _l("version"), sort="version"),
    Column("organisation__name", _l("organisation"), sort="organisation__path"),
    Column(
        "min_achievement", _l("minimum achievement"), value=lambda r: percent(r.min_achievement)
    ),
    Column("min_months", _l("minimum months in post")),
    Column("target_share", _l("target, in monthly salaries")),
    Column("max_factor", _l("highest achievement factor"), value=lambda r: percent(r.max_factor)),
    Column("cap_salaries", _l("cap, in monthly salaries")),
    Column("in_use", _l("in use"), value=_in_use),
)
RULE_DETAIL = (
    *RULE_COLUMNS[1:-1],
    Column("period_months", _l("months in the period")),
    Column("rounding_unit", _l("rounding unit, minor units")),
    RULE_COLUMNS[-1],
)


class RuleListView(PayPageMixin, ObjectListView):
    model = Rule
    columns = RULE_COLUMNS
    filterset_class = RuleFilterSet
    select_related = ("organisation",)
    default_sort = "code"

    def base_queryset(self, action: str = "view") -> Any:
        return selectors.with_use(super().base_queryset(action))

    def sort(self, qs: Any, key: str) -> Any:
        if key.lstrip("-") == "code":  # a code's versions newest first
            return qs.order_by(key, "-version", "pk")
        return super().sort(qs, key)


class RuleDetailView(PayPageMixin, ObjectDetailView):
    model = Rule
    select_related = ("organisation",)
    fields = RULE_DETAIL

    def base_queryset(self, action: str = "view") -> Any:
        return selectors.with_use(super().base_queryset(action))

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        context: dict[str, Any] = {
            "may_add_version": may_open(user, "pay.rule", "add"),
            "versions": selectors.with_use(selectors.rules(user).filter(code=obj.code)).order_by(
                "-version"
            ),
        }
        if obj.used:  # a used version is never changed: the next version is
            context["edit_url"] = None
        if obj.funds_using:  # a fund names it: not deleted
            context["delete_url"] = None
        return context


class RuleEditView(PayPageMixin, ObjectEditView):
    model = Rule
    form_class = RuleForm
    create_service = services.rule_create
    update_service = services.rule_update
    service_instance_kwarg = "rule"
    create_check = services.rule_check
    update_check = services.rule_check


class RuleNewVersionView(RuleEditView):
    """The add form filled in with a version's values: saving makes the next version."""

    def get(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        source = self.get_object("view")
        self.require("add")
        form = self._form(None, initial=rule_initial(source))
        return self._render(form, None)

    def _instance(self) -> Any:
        self.require("add")
        return None


class RuleDeleteView(PayPageMixin, ObjectDeleteView):
    model = Rule
    delete_service = services.rule_delete
    service_instance_kwarg = "rule"


# --- funds -----------------------------------------------------------------------------------


class FundEditView(PayPageMixin, ObjectEditView):
    model = Fund
    form_class = FundForm
    create_service = services.fund_create
    create_check = fund_check


class FundDeleteView(PayPageMixin, ObjectDeleteView):
    model = Fund
    delete_service = services.fund_delete
    service_instance_kwarg = "fund"
