"""Forms of contests: the contest, its set-up (category, criterion, juror, calibration
entry), an application, a scorecard, a declared conflict and the screening."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.contests import selectors
from cadre.contests.choices import ConflictKind
from cadre.contests.models import Contest, Criterion
from cadre.core.forms import ScopedModelForm
from cadre.core.pickers import apply as apply_pickers

DATE = forms.DateInput(attrs={"type": "date"})
DATES = (
    "applications_open",
    "applications_close",
    "screening_close",
    "scoring_close",
    "final_on",
    "results_on",
)


class ContestForm(ScopedModelForm):
    scoped_fields = {"organisation": "add"}

    class Meta:
        model = Contest
        fields = [
            "organisation",
            "title",
            "description",
            *DATES,
            "open_to",
            "max_age",
            "eligibility",
            "scale_max",
            "min_scores",
            "disagreement",
            "winners",
            "finalists",
            "post_group",
            "published",
        ]
        widgets = dict.fromkeys(DATES, DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]

    def _post_clean(self) -> None:
        pass  # the services check


class CategoryForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=32)
    name = forms.CharField(label=_("name"), max_length=255)
    winners = forms.IntegerField(
        label=_("winners"),
        min_value=0,
        max_value=1000,
        required=False,
        help_text=_("Winners in this category; empty: the contest's number per category."),
    )


class CriterionForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=32)
    name = forms.CharField(label=_("name"), max_length=255)
    weight = forms.IntegerField(label=_("weight"), min_value=1, max_value=100)
    descriptors = forms.CharField(
        label=_("descriptors"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One line per score, from 1 up: what an entry scored so looks like."),
    )
    competency = forms.ModelChoiceField(
        label=_("competency"), queryset=selectors.competencies(), required=False
    )
    levels = forms.CharField(
        label=_("competency levels"),
        required=False,
        help_text=_("The level each score shows, from score 1 up, separated by commas: 1,1,2,3,4."),
    )

    def __init__(self, *args: Any, scale: int = 5, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scale = scale

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        lines = [x.strip() for x in data["descriptors"].splitlines() if x.strip()]
        data["descriptors"] = {str(i): text for i, text in enumerate(lines, start=1)}
        raw = [x.strip() for x in (data.get("levels") or "").split(",") if x.strip()]
        data["levels"] = {str(i): x for i, x in enumerate(raw, start=1)} if raw else {}
        return data


class JurorForm(forms.Form):
    """A juror of a category: the account chosen with the user picker (a name typed, the
    accounts the organiser may see offered), never an id typed."""

    category = forms.TypedChoiceField(
        label=_("category"),
        coerce=int,
        error_messages={
            "required": _("Choose one of this contest's categories."),
            "invalid_choice": _("Choose one of this contest's categories."),
        },
    )
    user = forms.ModelChoiceField(
        label=_("juror"),
        queryset=selectors.juror_scope(None),
        error_messages={
            "required": _("Choose the juror."),
            "invalid_choice": _("Choose an active account among those you may see."),
        },
    )

    def __init__(self, *args: Any, contest: Contest, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_j_%s")
        super().__init__(*args, **kwargs)
        category: Any = self.fields["category"]
        category.choices = [(c.pk, c.name) for c in selectors.categories(contest)]
        juror: Any = self.fields["user"]
        juror.queryset = selectors.juror_scope(user)
        apply_pickers(self)


class CalibrationForm(forms.Form):
    category = forms.IntegerField(label=_("category"), min_value=1)
    title = forms.CharField(label=_("project"), max_length=255)
    summary = forms.CharField(label=_("project description"), widget=forms.Textarea)


class ApplyForm(forms.Form):
    category = forms.ChoiceField(label=_("category"))
    title = forms.CharField(label=_("project"), max_length=255)
    summary = forms.CharField(
        label=_("project description"), widget=forms.Textarea, max_length=20_000
    )
    file = forms.FileField(label=_("file"), required=False)

    def __init__(self, *args: Any, contest: Contest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            (str(c.pk), c.name) for c in selectors.categories(contest)
        ]


class ScoreForm(forms.Form):
    """A field per criterion, 1 to the contest's highest score, each level described."""

    def __init__(self, *args: Any, criteria: list[Criterion], scale: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for c in criteria:
            self.fields[f"c_{c.code}"] = forms.TypedChoiceField(
                label=f"{c.name} ({c.weight})",
                coerce=int,
                choices=[
                    (str(s), f"{s} — {c.descriptors.get(str(s), '')}") for s in range(1, scale + 1)
                ],
                widget=forms.RadioSelect,
            )

    def scores(self) -> dict[str, Any]:
        return {k[2:]: v for k, v in self.cleaned_data.items() if k.startswith("c_")}


class DeclareForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("conflict"),
        choices=[
            (ConflictKind.KIN, ConflictKind.KIN.label),
            (ConflictKind.OTHER, ConflictKind.OTHER.label),
        ],
    )
    detail = forms.CharField(label=_("detail"), widget=forms.Textarea, required=False)


class ScreenForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("screening"),
        choices=[("1", _("Admit to scoring")), ("0", _("Not eligible"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("screening note"), widget=forms.Textarea, required=False)
