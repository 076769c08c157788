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
from cadre.people.privacy import personal_data_q


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
        """A part of the last or first name, or the whole personal identifier (kept
        encrypted, decision 0038). The identifier matches only the people whose personal
        data the caller sees (``people.privacy.personal_data_q``), as on the people list:
        to a pay reader without the ``personal`` class it names nobody, so a search cannot
        confirm whose identifier it is."""
        value = value.strip()
        user = getattr(self.request, "user", None)
        by_id = Q(employee__personal_id=value) & personal_data_q(user, via="employee__")
        return queryset.filter(
            Q(employee__last_name__icontains=value)
            | Q(employee__first_name__icontains=value)
            | by_id
        )

    def within(self, queryset: QuerySet[Any], name: str, value: Organisation) -> QuerySet[Any]:
        return queryset.filter(employee__organisation__path__startswith=value.path)


class RuleFilterSet(ScopedFilterSet):
    code = django_filters.CharFilter(field_name="code", lookup_expr="iexact", label=_("code"))

    class Meta:
        model = Rule
        fields = ["code", "organisation"]
