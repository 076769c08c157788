from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.core.filtersets import IdFilter, ScopedFilterSet
from cadre.kpi.choices import Direction, Source
from cadre.kpi.models import Achievement, Actual, Assignment, Definition, Period, PeriodKind


class DefinitionFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    origin = django_filters.ChoiceFilter(choices=Source.choices, label=_("source"))
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("direction"))
    period_kind = django_filters.ChoiceFilter(choices=PeriodKind.choices, label=_("period kind"))

    class Meta:
        model = Definition
        fields = ["q", "origin", "direction", "period_kind", "owner"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        return queryset.filter(Q(code__icontains=value) | Q(names__icontains=value))


class AssignmentFilterSet(ScopedFilterSet):
    period = django_filters.ModelChoiceFilter(
        queryset=Period.objects.all(), to_field_name="code", label=_("period")
    )
    kpi = django_filters.CharFilter(field_name="definition__code", label=_("KPI code"))
    parent = IdFilter(field_name="parent", label=_("cascaded from"))

    class Meta:
        model = Assignment
        fields = ["period", "kpi", "organisation", "employee", "parent"]


class ActualFilterSet(ScopedFilterSet):
    period = django_filters.ModelChoiceFilter(
        queryset=Period.objects.all(),
        field_name="assignment__period",
        to_field_name="code",
        label=_("period"),
    )
    kpi = django_filters.CharFilter(field_name="assignment__definition__code", label=_("KPI code"))
    origin = django_filters.ChoiceFilter(choices=Source.choices, label=_("source"))
    unconfirmed = django_filters.BooleanFilter(method="waiting", label=_("awaiting confirmation"))

    class Meta:
        model = Actual
        fields = ["period", "kpi", "origin", "unconfirmed"]

    def waiting(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        waiting = Q(origin=Source.MANUAL, confirmed_at__isnull=True)
        return queryset.filter(waiting) if value else queryset.exclude(waiting)


class AchievementFilterSet(ScopedFilterSet):
    period = django_filters.ModelChoiceFilter(
        queryset=Period.objects.all(), to_field_name="code", label=_("period")
    )

    class Meta:
        model = Achievement
        fields = ["period", "employee"]
