from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.contests.choices import EntryState, Outcome
from cadre.contests.models import Application, Contest
from cadre.core.filtersets import IdFilter, ScopedFilterSet


class ContestFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    published = django_filters.BooleanFilter(label=_("published"))

    class Meta:
        model = Contest
        fields = ["q", "organisation", "published"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class ApplicationFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    contest = IdFilter(field_name="contest_id", label=_("contest"))
    state = django_filters.ChoiceFilter(choices=EntryState.choices, label=_("state"))
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("outcome"))
    flagged = django_filters.BooleanFilter(label=_("jurors disagree"))

    class Meta:
        model = Application
        fields = ["q", "contest", "state", "outcome", "flagged"]
