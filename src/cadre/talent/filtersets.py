"""One filter set per model of the reserve, for its list page, its API and its selectors."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.core.filtersets import IdFilter, ScopedFilterSet
from cadre.people.filtersets import EmployeeFilter
from cadre.talent.choices import EntryStatus, MatchStatus, Source, VacancyStatus
from cadre.talent.models import Match, ReserveEntry, Vacancy


class ReserveEntryFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=EntryStatus.choices, label=_("status"))
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("source"))
    post_group = django_filters.CharFilter(label=_("post group"))
    national = django_filters.BooleanFilter(
        field_name="organisation", lookup_expr="isnull", label=_("national reserve")
    )
    employee = EmployeeFilter(field_name="employee_id", label=_("employee"))
    expires_before = django_filters.DateFilter(
        field_name="expires_on", lookup_expr="lte", label=_("expires by")
    )

    class Meta:
        model = ReserveEntry
        fields = ["q", "organisation", "post_group", "status", "source", "national", "employee"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        return queryset.filter(
            Q(employee__last_name__icontains=value)
            | Q(employee__first_name__icontains=value)
            | Q(candidate__last_name__icontains=value)
            | Q(candidate__first_name__icontains=value)
            | Q(source_ref__icontains=value)
        )


class VacancyFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(
        field_name="post__title", lookup_expr="icontains", label=_("Search")
    )
    status = django_filters.ChoiceFilter(choices=VacancyStatus.choices, label=_("status"))
    post_group = django_filters.CharFilter(field_name="post__category", label=_("post group"))

    class Meta:
        model = Vacancy
        fields = ["q", "organisation", "status", "post_group"]


class MatchFilterSet(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=MatchStatus.choices, label=_("status"))
    vacancy = IdFilter(field_name="vacancy_id", label=_("vacancy"))
    entry = IdFilter(field_name="entry_id", label=_("reserve entry"))
    run = django_filters.CharFilter(label=_("matching run"))

    class Meta:
        model = Match
        fields = ["status", "vacancy", "entry", "run"]
