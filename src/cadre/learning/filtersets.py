from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.competencies.selectors import competency_choices
from cadre.core.filtersets import ScopedFilterSet
from cadre.learning.choices import CourseFormat
from cadre.learning.models import (
    Certificate,
    Course,
    CourseOutcome,
    Enrolment,
    LearningPlan,
    Session,
    TrainingTarget,
)


def _built() -> list[tuple[str, str]]:
    """The competencies some course builds, as ``(code, "FRAMEWORK:CODE name")``."""
    codes = set(CourseOutcome.objects.values_list("competency__code", flat=True))
    return sorted({(key.partition(":")[2], label) for key, label in competency_choices(codes)})


class CourseFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    format = django_filters.ChoiceFilter(choices=CourseFormat.choices, label=_("format"))
    competency = django_filters.ChoiceFilter(
        method="builds", label=_("builds competency"), choices=lambda: _built()
    )

    class Meta:
        model = Course
        fields = ["q", "format", "competency"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(code__icontains=value.strip()) | queryset.filter(
            titles__icontains=value.strip()
        )

    def builds(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(outcomes__competency__code=value.strip()).distinct()


class SessionFilterSet(ScopedFilterSet):
    class Meta:
        model = Session
        fields = ["course"]


class EnrolmentFilterSet(ScopedFilterSet):
    class Meta:
        model = Enrolment
        fields = ["session", "employee", "status"]


class CertificateFilterSet(ScopedFilterSet):
    class Meta:
        model = Certificate
        fields = ["employee", "course"]


class LearningPlanFilterSet(ScopedFilterSet):
    class Meta:
        model = LearningPlan
        fields = ["employee", "status"]


class TrainingTargetFilterSet(ScopedFilterSet):
    class Meta:
        model = TrainingTarget
        fields = ["organisation", "kind"]
