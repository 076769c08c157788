from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.competencies.models import PositionProfile
from cadre.core.forms import ScopedModelForm


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label=_("Framework file"),
        help_text=_("JSON, CSV or XLSX in the format described in the documentation."),
    )
    publish = forms.BooleanField(
        label=_("Publish at once"),
        required=False,
        help_text=_("The version published before it is retired; it stays readable."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000)


class PositionProfileForm(ScopedModelForm):
    scoped_fields = {"organisation": "add"}

    class Meta:
        model = PositionProfile
        fields = ["organisation", "code", "title"]


class ProfileVersionForm(forms.Form):
    """The legal basis, and a level (blank: not required) and weight per competency of the
    published frameworks: one row each, so the form works from the keyboard alone."""

    legal_document = forms.CharField(label=_("Legal basis"), max_length=255)
    legal_date = forms.DateField(
        label=_("Date of the legal basis"), widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_from = forms.DateField(
        label=_("In force from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    in_force = forms.BooleanField(label=_("Put in force at once"), required=False)

    def __init__(self, *args: Any, competencies: list[Any], scales: dict[int, int], **kw: Any):
        super().__init__(*args, **kw)
        self.competencies = competencies
        for comp in competencies:
            top = scales.get(comp.version_id, 0)
            self.fields[f"level_{comp.pk}"] = forms.TypedChoiceField(
                label=str(comp),
                choices=[("", "—")] + [(str(n), str(n)) for n in range(1, top + 1)],
                coerce=int,
                required=False,
            )
            self.fields[f"weight_{comp.pk}"] = forms.IntegerField(
                label=_("weight"), min_value=1, max_value=100, initial=1, required=False
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(c, self[f"level_{c.pk}"], self[f"weight_{c.pk}"]) for c in self.competencies]

    def requirements(self) -> list[dict[str, Any]]:
        out = []
        for comp in self.competencies:
            level = self.cleaned_data.get(f"level_{comp.pk}")
            if level:
                weight = self.cleaned_data.get(f"weight_{comp.pk}") or 1
                out.append({"competency": comp.pk, "level": level, "weight": weight})
        return out


class AttachPostsForm(forms.Form):
    codes = forms.CharField(
        label=_("Post codes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or more post codes, separated by spaces, commas or new lines."),
    )

    def post_codes(self) -> list[str]:
        return [c for c in self.cleaned_data["codes"].replace(",", " ").split() if c]


class CrosswalkForm(forms.Form):
    """One correspondence from a competency of this version to one of another framework."""

    source = forms.ChoiceField(label=_("Competency"))
    # Levels are chosen from lists (issue 18, item 4): this version's scale, by name.
    source_level = forms.TypedChoiceField(label=_("at level"), coerce=int)
    target = forms.CharField(
        label=_("Corresponds to"),
        max_length=70,
        help_text=_("FRAMEWORK:CODE of another framework's published version, e.g. SFIA:REQM."),
    )
    # The other scale is known once the target is: the ranks of the published scales.
    target_level = forms.TypedChoiceField(label=_("at level"), coerce=int)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(
        self,
        *args: Any,
        competencies: list[Any],
        levels: Sequence[Any] = (),
        target_levels: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        source: Any = self.fields["source"]
        source.choices = [(str(c.pk), str(c)) for c in competencies]
        source_level: Any = self.fields["source_level"]
        source_level.choices = [("", "---------")] + [(lv.rank, str(lv)) for lv in levels]
        target_level: Any = self.fields["target_level"]
        target_level.choices = [("", "---------"), *target_levels]
