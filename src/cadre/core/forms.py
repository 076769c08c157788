"""Form base for the generic edit view: related choices limited to the user's scope."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.core import pickers
from cadre.core.i18n_names import NAME_MAX_LENGTH


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


class NamesFormMixin(forms.BaseForm):
    """A field per UI language for an object's ``names`` (decision 0044), right after its
    main name; the service gets them as ``names={"kk": "…", …}`` (blank ones left out)."""

    names_after: ClassVar[str] = "name"

    def add_name_fields(self, names: dict[str, str]) -> None:
        order = list(self.fields)
        added = []
        for code, language in settings.LANGUAGES:
            key = f"name_{code}"
            self.fields[key] = forms.CharField(
                label=_("name (%(language)s)") % {"language": language},
                max_length=NAME_MAX_LENGTH,
                required=False,
                initial=(names or {}).get(code, ""),
                help_text=_("Shown to readers in this language; blank: the main name."),
            )
            added.append(key)
        at = order.index(self.names_after) + 1 if self.names_after in order else len(order)
        order[at:at] = added
        self.order_fields(order)

    def names_data(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"name_{code}", "").strip()
            for code, _language in settings.LANGUAGES
            if self.cleaned_data.get(f"name_{code}", "").strip()
        }
