from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.core.forms import NamesFormMixin, ScopedModelForm
from cadre.ratings.choices import NeedMet
from cadre.ratings.models import COMMENT_MAX, ServicePoint, ServiceType

FIVE = [(str(n), str(n)) for n in range(1, 6)]
# What each point of the scale means, shown under it on every question (issue 18: five large
# tap targets that a citizen on a cheap phone reads without the first question's help).
MEANINGS = {
    "1": _("very bad"),
    "2": _("bad"),
    "3": _("so-so"),
    "4": _("good"),
    "5": _("very good"),
}

DRIVERS = (
    ("time_taken", _("Time the service took")),
    ("waiting", _("Waiting")),
    ("courtesy", _("Courtesy and competence of the employee")),
    ("clarity", _("Clarity of the information you were given")),
    ("premises", _("Comfort of the premises")),
)


class RatingForm(forms.Form):
    """The citizen's questions: plain radio buttons and a text box, no script needed."""

    overall = forms.TypedChoiceField(
        label=_("Overall, how satisfied are you with the service?"),
        choices=FIVE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    time_taken = forms.TypedChoiceField(
        label=DRIVERS[0][1], choices=FIVE, coerce=int, required=False, widget=forms.RadioSelect
    )
    waiting = forms.TypedChoiceField(
        label=DRIVERS[1][1], choices=FIVE, coerce=int, required=False, widget=forms.RadioSelect
    )
    courtesy = forms.TypedChoiceField(
        label=DRIVERS[2][1], choices=FIVE, coerce=int, required=False, widget=forms.RadioSelect
    )
    clarity = forms.TypedChoiceField(
        label=DRIVERS[3][1], choices=FIVE, coerce=int, required=False, widget=forms.RadioSelect
    )
    premises = forms.TypedChoiceField(
        label=DRIVERS[4][1], choices=FIVE, coerce=int, required=False, widget=forms.RadioSelect
    )
    need_met = forms.ChoiceField(
        label=_("Was your need met?"),
        choices=NeedMet.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Do not write names, phone numbers or other personal data."),
    )

    def answers(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        return {k: (None if v == "" else v) for k, v in data.items()}


class ServicePointForm(NamesFormMixin, ScopedModelForm):
    """The main name and, after it, the name in each UI language (decision 0044)."""

    scoped_fields = {"organisation": "add"}

    class Meta:
        model = ServicePoint
        fields = ["organisation", "code", "name", "address"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_name_fields(self.instance.names if self.instance.pk else {})

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in super().service_data().items() if not k.startswith("name_")}
        return {**data, "names": self.names_data()}


class ServiceTypeForm(ScopedModelForm):
    """The code and a name field per UI language (at least one; the service checks)."""

    class Meta:
        model = ServiceType
        fields = ["code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = self.instance.names if self.instance.pk else {}
        for code, language in settings.LANGUAGES:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("name (%(language)s)") % {"language": language},
                max_length=255,
                required=False,
                initial=names.get(code, ""),
            )

    def service_data(self) -> dict[str, Any]:
        names = {code: self.cleaned_data[f"name_{code}"] for code, _name in settings.LANGUAGES}
        return {"code": self.cleaned_data["code"], "names": names}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"name_{code}", "").strip() for code, _n in settings.LANGUAGES):
            self.add_error(
                f"name_{settings.LANGUAGES[0][0]}", _("Give the name in at least one language.")
            )
        return cleaned


MONTH_FORMATS = ["%Y-%m"]


class DashboardFilterForm(forms.Form):
    """The ratings dashboard's filters: a period of months, a body (with its units), a
    service point and a service type; each list holds only what the user may see."""

    since = forms.DateField(
        label=_("From month"),
        required=False,
        input_formats=MONTH_FORMATS,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    until = forms.DateField(
        label=_("To month"),
        required=False,
        input_formats=MONTH_FORMATS,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args: Any, bodies: Any, points: Any, types: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The choices are what the user may see (``selectors.dashboard_choices``).
        self.fields["body"] = forms.ModelChoiceField(
            label=_("Body"), queryset=bodies, required=False
        )
        self.fields["point"] = forms.ModelChoiceField(
            label=_("Service point"), queryset=points, required=False
        )
        self.fields["service_type"] = forms.ModelChoiceField(
            label=_("Service type"), queryset=types, required=False
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The last month comes before the first."))
        return data
