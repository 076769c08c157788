"""The competition form (the vacancy, the announcement in each UI language, the test and the
dates) and the small forms of each step on the competition's and the application's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.competitions.models import MAX_SCORE, Competition
from cadre.core.forms import ScopedModelForm
from cadre.people.choices import Gender


class CompetitionForm(ScopedModelForm):
    scoped_fields = {"vacancy": "view", "test": "view"}

    class Meta:
        model = Competition
        fields = ["vacancy", "title", "test", "applications_close", "interview_on"]
        widgets = {
            "applications_close": forms.DateInput(attrs={"type": "date"}),
            "interview_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # the vacancy stays
            del self.fields["vacancy"]
        else:
            vacancy: Any = self.fields["vacancy"]
            vacancy.queryset = vacancy.queryset.filter(status="open")
        texts = self.instance.announcement if self.instance.pk else {}
        for code, language in settings.LANGUAGES:
            self.fields[f"announcement_{code}"] = forms.CharField(
                label=_("announcement (%(language)s)") % {"language": language},
                max_length=10_000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=texts.get(code, ""),
            )

    def service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in ("vacancy", *self.Meta.fields[1:])
            if name in self.fields and name in self.cleaned_data
        }
        data["announcement"] = {
            code: self.cleaned_data.get(f"announcement_{code}", "")
            for code, _n in settings.LANGUAGES
        }
        return data

    def _post_clean(self) -> None:
        pass  # the services check


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("why you apply"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )


class CheckForm(forms.Form):
    admitted = forms.TypedChoiceField(
        label=_("document check"),
        choices=[("1", _("admit")), ("0", _("refuse"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("reason"), required=False, max_length=2000)


class ScoreForm(forms.Form):
    score = forms.IntegerField(label=_("score"), min_value=0, max_value=MAX_SCORE)
    comment = forms.CharField(label=_("comment"), required=False, max_length=2000)


class DecideForm(forms.Form):
    winner = forms.TypedChoiceField(label=_("winner"), coerce=int, empty_value=None, required=False)
    reason = forms.CharField(label=_("reasons of the decision"), widget=forms.Textarea)

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        winner: Any = self.fields["winner"]
        winner.choices = [("", _("no winner: the competition did not take place"))] + [
            (a.pk, a.applicant_name()) for a in candidates
        ]


class AppointForm(forms.Form):
    """The appointment; an external winner's record needs their birth date and gender
    (and their personal id, if known), which the registry keeps."""

    start_date = forms.DateField(
        label=_("start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("reason"), max_length=2000)
    personal_id = forms.CharField(
        label=_("personal id (an external winner)"), max_length=32, required=False
    )
    birth_date = forms.DateField(
        label=_("birth date (an external winner)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    gender = forms.ChoiceField(
        label=_("gender (an external winner)"),
        choices=[("", "—"), *Gender.choices],
        required=False,
    )

    def employee_fields(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in ("personal_id", "birth_date", "gender")
            if self.cleaned_data.get(k)
        }
