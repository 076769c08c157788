from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadre.assessments.choices import AppraiserRole
from cadre.assessments.models import Attempt, Campaign, Evidence, GapCell, Proficiency, Test
from cadre.core.api.serializers import (
    ANY_OBJECT,
    ScopedRelatedField,
    StrictModelSerializer,
    StrictSerializer,
    json_field,
)
from cadre.core.translated import pick
from cadre.orgs.models import Organisation
from cadre.people.models import Employee


class ProficiencySerializer(serializers.ModelSerializer):
    framework: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    basis = json_field(
        {
            "type": "object",
            "additionalProperties": {"type": "integer"},
            "description": "The latest level from each instrument that counted.",
        },
        read_only=True,
    )

    class Meta:
        model = Proficiency
        fields = ["employee", "framework", "code", "level", "basis", "computed_at"]


class EvidenceSerializer(serializers.ModelSerializer):
    framework: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "employee",
            "framework",
            "code",
            "level",
            "instrument",
            "source",
            "observed_at",
        ]


class TestSerializer(serializers.ModelSerializer):
    class Meta:
        model = Test
        fields = ["id", "organisation", "code", "title", "minutes", "pass_mark", "is_open"]


class DrawnQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    options = serializers.ListField(child=serializers.CharField())


class DrawnSectionSerializer(serializers.Serializer):
    section = serializers.IntegerField()
    questions = DrawnQuestionSerializer(many=True)


class SectionResultSerializer(serializers.Serializer):
    section = serializers.IntegerField()
    title = serializers.CharField()
    correct = serializers.IntegerField()
    of = serializers.IntegerField()
    pass_mark = serializers.IntegerField()
    passed = serializers.BooleanField()


class AttemptSerializer(serializers.ModelSerializer):
    questions = serializers.SerializerMethodField(
        help_text="The questions drawn, by section, in the reader's language (no answers)."
    )
    answers = json_field(
        {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "integer"}},
            "description": "Question id → the option indexes given.",
        },
        read_only=True,
    )
    sections = SectionResultSerializer(many=True, read_only=True)

    class Meta:
        model = Attempt
        fields = [
            "id",
            "test",
            "employee",
            "status",
            "started_at",
            "deadline",
            "submitted_at",
            "questions",
            "answers",
            "correct",
            "sections",
            "passed",
        ]

    @extend_schema_field(DrawnSectionSerializer(many=True))
    def get_questions(self, obj: Attempt) -> list[dict[str, Any]]:
        from cadre.assessments.models import Question

        by_id = Question.objects.in_bulk([q for part in obj.draw for q in part["questions"]])
        return [
            {
                "section": part["section"],
                "questions": [
                    {
                        "id": qid,
                        "kind": by_id[qid].kind,
                        "text": pick(by_id[qid].text),
                        "options": [pick(o) for o in by_id[qid].options],
                    }
                    for qid in part["questions"]
                ],
            }
            for part in obj.draw
        ]


class AttemptSubmitSerializer(StrictSerializer):
    answers = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text="Question id → option indexes (for ordering: every option, in order).",
    )


class AppraisalSerializer(StrictSerializer):
    employee: Any = ScopedRelatedField(queryset=Employee.objects.all())
    role = serializers.ChoiceField(choices=AppraiserRole.choices)
    levels = serializers.DictField(
        child=serializers.IntegerField(), help_text="Competency id → level."
    )


class GapSerializer(serializers.Serializer):
    competency = serializers.CharField()
    name = serializers.CharField()
    required: Any = serializers.IntegerField()
    weight = serializers.IntegerField()
    current = serializers.IntegerField(allow_null=True)
    shortfall = serializers.IntegerField()


class PersonGapsSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    standard_version = serializers.IntegerField(allow_null=True)
    fit = serializers.FloatField(allow_null=True)
    gaps = GapSerializer(many=True)


class GapCellSerializer(serializers.ModelSerializer):
    framework: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = GapCell
        fields = [
            "organisation",
            "framework",
            "code",
            "people",
            "below",
            "shortfall",
            "required",
            "computed_at",
        ]


class QuestionsImportSerializer(StrictSerializer):
    organisation: Any = ScopedRelatedField(queryset=Organisation.objects.all(), action="add")
    framework = serializers.CharField(help_text="The framework code the banks' competencies use.")
    banks = json_field(ANY_OBJECT, help_text="The cadre.questions/1 document.")


class CampaignProgressSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    people = serializers.IntegerField()
    test_done = serializers.IntegerField()
    self_done = serializers.IntegerField()
    manager_done = serializers.IntegerField()
    feedback_asked = serializers.IntegerField()
    feedback_answered = serializers.IntegerField()


class CampaignSerializer(StrictModelSerializer):
    organisation: Any = ScopedRelatedField(queryset=Organisation.objects.all(), action="add")
    test: Any = ScopedRelatedField(queryset=Test.objects.all(), required=False, allow_null=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "organisation",
            "title",
            "test",
            "self_assessment",
            "manager_assessment",
            "feedback",
            "peers",
            "closes_on",
            "status",
            "launched_at",
            "closed_at",
            "progress",
        ]
        read_only_fields = ["status", "launched_at", "closed_at"]

    @extend_schema_field(CampaignProgressSerializer(many=True))
    def get_progress(self, obj: Campaign) -> list[dict[str, Any]]:
        from cadre.assessments.campaigns.progress import campaign_progress

        return [
            {
                "organisation": row.organisation.pk,
                "people": row.people,
                "test_done": row.test_done,
                "self_done": row.self_done,
                "manager_done": row.manager_done,
                "feedback_asked": row.asked,
                "feedback_answered": row.answered,
            }
            for row in campaign_progress(obj)
        ]


class FeedbackAnswerSerializer(StrictSerializer):
    levels = serializers.DictField(
        child=serializers.IntegerField(), help_text="Competency id → level."
    )
