"""Filters of the pay lists (page and export)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.core.filtersets import ScopedFilterSet
from cadre.orgs.choices import Currency
from cadre.orgs.models import Organisation
from cadre.pay.models import Rule, Salary


class SalaryFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(),
        method="within",
        label=_("organisation (and below)"),
    )
    currency = django_filters.ChoiceFilter(choices=Currency.choices, label=_("currency"))
    valid_from = django_filters.DateFromToRangeFilter(label=_("from"))

    class Meta:
        model = Salary
        fields = ["q", "organisation", "currency", "valid_from"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        return queryset.filter(
            Q(employee__last_name__icontains=value)
            | Q(employee__first_name__icontains=value)
            | Q(employee__personal_id=value)  # kept encrypted: the whole identifier (0038)
        )

    def within(self, queryset: QuerySet[Any], name: str, value: Organisation) -> QuerySet[Any]:
        return queryset.filter(employee__organisation__path__startswith=value.path)


class RuleFilterSet(ScopedFilterSet):
    code = django_filters.CharFilter(field_name="code", lookup_expr="iexact", label=_("code"))

    class Meta:
        model = Rule
        fields = ["code", "organisation"]
