from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.core.forms import ScopedModelForm
from cadre.people.models import Assignment, Certification, Education, Employee


class EmployeeForm(ScopedModelForm):
    scoped_fields = {"organisation": "add"}

    class Meta:
        model = Employee
        fields = [
            "personal_id",
            "last_name",
            "first_name",
            "middle_name",
            "birth_date",
            "gender",
            "email",
            "phone",
            "organisation",
            "is_active",
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssignmentForm(ScopedModelForm):
    """A post for the person: any post the user may see (a concurrent duty may be held in
    another body's staffing table)."""

    scoped_fields = {"post": "view"}

    class Meta:
        model = Assignment
        fields = ["post", "kind", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}


class AssignmentEndForm(forms.Form):
    end_date = forms.DateField(label=_("until"), widget=DATE)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class EducationForm(ScopedModelForm):
    class Meta:
        model = Education
        fields = ["level", "specialty", "institution", "year"]


class CertificationForm(ScopedModelForm):
    class Meta:
        model = Certification
        fields = ["name", "issuer", "number", "issued_on", "expires_on"]
        widgets = {"issued_on": DATE, "expires_on": DATE}
