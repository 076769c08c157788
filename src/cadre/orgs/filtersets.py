from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.core.fields import subtree_q
from cadre.orgs.choices import OrgKind
from cadre.orgs.models import Organisation


class OrganisationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.MultipleChoiceFilter(choices=OrgKind.choices, label=_("Kind"))
    parent = django_filters.NumberFilter(field_name="parent_id", label=_("Parent (id)"))
    within = django_filters.NumberFilter(method="filter_within", label=_("Within (id)"))

    class Meta:
        model = Organisation
        fields = ["q", "kind", "parent", "within"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))

    def filter_within(self, queryset: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        root = Organisation.objects.filter(pk=value).values_list("path", flat=True).first()
        if root is None:
            return queryset.none()
        return queryset.filter(subtree_q("path", root))
