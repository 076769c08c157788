from __future__ import annotations

from django import forms

from cadre.core.forms import ScopedModelForm
from cadre.people.models import Employee


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
