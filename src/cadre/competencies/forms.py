from __future__ import annotations

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


class ServiceJudgedChoiceField(forms.ChoiceField):
    """A list to choose from whose value the service judges, not the list: the crosswalk's
    target is offered as the other frameworks' published competencies, and its value stays
    the ``FRAMEWORK:CODE`` the service reads (``competency_by_key``), which refuses anything
    else with the same message as the API (an unknown competency, one of the same framework,
    a category)."""

    def valid_value(self, value: Any) -> bool:
        return True


class CrosswalkForm(forms.Form):
    """One correspondence from a competency of this version to one of another framework.
    The levels are chosen from the scales, never typed: the source level from this
    version's, the target level from the published scale of the target's framework."""

    source = forms.ChoiceField(label=_("Competency"))
    source_level = forms.TypedChoiceField(
        label=_("at level"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose a level of this version's scale.")},
    )
    target = ServiceJudgedChoiceField(
        label=_("Corresponds to"),
        help_text=_("A competency of another framework's published version."),
    )
    target_level = forms.ChoiceField(
        label=_("at level"),
        help_text=_("A level of the scale of the target's framework."),
        error_messages={"invalid_choice": _("Choose a level of a published framework's scale.")},
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(
        self,
        *args: Any,
        competencies: list[Any],
        levels: list[Any] | None = None,
        targets: dict[str, list[Any]] | None = None,
        others: dict[str, list[Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        """``levels``: this version's scale; ``targets``: framework code → the levels of
        its published version (the frameworks a crosswalk may point to); ``others``:
        framework code → the competencies of its published version, grouped so in the list
        and named "FRAMEWORK — CODE name" in the reader's language."""
        super().__init__(*args, **kwargs)
        source: Any = self.fields["source"]
        source.choices = [(str(c.pk), str(c)) for c in competencies]
        source_level: Any = self.fields["source_level"]
        source_level.choices = [("", "---------")] + [(lv.rank, str(lv)) for lv in levels or []]
        target: Any = self.fields["target"]
        target.choices = [("", "---------")] + [
            (code, [(f"{code}:{c.code}", f"{code} — {c}") for c in comps])
            for code, comps in (others or {}).items()
        ]
        target_level: Any = self.fields["target_level"]
        target_level.choices = [("", "---------")] + [
            (code, [(f"{code}:{lv.rank}", str(lv)) for lv in scale])
            for code, scale in (targets or {}).items()
        ]

    def clean(self) -> dict[str, Any]:
        """The target level is one of the target framework's scale: ``FRAMEWORK:rank`` is
        read as the rank, once the framework agrees with the target's."""
        data = super().clean() or {}
        chosen = data.get("target_level")
        if chosen is None or "target_level" in self.errors:
            return data
        framework, _sep, rank = str(chosen).rpartition(":")
        target = str(data.get("target") or "")
        if "target" in data and target.partition(":")[0] != framework:
            self.add_error(
                "target_level",
                _("Choose a level of the scale of %(framework)s, the target's framework.")
                % {"framework": target.partition(":")[0]},
            )
            data.pop("target_level", None)
            return data
        data["target_level"] = int(rank)
        return data
