"""The organisation tree picker: a search box that offers the organisations whose name holds
what was typed, each with its path from the root (``orgs:pick``), chosen with the keyboard or
the pointer (``cadre.js``). Without JavaScript it is a plain select of the chosen
organisation and the top of the user's tree, so the page never lists every organisation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

# How many organisations the select lists before the search takes over.
FEW = 30


class OrganisationPicker(forms.Select):
    """Also the base of other search pickers (``accounts.widgets.UserPicker``): a subclass
    names its search address (``url_name``, answering ``?q=`` with ``{"results": [{"id",
    "name", "path"}]}``) and the order of the few rows listed without script."""

    # The organisations a field that is not a model choice offers (an id filter sets it).
    scope: Any = None
    url_name = "orgs:pick"
    order: tuple[str, ...] = ("depth", "name", "pk")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        attrs_ = context["widget"]["attrs"]
        attrs_["data-picker"] = reverse(self.url_name)
        attrs_["data-picker-placeholder"] = _("Type a name")
        attrs_["data-picker-none"] = _("Nothing found")
        return context

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        choices: Any = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is not None:
            empty_label, choice = choices.field.empty_label, choices.choice
        elif self.scope is not None:  # an id filter (``orgs.filtersets.WithinFilter``)
            queryset, empty_label = self.scope, "---------"

            def choice(obj: Any) -> tuple[Any, str]:
                return obj.pk, str(obj)
        else:
            return super().optgroups(name, value, attrs)
        chosen = [v for v in value if str(v).isdigit()]
        shown = list(queryset.filter(pk__in=chosen)) + list(
            queryset.exclude(pk__in=chosen).order_by(*self.order)[:FEW]
        )
        few: list[Any] = [("", empty_label)] if empty_label is not None else []
        few += [choice(obj) for obj in shown]
        self.choices = few
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = choices
