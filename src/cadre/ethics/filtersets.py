"""One filter set per model of ethics control, for its list page and its API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from cadre.core.filtersets import IdFilter, ScopedFilterSet
from cadre.ethics.choices import CaseState, GiftDecision, Outcome, RelationKind, ReviewState
from cadre.ethics.models import Case, Declaration, Gift


class DeclarationFilterSet(ScopedFilterSet):
    employee = IdFilter(field_name="employee_id", label=_("employee"))
    kind = django_filters.ChoiceFilter(choices=RelationKind.choices, label=_("relation"))
    review_state = django_filters.ChoiceFilter(choices=ReviewState.choices, label=_("review"))

    class Meta:
        model = Declaration
        fields: list[str] = []


class GiftFilterSet(ScopedFilterSet):
    employee = IdFilter(field_name="employee_id", label=_("employee"))
    decision = django_filters.ChoiceFilter(choices=GiftDecision.choices, label=_("decision"))

    class Meta:
        model = Gift
        fields: list[str] = []


class CaseFilterSet(ScopedFilterSet):
    employee = IdFilter(field_name="employee_id", label=_("employee"))
    state = django_filters.ChoiceFilter(choices=CaseState.choices, label=_("state"))
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("outcome"))

    class Meta:
        model = Case
        fields: list[str] = []
