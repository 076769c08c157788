"""Forms of the ethics pages: a declaration, a gift or activity, a case opened; and the
steps — confirm, review, decide on a gift, explain, name the commission, decide, appeal,
decide the appeal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.core.forms import ScopedModelForm
from cadre.ethics import selectors
from cadre.ethics.choices import AppealOutcome, GiftDecision, Outcome, SanctionKind
from cadre.ethics.models import Case, Declaration, Gift

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DeclarationForm(ScopedModelForm):
    scoped_fields = {"employee": "view", "related_employee": "view"}

    class Meta:
        model = Declaration
        fields = [
            "employee",
            "kind",
            "related_employee",
            "related_organisation",
            "description",
            "starts_on",
            "ends_on",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class GiftForm(ScopedModelForm):
    scoped_fields = {"employee": "view"}
    value = forms.DecimalField(label=_("value"), min_value=0, max_digits=17, decimal_places=2)

    class Meta:
        model = Gift
        fields = ["employee", "kind", "description", "received_on", "value", "currency"]
        widgets = {"received_on": DATE}


class CaseForm(ScopedModelForm):
    scoped_fields = {"employee": "view"}

    class Meta:
        model = Case
        fields = ["employee", "grounds", "complainant", "explanation_due"]
        widgets = {"explanation_due": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["explanation_due"].required = False


class ConfirmForm(forms.Form):
    ends_on = forms.DateField(label=_("until"), required=False, widget=DATE)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), required=False, max_length=500)


class GiftDecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=GiftDecision.choices)
    reason = forms.CharField(label=_("reason"), required=False, max_length=500)


class ExplainForm(forms.Form):
    explanation = forms.CharField(label=_("explanation"), widget=forms.Textarea(attrs={"rows": 4}))


class CommissionForm(forms.Form):
    members = forms.ModelMultipleChoiceField(label=_("members"), queryset=selectors.active_users())


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=Outcome.choices)
    decision_text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 3}))
    sanction = forms.ChoiceField(
        label=_("sanction"), choices=[("", "—"), *SanctionKind.choices], required=False
    )
    term_months = forms.IntegerField(label=_("term, months"), required=False, min_value=0)


class AppealForm(forms.Form):
    grounds = forms.CharField(label=_("appeal grounds"), widget=forms.Textarea(attrs={"rows": 3}))


class AppealDecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("appeal outcome"), choices=AppealOutcome.choices)
    reason = forms.CharField(label=_("reason"), required=False, max_length=500)
