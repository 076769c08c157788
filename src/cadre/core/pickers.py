"""Pickers: a choice of one object of a registered model is drawn by that model's own
widget (e.g. the organisation tree picker: type a name, see the path) wherever a form or a
list filter offers it, without the form knowing.

An app registers its widget from its ``app.py`` (``register("orgs.organisation", Widget)``);
``apply(form)`` swaps the widget of every single-object choice field of a registered model.
``ScopedModelForm`` and the list pages (``ObjectListView``) apply it to their forms.
"""

from __future__ import annotations

from django import forms

_PICKERS: dict[str, type[forms.Select]] = {}


def register(model_label: str, widget: type[forms.Select]) -> None:
    """Draw every single choice of ``model_label`` (``app_label.model_name``) with ``widget``."""
    _PICKERS[model_label.lower()] = widget


def apply(form: forms.BaseForm) -> None:
    """Give each single-object choice field of a registered model its picker."""
    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField) or isinstance(
            field, forms.ModelMultipleChoiceField
        ):
            continue
        model = getattr(field.queryset, "model", None)
        widget = _PICKERS.get(model._meta.label_lower) if model is not None else None
        if widget is None or isinstance(field.widget, widget):
            continue
        picker = widget(attrs=dict(field.widget.attrs))
        picker.is_required = field.widget.is_required
        picker.choices = field.choices  # type: ignore[assignment]
        field.widget = picker
