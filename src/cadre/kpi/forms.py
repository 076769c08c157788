from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.core.forms import ScopedModelForm
from cadre.core.measures import measure_choices
from cadre.kpi import selectors
from cadre.kpi.models import Assignment, Definition

DEFINITION_FIELDS = ["unit", "direction", "period_kind", "origin", "measure"]


class DefinitionForm(ScopedModelForm):
    """A KPI: its code (on creation), a name per UI language, unit, direction, period kind
    and source (a measured KPI picks its measure)."""

    scoped_fields = {"owner": "add"}
    measure = forms.ChoiceField(label=_("measure"), required=False)

    class Meta:
        model = Definition
        fields = ["owner", "code", *DEFINITION_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measure: Any = self.fields["measure"]
        measure.choices = [("", "—"), *measure_choices()]
        if self.instance.pk:  # what it is and who keeps it stay; a change is a new version
            del self.fields["owner"]
            del self.fields["code"]
        names = self.instance.names if self.instance.pk else {}
        for code, language in settings.LANGUAGES:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("name (%(language)s)") % {"language": language},
                max_length=255,
                required=False,
                initial=names.get(code, ""),
            )

    def service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in ("owner", "code", *DEFINITION_FIELDS)
            if name in self.fields
        }
        data["names"] = {
            code: self.cleaned_data.get(f"name_{code}", "") for code, _n in settings.LANGUAGES
        }
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"name_{code}", "").strip() for code, _n in settings.LANGUAGES):
            self.add_error(
                f"name_{settings.LANGUAGES[0][0]}", _("Give the name in at least one language.")
            )
        return cleaned

    def _post_clean(self) -> None:
        # The services check the definition (uniqueness, its measure); not the model form.
        pass


LEVELS = ["threshold", "target", "stretch", "weight"]


class AssignmentForm(ScopedModelForm):
    """Give a KPI to a person or to a unit (leave the person empty) for a period; on
    change only the levels, the weight and the cascade link change."""

    class Meta:
        model = Assignment
        fields = ["definition", "period", "organisation", "employee", "parent", *LEVELS]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        fields: Any = self.fields
        fields["parent"].queryset = (
            selectors.assignments(user)
            .filter(employee__isnull=True)
            .select_related("definition", "organisation", "period")
        )
        if self.instance.pk:
            for name in ("definition", "period", "organisation", "employee"):
                del self.fields[name]
            fields["parent"].queryset = (
                fields["parent"]
                .queryset.filter(period=self.instance.period)
                .exclude(pk=self.instance.pk)
            )
            return
        fields["definition"].queryset = selectors.definitions(user).order_by("code", "-version")
        fields["period"].queryset = selectors.periods().filter(frozen_at__isnull=True)
        fields["organisation"].queryset = selectors.organisations(user, "add").order_by("path")
        fields["organisation"].required = False
        fields["organisation"].help_text = _("For a unit's or body's KPI (leave the person empty).")
        fields["employee"].queryset = (
            selectors.employees(user).filter(is_active=True).order_by("last_name", "first_name")
        )

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}

    def _post_clean(self) -> None:
        pass


class ActualForm(forms.Form):
    """A manual actual: the assignment it is for, the value and the evidence file (a second
    person confirms it)."""

    assignment: Any = forms.ModelChoiceField(queryset=None, label=_("KPI assignment"))
    value = forms.DecimalField(label=_("actual"), max_digits=18, decimal_places=4)
    evidence = forms.FileField(label=_("evidence"), required=False)
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from cadre.kpi.choices import Source

        super().__init__(*args, **kwargs)
        field: Any = self.fields["assignment"]
        field.queryset = (
            selectors.assignments(user)
            .filter(definition__origin=Source.MANUAL, actual__isnull=True)
            .select_related("definition", "period", "organisation", "employee")
            .order_by("period", "definition__code")
        )
