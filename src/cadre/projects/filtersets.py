from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.core.filtersets import ScopedFilterSet
from cadre.people.filtersets import EmployeeFilter
from cadre.projects import selectors
from cadre.projects.choices import ProjectState, Status
from cadre.projects.models import Programme, Project


class ProjectFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    state = django_filters.ChoiceFilter(choices=ProjectState.choices, label=_("state"))
    owner = EmployeeFilter(field_name="owner_id", label=_("accountable owner"))
    status = django_filters.ChoiceFilter(
        choices=Status.choices, method="computed_status", label=_("status")
    )

    class Meta:
        model = Project
        fields = ["q", "organisation", "programme", "state", "status", "owner"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the bodies offered: those that have projects (among those the user sees)
        body: Any = self.filters["organisation"]
        body.queryset = body.queryset.filter(pk__in=Project.objects.values("organisation_id"))

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(goal__icontains=value))

    def computed_status(self, queryset: Any, name: str, value: str) -> QuerySet[Any]:
        return selectors.by_status(queryset, value)


class ProgrammeFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = Programme
        fields = ["q", "organisation"]
