from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.core.forms import ScopedModelForm
from cadre.core.permissions import DataClass
from cadre.privacy import selectors
from cadre.privacy.models import Breach, ErasureRequest, LegalHold, RetentionPolicy


class RetentionPolicyForm(ScopedModelForm):
    class Meta:
        model = RetentionPolicy
        fields = ["legal_basis", "period_months", "action", "active"]

    def _post_clean(self) -> None:
        pass  # the service checks the policy (a clear error for a non-positive period)


class LegalHoldForm(ScopedModelForm):
    scoped_fields = {"employee": "change"}

    class Meta:
        model = LegalHold
        fields = ["employee", "grounds", "until"]
        widgets = {"until": forms.DateInput(attrs={"type": "date"})}

    def _post_clean(self) -> None:
        pass


class ErasureRequestForm(ScopedModelForm):
    scoped_fields = {"employee": "change"}

    class Meta:
        model = ErasureRequest
        fields = ["employee", "grounds"]

    def _post_clean(self) -> None:
        pass


class MineForm(forms.Form):
    grounds = forms.CharField(
        label=_("why your data should be erased"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("yes", _("approve: erase the data")), ("no", _("refuse"))],
        coerce=lambda v: v == "yes",
    )
    note = forms.CharField(
        label=_("note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing: the person is told why."),
    )


class ExportForm(forms.Form):
    """Whose data to export (the picker lists the people the user keeps)."""

    employee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("employee"), queryset=selectors.employees_kept(None)
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["employee"]
        field.queryset = selectors.employees_kept(user)


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BreachForm(ScopedModelForm):
    data_classes = forms.MultipleChoiceField(
        label=_("data classes"),
        choices=[
            (DataClass.PERSONAL, _("personal")),
            (DataClass.PAY, _("pay")),
            (DataClass.RATING_IDENTITY, _("who rated whom")),
            (DataClass.ASSESSMENT_ANSWERS, _("assessment answers")),
            (DataClass.ETHICS, _("ethics records")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Breach
        fields = [
            "title",
            "description",
            "detected_at",
            "country",
            "data_classes",
            "people_count",
            "records_count",
            "state",
            "regulator_notified_at",
            "results_reported_at",
            "people_notified_at",
        ]
        widgets = {
            "detected_at": DATETIME,
            "regulator_notified_at": DATETIME,
            "results_reported_at": DATETIME,
            "people_notified_at": DATETIME,
        }

    def _post_clean(self) -> None:
        pass
