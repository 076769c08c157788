"""The talent API's serializers: entries, vacancies, matches, the steps' bodies and the
ranked list of a vacancy."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadre.core.api.serializers import (
    ScopedRelatedField,
    StrictModelSerializer,
    StrictSerializer,
    json_field,
)
from cadre.talent import ranking, selectors
from cadre.talent.choices import Source
from cadre.talent.models import Match, ReserveEntry, Vacancy

LEVELS = {
    "type": "object",
    "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 10},
    "description": "What the source measured: {competency code: level}.",
}
GAP = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "required": {"type": "integer"},
        "current": {"type": "integer"},
    },
}
REASONS = {
    "type": "object",
    "properties": {
        "fit": {"type": "number"},
        "competency": {"type": "number"},
        "level": {"type": "number"},
        "region": {"type": "number"},
        "days_in_reserve": {"type": "integer"},
        "gaps": {"type": "array", "items": GAP},
    },
}


@extend_schema_field(OpenApiTypes.INT)
class CandidateField(serializers.PrimaryKeyRelatedField):
    """An external candidate's account, by id."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        if request is None:
            return selectors.no_users()
        return selectors.candidates(request.user)


class ReserveEntrySerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:reserveentry-detail")
    employee: Any = ScopedRelatedField(
        queryset=selectors.all_employees(), required=False, allow_null=True, default=None
    )
    candidate: Any = CandidateField(required=False, allow_null=True, default=None)
    organisation: Any = ScopedRelatedField(
        queryset=selectors.all_organisations(), required=False, allow_null=True, default=None
    )
    region: Any = serializers.PrimaryKeyRelatedField(
        queryset=selectors.all_organisations(), required=False, allow_null=True, default=None
    )
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=Source.choices, source="origin"
    )
    source_ref = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    levels = json_field(LEVELS, required=False, default=dict)
    person = serializers.CharField(source="person_name", read_only=True)
    status = serializers.CharField(
        read_only=True,
        help_text="pending (a nomination awaiting approval), active, appointed, expired, "
        "withdrawn.",
    )
    approved_by: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = ReserveEntry
        fields = [
            "id",
            "url",
            "person",
            "employee",
            "candidate",
            "organisation",
            "post_group",
            "source",
            "source_ref",
            "levels",
            "started_on",
            "expires_on",
            "region",
            "relocation",
            "status",
            "status_reason",
            "approved_by",
        ]
        read_only_fields = ["started_on", "expires_on", "status", "status_reason"]


class ReserveEntryChangeSerializer(ReserveEntrySerializer):
    """A change: the preferences, the measured levels and the source reference only."""

    employee: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    candidate: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    organisation: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    source = serializers.CharField(source="origin", read_only=True)  # type: ignore[assignment]
    levels = json_field(LEVELS, required=False)
    source_ref = serializers.CharField(max_length=100, required=False, allow_blank=True)

    class Meta(ReserveEntrySerializer.Meta):
        read_only_fields = [
            *ReserveEntrySerializer.Meta.read_only_fields,
            "post_group",
        ]


class VacancySerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:vacancy-detail")
    post: Any = ScopedRelatedField(queryset=selectors.all_posts())
    organisation: Any = serializers.PrimaryKeyRelatedField(read_only=True)
    standard: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    filled_by: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    post_group = serializers.CharField(source="post.category", read_only=True)
    status = serializers.CharField(read_only=True, help_text="open, filled, cancelled.")

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "url",
            "post",
            "organisation",
            "post_group",
            "standard",
            "status",
            "opened_on",
            "closed_on",
            "filled_by",
            "status_reason",
        ]
        read_only_fields = ["status", "opened_on", "closed_on", "status_reason"]


class MatchSerializer(StrictModelSerializer):
    reasons = json_field(REASONS, read_only=True)
    reasons_text = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="proposed, accepted, rejected.")
    decided_by: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Match
        fields = [
            "id",
            "vacancy",
            "entry",
            "score",
            "reasons",
            "reasons_text",
            "status",
            "run",
            "decided_by",
            "nominated_until",
        ]
        read_only_fields = fields

    def get_reasons_text(self, obj: Match) -> list[str]:
        return ranking.reasons(obj.reasons)


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500)


class OptionalReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class FillSerializer(StrictSerializer):
    employee: Any = ScopedRelatedField(
        queryset=selectors.all_employees(), required=False, allow_null=True, default=None
    )
    candidate: Any = CandidateField(required=False, allow_null=True, default=None)
    start_date = serializers.DateField()
    reason = serializers.CharField(max_length=500)
    employee_fields = json_field(
        {
            "type": "object",
            "description": "An external candidate's new record: personal_id, birth_date "
            "(YYYY-MM-DD), gender (M/F), phone, middle_name.",
        },
        required=False,
        default=dict,
    )


class FillResultSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    employee = serializers.IntegerField()
    vacancy = VacancySerializer()


class MatchProposeSerializer(StrictSerializer):
    entry: Any = ScopedRelatedField(queryset=selectors.all_entries())


class RankedSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    entry = serializers.IntegerField(source="entry.pk")
    person = serializers.CharField(source="entry.person_name")
    fit = serializers.FloatField()
    competency = serializers.FloatField()
    level = serializers.FloatField()
    region = serializers.FloatField()
    days_in_reserve = serializers.IntegerField(source="days")
    gaps = serializers.ListField(child=json_field(GAP))
    reasons = serializers.ListField(child=serializers.CharField())


class MatchRunSerializer(StrictSerializer):
    within: Any = serializers.PrimaryKeyRelatedField(
        queryset=selectors.all_organisations(), required=False, allow_null=True, default=None
    )
    per_vacancy = serializers.IntegerField(min_value=1, max_value=2000, default=500)


class JobStartedSerializer(serializers.Serializer):
    job = serializers.UUIDField()
    url = serializers.CharField()
