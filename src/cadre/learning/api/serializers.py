from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadre.core.api.serializers import ScopedRelatedField, StrictSerializer, TextsField
from cadre.learning.choices import CourseFormat, TargetKind
from cadre.learning.models import (
    Certificate,
    Course,
    Enrolment,
    LearningPlan,
    Session,
    TrainingTarget,
)
from cadre.orgs.choices import Currency
from cadre.orgs.models import Organisation
from cadre.people.models import Employee


class OutcomeSerializer(serializers.Serializer):
    competency = serializers.CharField(help_text="FRAMEWORK:CODE")
    level = serializers.IntegerField()


class CourseSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="__str__", read_only=True)
    titles = TextsField(read_only=True)
    description = serializers.CharField(read_only=True)
    descriptions = TextsField(read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    outcomes = serializers.SerializerMethodField()
    prerequisites: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "provider",
            "code",
            "title",
            "titles",
            "description",
            "descriptions",
            "hours",
            "format",
            "cost",
            "currency",
            "languages",
            "certificate_months",
            "outcomes",
            "prerequisites",
        ]

    @extend_schema_field(OutcomeSerializer(many=True))
    def get_outcomes(self, obj: Course) -> list[dict[str, Any]]:
        return [
            {"competency": f"{o.competency.framework.code}:{o.competency.code}", "level": o.level}
            for o in obj.outcomes.select_related("competency__framework")
        ]


class CourseCreateSerializer(StrictSerializer):
    provider: Any = ScopedRelatedField(queryset=Organisation.objects.all())
    code = serializers.CharField(max_length=64)
    titles = TextsField()
    descriptions = TextsField(required=False, default=dict)
    hours = serializers.IntegerField(min_value=1, max_value=10000)
    format = serializers.ChoiceField(choices=CourseFormat.choices)
    cost = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal(0), default=Decimal(0)
    )
    currency = serializers.ChoiceField(choices=Currency.choices)
    languages = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    outcomes = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    prerequisites = serializers.ListField(
        child=serializers.CharField(), required=False, default=list
    )
    certificate_months = serializers.IntegerField(
        min_value=1, max_value=240, required=False, allow_null=True, default=None
    )


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "course", "starts_on", "ends_on", "capacity", "location", "online"]


class SessionCreateSerializer(StrictSerializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    capacity = serializers.IntegerField(min_value=1, max_value=10000)
    location = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    online = serializers.BooleanField(default=False)


class EnrolmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enrolment
        fields = ["id", "session", "employee", "status", "attended_hours", "score", "completed_at"]


class EnrolmentCreateSerializer(StrictSerializer):
    session: Any = ScopedRelatedField(queryset=Session.objects.all())
    employee: Any = ScopedRelatedField(queryset=Employee.objects.all())


class ResultSerializer(StrictSerializer):
    employee = serializers.IntegerField()
    passed = serializers.BooleanField()
    attended_hours = serializers.IntegerField(min_value=0, default=0)
    score = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)


class CertificateSerializer(serializers.ModelSerializer):
    course: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Certificate
        fields = ["id", "employee", "course", "identifier", "issued_on", "expires_on", "revoked_at"]


class CertificateCheckSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["valid", "expired", "revoked", "forged", "unknown"])
    holder = serializers.CharField(allow_null=True)
    course = serializers.CharField(allow_null=True)
    issued_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)


class PlanItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    course = serializers.CharField(allow_null=True)
    closes = serializers.CharField()
    due_on = serializers.DateField()
    done = serializers.BooleanField()


class LearningPlanSerializer(serializers.ModelSerializer):
    items = serializers.SerializerMethodField()

    class Meta:
        model = LearningPlan
        fields = ["id", "employee", "status", "due_on", "created_at", "approved_at", "items"]

    @extend_schema_field(PlanItemSerializer(many=True))
    def get_items(self, obj: LearningPlan) -> Any:
        from cadre.learning.plans import item_done

        return PlanItemSerializer(
            [
                {
                    "position": i.position,
                    "course": i.course.code if i.course else None,
                    "closes": i.code,
                    "due_on": i.due_on,
                    "done": item_done(i, obj.employee),
                }
                for i in obj.items.select_related("course").order_by("position")
            ],
            many=True,
        ).data


class PlanCreateSerializer(StrictSerializer):
    employee: Any = ScopedRelatedField(queryset=Employee.objects.all())
    due_on = serializers.DateField()


class TargetProgressSerializer(serializers.Serializer):
    reached = serializers.IntegerField()
    goal = serializers.IntegerField()
    per_month = serializers.FloatField()
    forecast = serializers.IntegerField(help_text="Reached by the due date at this pace.")
    on_track = serializers.BooleanField()


class TrainingTargetSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = TrainingTarget
        fields = [
            "id",
            "organisation",
            "title",
            "kind",
            "course",
            "code",
            "level",
            "target",
            "due_on",
            "progress",
        ]

    @extend_schema_field(TargetProgressSerializer())
    def get_progress(self, obj: TrainingTarget) -> dict[str, Any]:
        from cadre.learning.plans import target_progress

        p = target_progress(obj)
        return {
            "reached": p.reached,
            "goal": p.goal,
            "per_month": p.per_month,
            "forecast": p.forecast,
            "on_track": p.on_track,
        }


class TargetCreateSerializer(StrictSerializer):
    organisation: Any = ScopedRelatedField(queryset=Organisation.objects.all())
    title = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=TargetKind.choices)
    course: Any = ScopedRelatedField(queryset=Course.objects.all(), required=False, allow_null=True)
    competency = serializers.CharField(required=False, allow_blank=True, default="")
    level = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    target = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    due_on = serializers.DateField()
