from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from cadre.contests import selectors
from cadre.contests.choices import ConflictKind
from cadre.contests.models import Application, Category, Contest, Criterion
from cadre.core.api.serializers import (
    ANY_OBJECT,
    ScopedRelatedField,
    StrictModelSerializer,
    StrictSerializer,
    json_field,
)

ID_MAX = 2**63 - 1
SCORES = {"type": "object", "additionalProperties": {"type": "integer"}}
TEXTS = {"type": "object", "additionalProperties": {"type": "string"}}


class CategorySerializer(StrictModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "name", "winners"]
        read_only_fields = ["id"]


class CriterionSerializer(StrictModelSerializer):
    descriptors = json_field(TEXTS)
    levels = json_field(SCORES, required=False)
    competency = serializers.PrimaryKeyRelatedField(
        queryset=selectors.competencies(),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Criterion
        fields = ["id", "code", "name", "weight", "descriptors", "competency", "levels"]
        read_only_fields = ["id"]


class ContestSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:contest-detail")
    organisation: Any = ScopedRelatedField(queryset=selectors.organisations(), action="add")
    stage = serializers.SerializerMethodField()
    categories = CategorySerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)
    agreement = json_field(
        {"type": "object", "additionalProperties": {"type": "number", "nullable": True}},
        read_only=True,
    )

    class Meta:
        model = Contest
        fields = [
            "id",
            "url",
            "organisation",
            "title",
            "description",
            "applications_open",
            "applications_close",
            "screening_close",
            "scoring_close",
            "final_on",
            "results_on",
            "stage",
            "open_to",
            "max_age",
            "eligibility",
            "scale_max",
            "min_scores",
            "disagreement",
            "winners",
            "finalists",
            "post_group",
            "published",
            "results_at",
            "agreement",
            "categories",
            "criteria",
        ]
        read_only_fields = ["results_at"]

    def get_stage(self, obj: Contest) -> str:
        from cadre.contests.selectors import stage_of

        return stage_of(obj)


class ContestChangeSerializer(ContestSerializer):
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)


class JurorInSerializer(StrictSerializer):
    category = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    user = serializers.IntegerField(min_value=1, max_value=ID_MAX)


class CalibrationInSerializer(StrictSerializer):
    category = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    title = serializers.CharField(max_length=255)
    summary = serializers.CharField(max_length=20_000)


class EntryResultSerializer(StrictSerializer):
    entry = serializers.IntegerField(source="entry_id")
    category = serializers.IntegerField(source="category_id")
    raw_total = serializers.FloatField(source="raw", allow_null=True)
    z_total = serializers.FloatField(source="z", allow_null=True)
    scores = serializers.IntegerField(source="count")
    spread = serializers.FloatField()
    flagged = serializers.BooleanField()
    rank = serializers.IntegerField(allow_null=True)
    outcome = serializers.CharField()


class ResultsSerializer(StrictSerializer):
    published = serializers.BooleanField()
    agreement = json_field(
        {"type": "object", "additionalProperties": {"type": "number", "nullable": True}}
    )
    low_agreement = serializers.ListField(child=serializers.CharField())
    short = serializers.IntegerField()
    entries = EntryResultSerializer(many=True)


@extend_schema_serializer(component_name="ContestEntry")
class ApplicationSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:contestentry-detail")
    has_file = serializers.SerializerMethodField()
    feedback = serializers.SerializerMethodField()
    employee: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    body: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "url",
            "contest",
            "category",
            "applicant",
            "employee",
            "body",
            "title",
            "summary",
            "has_file",
            "file_name",
            "state",
            "is_calibration",
            "submitted_at",
            "screening_note",
            "raw_total",
            "z_total",
            "rank",
            "outcome",
            "flagged",
            "feedback",
        ]
        read_only_fields = fields

    def get_has_file(self, obj: Application) -> bool:
        return bool(obj.file)

    @extend_schema_field(ANY_OBJECT)
    def get_feedback(self, obj: Application) -> dict[str, Any]:
        """Per criterion (once the results are published): the mean score, the category's
        mean and the descriptor of the level."""
        return obj.feedback if obj.contest.results_at else {}


class ApplyInSerializer(StrictSerializer):
    contest = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    category = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    title = serializers.CharField(max_length=255)
    summary = serializers.CharField(max_length=20_000)
    file = serializers.FileField(required=False)


class ScoreInSerializer(StrictSerializer):
    scores = json_field(SCORES)


class DeclareInSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=[ConflictKind.KIN, ConflictKind.OTHER])
    detail = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class ScreenInSerializer(StrictSerializer):
    eligible = serializers.BooleanField()
    note = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
