from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.core.fields import subtree_q
from cadre.orgs.models import Organisation
from cadre.ratings.models import ServicePoint


class ServicePointFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    within = django_filters.NumberFilter(method="filter_within", label=_("Within (id)"))

    class Meta:
        model = ServicePoint
        fields = ["q", "within"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))

    def filter_within(self, queryset: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        root = Organisation.objects.filter(pk=value).values_list("path", flat=True).first()
        if root is None:
            return queryset.none()
        return queryset.filter(subtree_q("organisation__path", root))
