"""The project office's forms: a programme, a project (its pickers offer only the bodies,
programmes and people the user may use), and a project's parts: a team member, an outcome
KPI, a milestone and the closing of one with its evidence."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.core.forms import ScopedModelForm
from cadre.core.measures import measure_choices
from cadre.core.translated import pick
from cadre.portfolio import selectors as portfolio
from cadre.projects import selectors
from cadre.projects.choices import Evidence
from cadre.projects.models import Programme, Project

DATE = forms.DateInput(attrs={"type": "date"})


def _people(user: Any) -> Any:
    return (
        selectors.employees(user)
        .filter(is_active=True)
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )


class ProgrammeForm(ScopedModelForm):
    scoped_fields = {"organisation": "add"}

    class Meta:
        model = Programme
        fields = ["organisation", "name", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]

    def _post_clean(self) -> None:
        pass  # the services check


class ProjectForm(ScopedModelForm):
    """A project: its body, programme, accountable owner (a person of the body), sponsor,
    dates, budget in minor units and currency. The owner is checked by the service, so
    that a missing one is refused with the project office's own words."""

    scoped_fields = {"organisation": "add"}
    capabilities = forms.MultipleChoiceField(
        label=_("capabilities of a new IT portfolio entry"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "An IT project without an entry in the IT portfolio: choose what it does, and "
            "an entry is registered from the project. Likely duplicates in other bodies "
            "are shown before it is saved."
        ),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Project
        fields = [
            "name",
            "goal",
            "organisation",
            "programme",
            "owner",
            "sponsor",
            "start",
            "planned_end",
            "budget",
            "currency",
            "it_system",
        ]
        widgets = {"start": DATE, "planned_end": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        fields: Any = self.fields
        fields["programme"].queryset = selectors.programmes(user).select_related("organisation")
        fields["owner"].queryset = _people(user)
        fields["owner"].required = False
        fields["sponsor"].queryset = _people(user)
        fields["budget"].help_text = _("In minor units (tiyn, kopecks, đồng, cents).")
        if self.instance.pk:
            del self.fields["organisation"]
            for name in ("it_system", "capabilities", "confirm"):
                del self.fields[name]
            return
        fields["it_system"].queryset = portfolio.systems_kept(user).order_by("owner__path", "name")
        fields["it_system"].help_text = _(
            "An IT project with an entry in the IT portfolio of its body: pick it."
        )
        fields["capabilities"].choices = [
            (c.code, pick(c.names) or c.code) for c in portfolio.capabilities()
        ]

    def _post_clean(self) -> None:
        pass  # the services check the project (project_check)

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data.pop("confirm", None)
        if "capabilities" in data and not data["capabilities"]:
            data["capabilities"] = None
        return data


class LinkSystemForm(forms.Form):
    """Link a registered project to its IT portfolio entry: pick one, or choose the
    capabilities of a new one."""

    it_system: Any = forms.ModelChoiceField(
        queryset=None, label=_("IT portfolio entry"), required=False
    )
    capabilities = forms.MultipleChoiceField(
        label=_("capabilities of a new IT portfolio entry"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["it_system"].queryset = portfolio.systems_kept(user).order_by("owner__path", "name")
        fields["capabilities"].choices = [
            (c.code, pick(c.names) or c.code) for c in portfolio.capabilities()
        ]


class MemberForm(forms.Form):
    employee: Any = forms.ModelChoiceField(queryset=None, label=_("employee"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["employee"]
        field.queryset = _people(user)


class KpiForm(forms.Form):
    definition: Any = forms.ModelChoiceField(queryset=None, label=_("KPI"))
    period: Any = forms.ModelChoiceField(queryset=None, label=_("period"))
    target = forms.DecimalField(label=_("target"), max_digits=18, decimal_places=4)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["definition"].queryset = selectors.definitions(user).order_by("code", "-version")
        fields["period"].queryset = selectors.periods()


class MilestoneForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=255)
    due = forms.DateField(label=_("due"), widget=DATE)


class CloseForm(forms.Form):
    """Close a milestone with its evidence: a file, a link, or a Cadre event."""

    kind = forms.ChoiceField(
        label=_("evidence"),
        choices=[("", "—"), *Evidence.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=_("evidence file"), required=False)
    link = forms.CharField(label=_("evidence link"), max_length=500, required=False)
    event_measure = forms.ChoiceField(label=_("measure"), required=False)
    event_threshold = forms.DecimalField(
        label=_("at least"), max_digits=18, decimal_places=4, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measure: Any = self.fields["event_measure"]
        measure.choices = [("", "—"), *measure_choices()]
