"""Forms of the reserve's pages: an entry (added, or its preferences and levels changed),
a vacancy opened on a post, and the steps — fill, cancel, approve, withdraw, decide on a
match, match many vacancies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.core.errors import ApplicationError
from cadre.core.forms import ScopedModelForm
from cadre.core.pickers import apply as apply_pickers
from cadre.people.choices import Gender
from cadre.talent import selectors
from cadre.talent.models import ReserveEntry, Vacancy
from cadre.talent.services.reserve import clean_levels


class LevelsField(forms.CharField):
    """Levels as ``CODE=level`` pairs, one a line or separated by ``;``."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> dict[str, int]:  # type: ignore[override]
        text = super().to_python(value) or ""
        pairs: dict[str, Any] = {}
        for part in text.replace(";", "\n").splitlines():
            if not part.strip():
                continue
            code, sep, level = part.partition("=")
            if not sep:
                raise forms.ValidationError(
                    _("Write each level as CODE=level, e.g. DG.1=3."), code="invalid"
                )
            pairs[code.strip()] = level.strip()
        try:
            return clean_levels(pairs)
        except ApplicationError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return "\n".join(f"{k}={v}" for k, v in value.items())
        return value


ADD_FIELDS = [
    "employee",
    "candidate",
    "organisation",
    "post_group",
    "source",
    "source_ref",
    "levels",
    "region",
    "relocation",
]
EDIT_FIELDS = ["source_ref", "levels", "region", "relocation"]


class ReserveEntryForm(ScopedModelForm):
    """A new entry (a person, the reserve and post group, the source), or an entry's
    preferences and measured levels."""

    scoped_fields = {"employee": "view", "organisation": "view"}
    levels = LevelsField(label=_("measured levels"), required=False)

    class Meta:
        model = ReserveEntry
        fields = ADD_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in set(ADD_FIELDS) - set(EDIT_FIELDS):
                del self.fields[name]
        else:
            field: Any = self.fields["candidate"]
            field.queryset = selectors.candidates(self.user)
        region: Any = self.fields["region"]
        region.queryset = selectors.all_organisations()
        apply_pickers(self)

    def _post_clean(self) -> None:
        pass  # the services check the entry

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        if "source" in data:
            data["origin"] = data.pop("source")
        data["levels"] = data.get("levels") or {}
        return data


class VacancyForm(ScopedModelForm):
    scoped_fields = {"post": "view"}

    class Meta:
        model = Vacancy
        fields = ["post"]

    def _post_clean(self) -> None:
        pass


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FillForm(forms.Form):
    """Appoint an employee, or an external candidate (whose record is created: give their
    identifier, birth date and sex)."""

    employee: Any = forms.ModelChoiceField(
        queryset=selectors.all_employees().none(), label=_("employee"), required=False
    )
    candidate: Any = forms.ModelChoiceField(
        queryset=selectors.no_users(), label=_("external candidate"), required=False
    )
    start_date = forms.DateField(
        label=_("start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    personal_id = forms.CharField(label=_("personal identifier"), max_length=32, required=False)
    birth_date = forms.DateField(
        label=_("birth date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    gender = forms.ChoiceField(
        label=_("gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    reason = forms.CharField(
        label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = selectors.employees(user)  # type: ignore[attr-defined]
        self.fields["candidate"].queryset = selectors.candidates(user)  # type: ignore[attr-defined]
        apply_pickers(self)

    def employee_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            k: data[k]
            for k in ("personal_id", "birth_date", "gender")
            if data.get(k) not in (None, "")
        }


class MatchManyForm(forms.Form):
    within: Any = forms.ModelChoiceField(
        queryset=selectors.all_organisations().none(),
        label=_("region or body"),
        required=False,
        help_text=_("Blank: the whole country (national roles)."),
    )
    per_vacancy = forms.IntegerField(
        label=_("candidates per vacancy, at most"),
        min_value=1,
        max_value=2000,
        initial=500,
        help_text=_(
            "Each vacancy keeps as many of its best members as there are vacancies of its post "
            "group (then nothing is lost), but no more than this."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = selectors.organisations(user)  # type: ignore[attr-defined]
        apply_pickers(self)
