"""Form base for the generic edit view: related choices limited to the user's scope."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from cadre.core import pickers


class ScopedModelForm(forms.ModelForm):
    """A model form whose related-object choices are only those the user may use.

    ``scoped_fields`` maps a field name to the action the user needs on the related object
    (e.g. ``{"parent": "add"}``: you may only place things under what you may add to).
    """

    scoped_fields: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for name, action in self.scoped_fields.items():
            field = self.fields[name]
            field.queryset = field.queryset.model.objects.restrict(user, action)  # type: ignore[attr-defined]
        pickers.apply(self)

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}
