from __future__ import annotations

from typing import Any

from django import forms

from cadre.appraisals import selectors
from cadre.appraisals.models import Appraisal, AppraisalRequirement
from cadre.core.forms import ScopedModelForm


class AppraisalForm(ScopedModelForm):
    """Record a person's appraisal for a year."""

    class Meta:
        model = Appraisal
        fields = ["employee", "year", "result", "assessed_on", "assessed_by", "basis"]
        widgets = {
            "assessed_on": forms.DateInput(attrs={"type": "date"}),
            "basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        fields: Any = self.fields
        fields["employee"].queryset = (
            selectors.employees(user, "view")
            .filter(is_active=True)
            .order_by("last_name", "first_name")
        )

    def _post_clean(self) -> None:
        pass  # the service checks the rest (one per year, dates)


class RequirementForm(ScopedModelForm):
    """A body's requirement that its people be assessed effective to be paid a bonus."""

    class Meta:
        model = AppraisalRequirement
        fields = ["organisation", "from_year", "minimum"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = selectors.organisations(user, "add").order_by("path")

    def _post_clean(self) -> None:
        pass
