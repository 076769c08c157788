"""One filter set per model of staffing, for its list page, its API and its selectors."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from cadre.core.filtersets import IdFilter, ScopedFilterSet
from cadre.staffing.choices import ScenarioMode, ScenarioStatus, TableStatus
from cadre.staffing.models import (
    GraduateSupply,
    Scenario,
    StaffingLimit,
    StaffingLine,
    StaffingTable,
)


class StaffingTableFilterSet(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=TableStatus.choices, label=_("status"))
    in_force_on = django_filters.DateFilter(method="in_force", label=_("in force on"))

    class Meta:
        model = StaffingTable
        fields = ["organisation", "status", "in_force_on"]

    def in_force(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from cadre.staffing.selectors import in_force_q

        return queryset.filter(in_force_q(value))


class StaffingLineFilterSet(ScopedFilterSet):
    table = IdFilter(field_name="table_id", label=_("staffing table"))
    post = IdFilter(field_name="post_id", label=_("post"))
    is_critical = django_filters.BooleanFilter(label=_("critical"))
    function = django_filters.CharFilter(method="with_function", label=_("function"))

    class Meta:
        model = StaffingLine
        fields = ["table", "post", "is_critical", "function"]

    def with_function(self, queryset, name, value):  # type: ignore[no-untyped-def]
        wanted = value.strip()
        ids = [pk for pk, fs in queryset.values_list("pk", "functions") if wanted in (fs or [])]
        return queryset.filter(pk__in=ids)


class StaffingLimitFilterSet(ScopedFilterSet):
    restricted = django_filters.BooleanFilter(label=_("restricted act"))

    class Meta:
        model = StaffingLimit
        fields = ["organisation", "restricted"]


class ScenarioFilterSet(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=ScenarioStatus.choices, label=_("status"))
    mode = django_filters.ChoiceFilter(choices=ScenarioMode.choices, label=_("mode"))

    class Meta:
        model = Scenario
        fields = ["organisation", "status", "mode"]


class GraduateSupplyFilterSet(ScopedFilterSet):
    year = django_filters.NumberFilter(label=_("year of graduation"))
    family = django_filters.CharFilter(label=_("competency family"))
    institution = django_filters.CharFilter(lookup_expr="icontains", label=_("institution"))

    class Meta:
        model = GraduateSupply
        fields = ["organisation", "year", "family", "institution"]
