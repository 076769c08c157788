"""Forms of the staffing pages: a version, a line, the approval by order, a limit, a
scenario and the steps of a scenario."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.core.forms import ScopedModelForm
from cadre.staffing.models import (
    GraduateSupply,
    Scenario,
    StaffingLimit,
    StaffingLine,
    StaffingTable,
)


class StaffingTableForm(ScopedModelForm):
    scoped_fields = {"organisation": "add"}

    class Meta:
        model = StaffingTable
        fields = ["organisation", "effective_from", "note"]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}


class FunctionsField(forms.CharField):
    """Functions, separated by commas."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return sorted({part.strip() for part in text.split(",") if part.strip()})

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value


class StaffingLineForm(ScopedModelForm):
    functions = FunctionsField(label=_("functions"), required=False)

    class Meta:
        model = StaffingLine
        fields = [
            "post",
            "units",
            "grade",
            "salary",
            "supplements",
            "currency",
            "is_critical",
            "functions",
        ]

    def __init__(self, *args: Any, user: Any, table: StaffingTable | None = None, **kw: Any):
        super().__init__(*args, user=user, **kw)
        from cadre.staffing.selectors import posts_for

        posts = posts_for(user, table.organisation if table is not None else None)
        self.fields["post"].queryset = posts  # type: ignore[attr-defined]
        self.fields["units"].widget.attrs["step"] = "0.25"


class ApproveForm(forms.Form):
    order_number = forms.CharField(label=_("order number"), max_length=64)
    order_date = forms.DateField(
        label=_("order date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    order_file = forms.FileField(label=_("order file"), required=False)


class StaffingLimitForm(ScopedModelForm):
    scoped_fields = {"organisation": "add"}

    class Meta:
        model = StaffingLimit
        fields = [
            "organisation",
            "effective_from",
            "headcount",
            "payroll",
            "currency",
            "act_title",
            "act_number",
            "act_date",
            "act_text",
            "restricted",
            "reduction_plan",
        ]
        widgets = {
            "effective_from": forms.DateInput(attrs={"type": "date"}),
            "act_date": forms.DateInput(attrs={"type": "date"}),
        }


class ScenarioForm(ScopedModelForm):
    scoped_fields = {"organisation": "add"}
    functions = FunctionsField(label=_("cut only these functions"), required=False)

    class Meta:
        model = Scenario
        fields = [
            "organisation",
            "title",
            "mode",
            "cut_percent",
            "cut_units",
            "vacant_first",
            "protect_critical",
            "protect_digital_leads",
            "keep_coverage",
            "functions",
            "min_holders",
        ]


class ApplyForm(forms.Form):
    effective_from = forms.DateField(
        label=_("in force from"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500, required=False)


class GraduateSupplyForm(ScopedModelForm):
    scoped_fields = {"organisation": "add"}
    family = forms.ChoiceField(label=_("competency family"))

    class Meta:
        model = GraduateSupply
        fields = ["organisation", "institution", "year", "family", "count"]

    def __init__(self, *args: Any, user: Any, **kw: Any) -> None:
        super().__init__(*args, user=user, **kw)
        from cadre.competencies.selectors import families
        from cadre.staffing.services.graduates import year_range

        self.fields["family"].choices = [("", "---------"), *families()]  # type: ignore[attr-defined]
        low, high = year_range()
        self.fields["year"].min_value = low  # type: ignore[attr-defined]
        self.fields["year"].max_value = high  # type: ignore[attr-defined]
        self.fields["year"].widget.attrs.update({"min": low, "max": high})
        self.fields["count"].widget.attrs["min"] = 0

    def validate_unique(self) -> None:
        """The service refuses a duplicate with its own message and field."""


class DemandForm(forms.Form):
    """The workforce demand page's choices: the region or body, the horizon, a family."""

    org = forms.CharField(label=_("region or body"), required=False)
    horizon = forms.TypedChoiceField(
        label=_("horizon, years"),
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        required=False,
        empty_value=3,  # type: ignore[arg-type]
        error_messages={"invalid_choice": _("The horizon is 1, 2 or 3 years.")},
    )
    family = forms.CharField(label=_("competency family"), required=False, max_length=70)
