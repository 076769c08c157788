from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.accounts.choices import Role
from cadre.accounts.models import RoleAssignment, User
from cadre.accounts.widgets import UserPicker
from cadre.core.filtersets import ScopedFilterSet
from cadre.orgs.filtersets import PickedFilter
from cadre.orgs.models import Organisation


class UserFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    role = django_filters.ChoiceFilter(
        choices=Role.choices, field_name="role_assignments__role", distinct=True, label=_("Role")
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
        )


class RoleAssignmentFilterSet(ScopedFilterSet):
    role = django_filters.MultipleChoiceFilter(choices=Role.choices, label=_("Role"))
    user = PickedFilter(model=User, picker=UserPicker, field_name="user_id", label=_("User"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Organisation")
    )

    class Meta:
        model = RoleAssignment
        fields = ["role", "user", "organisation"]
