from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.competencies.models import Framework, FrameworkVersion, PositionProfile, ProfileVersion
from cadre.core.filtersets import ScopedFilterSet
from cadre.orgs.filtersets import WithinFilter


class FrameworkFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Framework
        fields = ["q"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(code__iexact=value.strip())


class PositionProfileFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    within = WithinFilter(path_field="organisation__path")

    class Meta:
        model = PositionProfile
        fields = ["q", "within"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(title__icontains=value) | Q(code__iexact=value))


class FrameworkVersionFilterSet(ScopedFilterSet):
    class Meta:
        model = FrameworkVersion
        fields = ["framework", "status"]


class ProfileVersionFilterSet(ScopedFilterSet):
    class Meta:
        model = ProfileVersion
        fields = ["profile", "status"]
