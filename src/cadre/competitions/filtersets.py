from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from cadre.competitions.choices import ApplicantKind, ApplicationState, Stage
from cadre.competitions.models import Application, Competition
from cadre.core.filtersets import IdFilter, ScopedFilterSet


class CompetitionFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("stage"))

    class Meta:
        model = Competition
        fields = ["q", "organisation", "stage"]


class ApplicationFilterSet(ScopedFilterSet):
    competition = IdFilter(field_name="competition_id", label=_("competition"))
    state = django_filters.ChoiceFilter(choices=ApplicationState.choices, label=_("state"))
    kind = django_filters.ChoiceFilter(choices=ApplicantKind.choices, label=_("applicant"))

    class Meta:
        model = Application
        fields = ["competition", "state", "kind"]
