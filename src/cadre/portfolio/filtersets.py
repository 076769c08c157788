from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.core.filtersets import ScopedFilterSet
from cadre.portfolio.choices import Decision, OverlapState, Stage, SystemKind
from cadre.portfolio.models import Capability, Overlap, System


class SystemFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=SystemKind.choices, label=_("kind"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("stage"))
    capability = django_filters.ModelChoiceFilter(
        queryset=Capability.objects.all(),
        field_name="capabilities",
        to_field_name="code",
        label=_("capability"),
    )

    class Meta:
        model = System
        fields = ["q", "owner", "capability", "stage", "kind"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))


class OverlapFilterSet(ScopedFilterSet):
    state = django_filters.ChoiceFilter(choices=OverlapState.choices, label=_("state"))
    decision = django_filters.ChoiceFilter(choices=Decision.choices, label=_("decision"))
    waiting = django_filters.BooleanFilter(method="waiting_q", label=_("waiting for a decision"))

    class Meta:
        model = Overlap
        fields = ["state", "decision", "waiting"]

    def waiting_q(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        waiting = Q(state__in=[OverlapState.OPEN, OverlapState.REOPENED])
        return queryset.filter(waiting) if value else queryset.exclude(waiting)
