from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.core.filtersets import ScopedFilterSet
from cadre.orgs.filtersets import PickedFilter, WithinFilter
from cadre.orgs.models import Organisation
from cadre.people import selectors
from cadre.people.choices import EducationLevel
from cadre.people.models import Employee
from cadre.people.privacy import personal_data_q
from cadre.people.widgets import EmployeePicker

SEARCH_SORT_MAX = 200_000

FIGURE_CHOICES = [
    ("headcount", _("Headcount")),
    ("it_headcount", _("IT-unit staff")),
    ("it_without_it_specialty", _("IT staff without an IT specialty")),
    ("concurrent_it_duties", _("Concurrent IT duties")),
    *((f"it_level_{value}", label) for value, label in EducationLevel.choices),
]


def EmployeeFilter(**kwargs: Any) -> PickedFilter:
    """``?<name>=<person id>`` drawn as the person picker (other apps' filter sets)."""
    return PickedFilter(model=Employee, picker=EmployeePicker, **kwargs)


class PeopleWithinFilter(WithinFilter):
    """``?within=<organisation id>``: the people who count in that organisation's subtree
    (their main post in force is there; without one, they are on its books)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(path_field="organisation__path", **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        root = Organisation.objects.filter(pk=value).values_list("path", flat=True).first()
        if root is None:
            return qs.none()
        return selectors.counted_within(qs, root)


class EmployeeFilterSet(ScopedFilterSet):
    """Also the drill-down behind every registry indicator (same query fragments)."""

    few_matches = False  # set by ``search`` when it found at most SEARCH_SORT_MAX people

    q = django_filters.CharFilter(method="search", label=_("Search"))
    within = PeopleWithinFilter()
    figure = django_filters.ChoiceFilter(
        choices=FIGURE_CHOICES, method="filter_figure", label=_("Counted in the figure")
    )
    it_staff = django_filters.BooleanFilter(method="filter_it_staff", label=_("In an IT unit"))
    it_specialty = django_filters.BooleanFilter(
        method="filter_it_specialty", label=_("Has an IT specialty")
    )
    it_level = django_filters.ChoiceFilter(
        choices=EducationLevel.choices,
        method="filter_it_level",
        label=_("Highest IT education"),
    )
    concurrent_it = django_filters.BooleanFilter(
        method="filter_concurrent_it", label=_("Concurrent IT duty")
    )
    is_active = django_filters.BooleanFilter(label=_("In service"))

    class Meta:
        model = Employee
        fields = [
            "q",
            "within",
            "figure",
            "it_staff",
            "it_specialty",
            "it_level",
            "concurrent_it",
            "is_active",
        ]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """The exact personal identifier, or people whose last or first name starts with
        each of the words, in any case ("ахмет дин" finds Ахметова Динара). Prefixes, not
        substrings: the expression indexes of migration people 0005 serve them at a
        million people. The identifier matches only people whose personal data the caller
        sees (``privacy.personal_data_q``): to anybody else it is just a word that names
        nobody, so a manager cannot confirm an identifier by searching for it."""
        words = value.split()
        if not words:
            return queryset
        name_q = Q()
        for word in words:
            name_q &= Q(last_name__istartswith=word) | Q(first_name__istartswith=word)
        by_id = Q(personal_id=value.strip()) & personal_data_q(getattr(self.request, "user", None))
        found = queryset.filter(by_id | name_q)
        # Sorted by name with a page limit, PostgreSQL would rather walk the name index from
        # "A" and test every row than look up the matches, which a prefix search puts all
        # in one place of that index (0.9 s at a million people). When the matches are not
        # too many, the list sorts them by an expression no index provides instead.
        self.few_matches = found.count() <= SEARCH_SORT_MAX
        return found

    def filter_figure(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return selectors.figure_rows(queryset, value)

    def filter_it_staff(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        it = selectors.it_staff(queryset)
        return it if value else queryset.exclude(pk__in=it.values("pk"))

    def filter_it_specialty(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        return selectors.with_it_specialty(queryset, value)

    def filter_it_level(self, queryset: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return selectors.with_highest_it_level(queryset, int(value))

    def filter_concurrent_it(
        self, queryset: QuerySet[Any], name: str, value: bool
    ) -> QuerySet[Any]:
        it = selectors.with_concurrent_it_duty(queryset)
        return it if value else queryset.exclude(pk__in=it.values("pk"))
