"""The FilterSets of the assessments app: one per model, for its list page, its API and its
selectors (core.filtersets.ScopedFilterSet)."""

from __future__ import annotations

from cadre.assessments.models import Attempt, Campaign, Evidence, GapCell, Proficiency, Test
from cadre.core.filtersets import ScopedFilterSet


class ProficiencyFilterSet(ScopedFilterSet):
    class Meta:
        model = Proficiency
        fields = ["employee", "code"]


class EvidenceFilterSet(ScopedFilterSet):
    class Meta:
        model = Evidence
        fields = ["employee", "code", "instrument"]


class TestFilterSet(ScopedFilterSet):
    class Meta:
        model = Test
        fields = ["is_open"]


class AttemptFilterSet(ScopedFilterSet):
    class Meta:
        model = Attempt
        fields = ["employee", "test", "status"]


class GapCellFilterSet(ScopedFilterSet):
    class Meta:
        model = GapCell
        fields = ["organisation", "framework", "code"]


class CampaignFilterSet(ScopedFilterSet):
    class Meta:
        model = Campaign
        fields = ["status", "organisation"]
