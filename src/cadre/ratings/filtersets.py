from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.core.filtersets import ScopedFilterSet
from cadre.orgs.filtersets import WithinFilter
from cadre.ratings.models import ServicePoint, ServiceType


class ServicePointFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    within = WithinFilter(path_field="organisation__path")

    class Meta:
        model = ServicePoint
        fields = ["q", "within"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))


class ServiceTypeFilterSet(ScopedFilterSet):
    class Meta:
        model = ServiceType
        fields = ["code"]
