from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.competencies.selectors import competency_choices, level_choices
from cadre.people.models import Employee
from cadre.people.privacy import personal_data_q


class SessionForm(forms.Form):
    starts_on = forms.DateField(
        label=_("starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    capacity = forms.IntegerField(label=_("places"), min_value=1, max_value=10000)
    location = forms.CharField(label=_("location"), max_length=255, required=False)
    online = forms.BooleanField(label=_("online"), required=False)


class EnrolForm(forms.Form):
    """Enrol someone by their personal identifier: a person in the user's scope whose
    personal data the user sees (to anybody else an identifier names nobody, so the form
    cannot confirm one)."""

    personal_id = forms.CharField(label=_("personal identifier"), max_length=32)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_personal_id(self) -> Employee:
        value = self.cleaned_data["personal_id"].strip()
        employee = (
            Employee.objects.restrict(self.user, "view")
            .select_related("organisation")
            .filter(personal_data_q(self.user), personal_id=value)
            .first()
        )
        if employee is None:
            raise forms.ValidationError(_("Nobody with this identifier in your scope."))
        return employee


class CompletionForm(forms.Form):
    employee = forms.IntegerField(widget=forms.HiddenInput)
    passed = forms.BooleanField(label=_("passed"), required=False)
    attended_hours = forms.IntegerField(label=_("hours attended"), min_value=0, required=False)
    score = forms.IntegerField(label=_("score"), min_value=0, max_value=100, required=False)


class PlanForm(forms.Form):
    due_on = forms.DateField(label=_("complete by"), widget=forms.DateInput(attrs={"type": "date"}))


class TargetForm(forms.Form):
    organisation: Any = forms.ModelChoiceField(queryset=None, label=_("organisation"))
    title = forms.CharField(label=_("title"), max_length=255)
    kind = forms.ChoiceField(label=_("counts"))
    course: Any = forms.ModelChoiceField(queryset=None, label=_("course"), required=False)
    competency = forms.ChoiceField(
        label=_("competency"), required=False, help_text=_("For a competency target.")
    )
    level = forms.TypedChoiceField(label=_("level"), coerce=int, empty_value=None, required=False)
    target = forms.IntegerField(
        label=_("target number"),
        min_value=1,
        required=False,
        help_text=_("Empty: everyone in service in the organisation."),
    )
    due_on = forms.DateField(label=_("by"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from cadre.learning.choices import TargetKind
        from cadre.learning.models import Course
        from cadre.orgs.models import Organisation

        super().__init__(*args, **kwargs)
        org: Any = self.fields["organisation"]
        org.queryset = Organisation.objects.restrict(user, "view").order_by("path")
        course: Any = self.fields["course"]
        course.queryset = Course.objects.restrict(user, "view").order_by("code")
        kind: Any = self.fields["kind"]
        kind.choices = TargetKind.choices
        # Chosen from the published frameworks, not typed (issue 18).
        competency: Any = self.fields["competency"]
        competency.choices = [("", "---------"), *competency_choices()]
        level: Any = self.fields["level"]
        level.choices = [("", "---------"), *level_choices()]


class PlanItemForm(forms.Form):
    course: Any = forms.ModelChoiceField(queryset=None, label=_("course"))
    due_on = forms.DateField(label=_("by"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from cadre.learning.models import Course

        super().__init__(*args, **kwargs)
        course: Any = self.fields["course"]
        course.queryset = Course.objects.restrict(user, "view").order_by("code")
