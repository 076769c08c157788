from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.core.forms import ScopedModelForm
from cadre.core.translated import pick
from cadre.portfolio import selectors
from cadre.portfolio.choices import Decision
from cadre.portfolio.models import System

FIELDS = [
    "kind",
    "name",
    "owner",
    "description",
    "language",
    "technology",
    "cost",
    "currency",
    "stage",
]


class SystemForm(ScopedModelForm):
    """An entry of the portfolio: the capabilities by code, the data sets one a line."""

    scoped_fields = {"owner": "add"}
    capabilities = forms.MultipleChoiceField(
        label=_("capabilities"), widget=forms.CheckboxSelectMultiple
    )
    data_sets = forms.CharField(
        label=_("data sets kept"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = System
        fields = FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["capabilities"]
        field.choices = [(c.code, pick(c.names) or c.code) for c in selectors.capabilities()]
        if self.instance.pk:
            self.initial["capabilities"] = [c.code for c in self.instance.capabilities.all()]
            self.initial["data_sets"] = "\n".join(self.instance.data_sets)

    def _post_clean(self) -> None:
        pass  # the services check the entry, not the model form

    def service_data(self) -> dict[str, Any]:
        data = {n: self.cleaned_data.get(n) for n in [*FIELDS, "capabilities", "data_sets"]}
        data["data_sets"] = (data["data_sets"] or "").splitlines()
        data["currency"] = data["currency"] or ""
        data["technology"] = data["technology"] or ""
        return data


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=Decision.choices)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


POLICY_CHOICES = [
    ("required", _("the start needs a coordinator's approval")),
    ("free", _("the start needs no approval")),
    ("inherit", _("follow the body above (else the national setting)")),
]


class StartPolicyForm(forms.Form):
    """A body's start approval policy: required, not required, or as the body above."""

    organisation: Any = forms.ModelChoiceField(queryset=None, label=_("body"))
    policy = forms.ChoiceField(label=_("policy"), choices=POLICY_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = selectors.start_policy_bodies(user).order_by("path")

    def approval_required(self) -> bool | None:
        return {"required": True, "free": False}.get(self.cleaned_data["policy"])
