from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.learning.choices import CourseFormat
from cadre.learning.models import Course


class CourseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    format = django_filters.ChoiceFilter(choices=CourseFormat.choices, label=_("format"))
    competency = django_filters.CharFilter(method="builds", label=_("builds competency (code)"))

    class Meta:
        model = Course
        fields = ["q", "format", "competency"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(code__icontains=value.strip()) | queryset.filter(
            titles__icontains=value.strip()
        )

    def builds(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(outcomes__competency__code=value.strip()).distinct()
