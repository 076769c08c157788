from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadre.core.filtersets import ScopedFilterSet
from cadre.people.filtersets import EmployeeFilter
from cadre.privacy.choices import BreachState, Country, ErasureState
from cadre.privacy.models import Breach, DataExport, ErasureRequest, LegalHold


class LegalHoldFilterSet(ScopedFilterSet):
    employee = EmployeeFilter(field_name="employee_id", label=_("employee"))
    in_force = django_filters.BooleanFilter(method="in_force_q", label=_("in force"))

    class Meta:
        model = LegalHold
        fields = ["employee", "in_force"]

    def in_force_q(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        q = Q(released_at__isnull=True) & (
            Q(until__isnull=True) | Q(until__gte=timezone.localdate())
        )
        return queryset.filter(q) if value else queryset.exclude(q)


class ErasureRequestFilterSet(ScopedFilterSet):
    employee = EmployeeFilter(field_name="employee_id", label=_("employee"))
    state = django_filters.ChoiceFilter(choices=ErasureState.choices, label=_("state"))

    class Meta:
        model = ErasureRequest
        fields = ["employee", "state"]


class DataExportFilterSet(ScopedFilterSet):
    employee = EmployeeFilter(field_name="employee_id", label=_("employee"))

    class Meta:
        model = DataExport
        fields = ["employee"]


class BreachFilterSet(ScopedFilterSet):
    state = django_filters.ChoiceFilter(choices=BreachState.choices, label=_("state"))
    country = django_filters.ChoiceFilter(choices=Country.choices, label=_("law"))
    archived = django_filters.BooleanFilter(label=_("archived"))

    class Meta:
        model = Breach
        fields = ["state", "country", "archived"]
