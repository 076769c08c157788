from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.core.fields import subtree_q
from cadre.core.filtersets import IdFilter, ScopedFilterSet
from cadre.orgs import extensions
from cadre.orgs.choices import Currency, OrgKind
from cadre.orgs.models import Organisation, Post
from cadre.orgs.widgets import OrganisationPicker


class PickedFilter(IdFilter):
    """``?<name>=<id>`` of a ``model`` row, drawn as a search picker (``picker``, a
    subclass of ``OrganisationPicker``) over the rows the user may see."""

    def __init__(self, *, model: Any, picker: type[OrganisationPicker], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.picked_model, self.picker = model, picker

    @property
    def field(self) -> Any:
        if not hasattr(self, "_field"):
            parent = getattr(self, "parent", None)  # the filter set, once bound
            user = getattr(getattr(parent, "request", None), "user", None)
            picker = self.picker()
            objects = self.picked_model.objects
            picker.scope = objects.restrict(user, "view") if user is not None else objects.none()
            self.extra["widget"] = picker
        return super().field


class WithinFilter(IdFilter):
    """``?within=<organisation id>``: the rows in that organisation's subtree (none for an
    unknown id); ``path_field`` is the lookup of the row's organisation path."""

    def __init__(self, *, path_field: str, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Within"))
        super().__init__(**kwargs)
        self.path_field = path_field

    @property
    def field(self) -> Any:
        """The id field, drawn as the tree picker over the organisations the user may see."""
        if not hasattr(self, "_field"):
            parent = getattr(self, "parent", None)  # the filter set, once bound
            user = getattr(getattr(parent, "request", None), "user", None)
            picker = OrganisationPicker()
            picker.scope = (
                Organisation.objects.restrict(user, "view")
                if user is not None
                else Organisation.objects.none()
            )
            self.extra["widget"] = picker
        return super().field

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        root = Organisation.objects.filter(pk=value).values_list("path", flat=True).first()
        if root is None:
            return qs.none()
        return qs.filter(subtree_q(self.path_field, root))


class OrganisationFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.MultipleChoiceFilter(choices=OrgKind.choices, label=_("Kind"))
    is_it_unit = django_filters.BooleanFilter(label=_("IT unit"))
    without_it_specialist = django_filters.BooleanFilter(
        method="filter_without_specialist", label=_("IT unit with nobody qualified")
    )
    with_digital_lead = django_filters.BooleanFilter(
        method="filter_with_digital_lead", label=_("Has a digital lead in post")
    )
    parent = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Parent")
    )
    within = WithinFilter(path_field="path")

    class Meta:
        model = Organisation
        fields = [
            "q",
            "kind",
            "is_it_unit",
            "without_it_specialist",
            "with_digital_lead",
            "parent",
            "within",
        ]

    def filter_with_digital_lead(
        self, queryset: QuerySet[Any], name: str, value: bool
    ) -> QuerySet[Any]:
        found = extensions.bodies_with_digital_lead(queryset)
        return found if value else queryset.exclude(pk__in=found.values("pk"))

    def filter_without_specialist(
        self, queryset: QuerySet[Any], name: str, value: bool
    ) -> QuerySet[Any]:
        found = extensions.it_units_without_specialist(queryset)
        return found if value else queryset.exclude(pk__in=found.values("pk"))

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))


class PostFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    within = WithinFilter(path_field="organisation__path")
    vacant = django_filters.BooleanFilter(method="filter_vacant", label=_("Has vacancies"))
    currency = django_filters.ChoiceFilter(choices=Currency.choices, label=_("Currency"))
    is_digital_lead = django_filters.BooleanFilter(label=_("Digital lead"))
    is_head = django_filters.BooleanFilter(label=_("Heads the unit"))

    class Meta:
        model = Post
        fields = ["q", "within", "vacant", "currency", "is_digital_lead", "is_head"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(title__icontains=value) | Q(code__iexact=value))

    def filter_vacant(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        found = extensions.posts_with_vacancies(queryset)
        return found if value else queryset.exclude(pk__in=found.values("pk"))
