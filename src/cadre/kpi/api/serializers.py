from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from cadre.core.api.serializers import (
    ScopedRelatedField,
    StrictModelSerializer,
    StrictSerializer,
    TextsField,
    json_field,
)
from cadre.kpi import selectors
from cadre.kpi.choices import Direction, Source, Unit
from cadre.kpi.models import Achievement, Actual, Assignment, Definition, Period, PeriodKind


class KpiPeriodSerializer(StrictModelSerializer):
    period_kind = serializers.ChoiceField(source="kind", choices=PeriodKind.choices)

    class Meta:
        model = Period
        fields = ["id", "code", "period_kind", "start", "end", "frozen_at"]
        read_only_fields = ["frozen_at"]


class KpiDefinitionSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:kpidefinition-detail")
    owner: Any = ScopedRelatedField(queryset=selectors.organisations(None), action="add")
    name = serializers.CharField(read_only=True, help_text="The name in the request's language.")
    names = TextsField(help_text='The name per language, e.g. {"ru": "…", "en": "…"}.')
    measure = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    in_use = serializers.SerializerMethodField()

    class Meta:
        model = Definition
        fields = [
            "id",
            "url",
            "owner",
            "code",
            "version",
            "name",
            "names",
            "unit",
            "direction",
            "period_kind",
            "origin",
            "measure",
            "in_use",
        ]
        read_only_fields = ["version"]

    def get_in_use(self, obj: Definition) -> bool:
        in_use = getattr(obj, "in_use", None)  # annotated by the list (kpi.selectors)
        return bool(obj.assignments.exists() if in_use is None else in_use)


class KpiDefinitionChangeSerializer(StrictSerializer):
    """What a new version changes (the fields left out stay as they are)."""

    names = TextsField(required=False)
    unit = serializers.ChoiceField(choices=Unit.choices, required=False)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices, required=False)
    origin = serializers.ChoiceField(choices=Source.choices, required=False)
    measure = serializers.CharField(max_length=64, required=False, allow_blank=True)


class KpiAssignmentSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:kpiassignment-detail")
    definition: Any = ScopedRelatedField(queryset=selectors.definitions(None))
    period: Any = serializers.SlugRelatedField(slug_field="code", queryset=selectors.periods())
    employee: Any = ScopedRelatedField(
        queryset=selectors.employees(None), required=False, allow_null=True, default=None
    )
    organisation: Any = ScopedRelatedField(
        queryset=selectors.organisations(None), required=False, allow_null=True, default=None
    )
    parent: Any = ScopedRelatedField(
        queryset=selectors.assignments(None), required=False, allow_null=True, default=None
    )
    kpi = serializers.CharField(source="definition.code", read_only=True)
    threshold = serializers.DecimalField(max_digits=18, decimal_places=4)
    target = serializers.DecimalField(max_digits=18, decimal_places=4)
    stretch = serializers.DecimalField(max_digits=18, decimal_places=4)
    weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal(100)
    )

    class Meta:
        model = Assignment
        fields = [
            "id",
            "url",
            "definition",
            "kpi",
            "period",
            "organisation",
            "employee",
            "parent",
            "threshold",
            "target",
            "stretch",
            "weight",
        ]


class KpiAssignmentChangeSerializer(KpiAssignmentSerializer):
    class Meta(KpiAssignmentSerializer.Meta):
        read_only_fields = ["definition", "period", "organisation", "employee"]


class KpiActualSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:kpiactual-detail")
    period = serializers.CharField(source="assignment.period.code", read_only=True)
    kpi = serializers.CharField(source="assignment.definition.code", read_only=True)
    # An actual is a person's or a unit's: the other is null.
    employee = serializers.IntegerField(
        source="assignment.employee_id", read_only=True, allow_null=True
    )
    organisation = serializers.IntegerField(
        source="assignment.organisation_id", read_only=True, allow_null=True
    )
    evidence = serializers.SerializerMethodField(
        help_text="Where the evidence file is downloaded (a manual actual's), or null."
    )
    rows = json_field(
        {
            "type": "object",
            "properties": {
                "model": {"type": "string"},
                "ids": {"type": "array", "items": {"type": "integer"}},
            },
        },
        read_only=True,
    )
    counts = serializers.BooleanField(read_only=True)

    class Meta:
        model = Actual
        fields = [
            "id",
            "url",
            "assignment",
            "period",
            "kpi",
            "employee",
            "organisation",
            "value",
            "origin",
            "source_system",
            "file_name",
            "file_sha256",
            "evidence",
            "rows",
            "note",
            "created_by",
            "confirmed_by",
            "confirmed_at",
            "counts",
        ]
        read_only_fields = fields

    def get_evidence(self, obj: Actual) -> str | None:
        return _evidence_url(obj)


def _evidence_url(obj: Actual) -> str | None:
    from django.urls import reverse

    return reverse("kpi:actual_evidence", args=[obj.pk]) if obj.evidence else None


class KpiActualCreateSerializer(StrictSerializer):
    """An actual for a KPI given to a person (``employee``) or a unit (``organisation``):
    manual ones with their evidence file (multipart), imported ones with their system."""

    period = serializers.CharField(max_length=16)
    kpi = serializers.CharField(max_length=64)
    employee: Any = ScopedRelatedField(
        queryset=selectors.employees(None), required=False, allow_null=True, default=None
    )
    organisation: Any = ScopedRelatedField(
        queryset=selectors.organisations(None), required=False, allow_null=True, default=None
    )
    value = serializers.DecimalField(max_digits=18, decimal_places=4)
    evidence = serializers.FileField(required=False, allow_null=True, default=None)
    source_system = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


LINE_SCHEMA = {"type": "array", "items": {"type": "object"}}


class KpiAchievementSerializer(StrictModelSerializer):
    period = serializers.CharField(source="period.code", read_only=True)
    lines = json_field(LINE_SCHEMA, read_only=True)

    class Meta:
        model = Achievement
        fields = ["id", "employee", "period", "total", "lines", "computed_at"]
        read_only_fields = fields
