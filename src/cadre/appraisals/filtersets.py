from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.appraisals.choices import Origin, Result
from cadre.appraisals.models import Appraisal, AppraisalRequirement
from cadre.core.filtersets import ScopedFilterSet

# A year as the column holds it (a small integer on every database).
YEAR_BOUNDS: dict[str, Any] = {"min_value": 1, "max_value": 9999, "decimal_places": 0}


class AppraisalFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    year = django_filters.NumberFilter(field_name="year", label=_("year assessed"), **YEAR_BOUNDS)
    result = django_filters.ChoiceFilter(choices=Result.choices, label=_("result"))
    origin = django_filters.ChoiceFilter(choices=Origin.choices, label=_("source"))

    class Meta:
        model = Appraisal
        fields = ["q", "year", "result", "origin", "employee"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        return queryset.filter(
            Q(employee__last_name__icontains=value)
            | Q(employee__first_name__icontains=value)
            | Q(assessed_by__icontains=value)
        )


class AppraisalRequirementFilterSet(ScopedFilterSet):
    from_year = django_filters.NumberFilter(
        field_name="from_year", label=_("from year"), **YEAR_BOUNDS
    )
    minimum = django_filters.ChoiceFilter(choices=Result.choices, label=_("minimum result"))

    class Meta:
        model = AppraisalRequirement
        fields = ["organisation", "from_year", "minimum"]
