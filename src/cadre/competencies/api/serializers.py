from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cadre.competencies.models import (
    Competency,
    Crosswalk,
    Framework,
    FrameworkVersion,
    PositionProfile,
    ProficiencyLevel,
    ProfileVersion,
    Requirement,
)
from cadre.core.api.serializers import (
    ANY_OBJECT,
    TEXTS_SCHEMA,
    ScopedRelatedField,
    StrictModelSerializer,
    StrictSerializer,
    TextsField,
    json_field,
)
from cadre.orgs.models import Organisation


class FrameworkSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    names = TextsField()
    descriptions = TextsField()
    published_version = serializers.SerializerMethodField()

    class Meta:
        model = Framework
        fields = ["id", "code", "name", "names", "descriptions", "published_version"]

    def get_published_version(self, obj: Framework) -> int | None:
        return next((v.pk for v in obj.versions.all() if v.status == "published"), None)


class LevelSerializer(serializers.ModelSerializer):
    names = TextsField(read_only=True)
    descriptors = TextsField(read_only=True)

    class Meta:
        model = ProficiencyLevel
        fields = ["rank", "code", "names", "descriptors"]


class CompetencySerializer(serializers.ModelSerializer):
    parent: Any = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text=_("The parent's code; null for a top-level competency."),
    )
    names = TextsField(read_only=True)
    descriptions = TextsField(read_only=True)
    indicators = json_field(
        {
            "type": "object",
            "additionalProperties": TEXTS_SCHEMA,
            "description": "How the competency shows at each level: {rank: {language: text}}.",
        },
        read_only=True,
    )

    class Meta:
        model = Competency
        fields = ["id", "code", "parent", "is_category", "names", "descriptions", "indicators"]


class FrameworkVersionSerializer(serializers.ModelSerializer):
    framework: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    levels = LevelSerializer(many=True, read_only=True)
    competencies = CompetencySerializer(many=True, read_only=True)

    class Meta:
        model = FrameworkVersion
        fields = [
            "id",
            "framework",
            "number",
            "status",
            "published_at",
            "notes",
            "levels",
            "competencies",
        ]


class FrameworkImportSerializer(StrictSerializer):
    framework = json_field(ANY_OBJECT, help_text="A framework in the cadre.framework/1 format.")
    publish = serializers.BooleanField(default=False)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RequirementSerializer(serializers.ModelSerializer):
    competency = serializers.SerializerMethodField()

    class Meta:
        model = Requirement
        fields = ["competency", "level", "weight"]

    def get_competency(self, obj: Requirement) -> str:
        return f"{obj.competency.framework.code}:{obj.competency.code}"


class ProfileVersionSerializer(serializers.ModelSerializer):
    requirements = RequirementSerializer(many=True, read_only=True)

    class Meta:
        model = ProfileVersion
        fields = [
            "id",
            "profile",
            "number",
            "status",
            "legal_document",
            "legal_date",
            "effective_from",
            "requirements",
        ]


class RequirementInputSerializer(StrictSerializer):
    competency = serializers.CharField(help_text="FRAMEWORK:CODE, e.g. DG:SA.1")
    level = serializers.IntegerField(min_value=1)
    weight = serializers.IntegerField(min_value=1, max_value=100, default=1)


class ProfileVersionCreateSerializer(StrictSerializer):
    legal_document = serializers.CharField(max_length=255)
    legal_date = serializers.DateField()
    effective_from = serializers.DateField(required=False, allow_null=True, default=None)
    in_force = serializers.BooleanField(default=False)
    requirements = RequirementInputSerializer(many=True)


class PositionProfileSerializer(StrictModelSerializer):
    organisation: Any = ScopedRelatedField(queryset=Organisation.objects.all(), action="add")

    class Meta:
        model = PositionProfile
        fields = ["id", "organisation", "code", "title"]


class CrosswalkSerializer(serializers.ModelSerializer):
    source: Any = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField()

    class Meta:
        model = Crosswalk
        fields = ["id", "source", "source_level", "target", "target_level", "note"]

    def get_source(self, obj: Crosswalk) -> str:
        return f"{obj.source.framework.code}:{obj.source.code}"

    def get_target(self, obj: Crosswalk) -> str:
        return f"{obj.target.framework.code}:{obj.target.code}"


class CrosswalkCreateSerializer(StrictSerializer):
    source: Any = serializers.CharField(help_text="FRAMEWORK:CODE, e.g. DG:SA.1")
    source_level = serializers.IntegerField(min_value=1)
    target = serializers.CharField(help_text="FRAMEWORK:CODE of another framework")
    target_level = serializers.IntegerField(min_value=1)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
