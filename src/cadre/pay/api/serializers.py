from __future__ import annotations

from typing import Any

from django.apps import apps
from rest_framework import serializers

from cadre.core.api.serializers import ScopedRelatedField, StrictModelSerializer, StrictSerializer
from cadre.orgs.models import Organisation
from cadre.pay.models import Fund, Rule, Run, RunLine, Salary
from cadre.people.models import Employee


class SalarySerializer(StrictModelSerializer):
    employee = ScopedRelatedField(queryset=Employee._default_manager.all())

    class Meta:
        model = Salary
        fields = ["id", "employee", "amount", "currency", "valid_from"]


class RuleSerializer(StrictModelSerializer):
    organisation = ScopedRelatedField(queryset=Organisation._default_manager.all())

    class Meta:
        model = Rule
        fields = [
            "id",
            "organisation",
            "code",
            "version",
            "min_achievement",
            "min_months",
            "period_months",
            "target_share",
            "max_factor",
            "cap_salaries",
            "rounding_unit",
        ]
        read_only_fields = ["version"]


class FundSerializer(StrictModelSerializer):
    organisation = ScopedRelatedField(queryset=Organisation._default_manager.all())
    # The KPI period by its code (the model named through the foreign key: pay imports
    # nothing of kpi's models).
    period: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", queryset=apps.get_model("kpi", "Period")._default_manager.all()
    )
    rule = ScopedRelatedField(queryset=Rule._default_manager.all())

    class Meta:
        model = Fund
        fields = [
            "id",
            "name",
            "organisation",
            "period",
            "rule",
            "amount",
            "currency",
            "component_code",
        ]


class RunParametersSerializer(serializers.Serializer):
    rule = serializers.CharField()
    min_achievement = serializers.CharField()
    min_months = serializers.CharField()
    period_months = serializers.CharField()
    target_share = serializers.CharField()
    max_factor = serializers.CharField()
    cap_salaries = serializers.CharField()
    rounding_unit = serializers.IntegerField()


class RunSerializer(serializers.ModelSerializer):
    batch_id = serializers.CharField(read_only=True)
    parameters = RunParametersSerializer(read_only=True)

    class Meta:
        model = Run
        fields = [
            "id",
            "fund",
            "number",
            "state",
            "corrects",
            "batch_id",
            "parameters",
            "fund_amount",
            "currency",
            "allocated",
            "unallocated",
            "adjustment",
            "iterations",
            "people",
            "paid",
            "proposed_by",
            "proposed_at",
            "approved_by",
            "approved_at",
        ]


class RunLineSerializer(serializers.ModelSerializer):
    difference = serializers.IntegerField(read_only=True, allow_null=True)
    kpi_lines = serializers.ListField(
        child=serializers.DictField(),
        read_only=True,
        help_text="The KPI lines of the achievement as they were when the run was made.",
    )

    class Meta:
        model = RunLine
        fields = [
            "id",
            "run",
            "employee",
            "organisation",
            "body",
            "salary",
            "achievement",
            "kpi_lines",
            "months",
            "reason",
            "ineligible_reason",
            "factor",
            "proration",
            "target",
            "cap",
            "capped",
            "raw",
            "rounding",
            "amount",
            "previous_amount",
            "difference",
        ]


class ProposeSerializer(StrictSerializer):
    corrects = serializers.IntegerField(required=False, allow_null=True)


class WhatIfSerializer(StrictSerializer):
    min_achievement = serializers.DecimalField(max_digits=7, decimal_places=4, required=False)
    min_months = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    period_months = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    target_share = serializers.DecimalField(max_digits=7, decimal_places=4, required=False)
    max_factor = serializers.DecimalField(max_digits=7, decimal_places=4, required=False)
    cap_salaries = serializers.DecimalField(max_digits=7, decimal_places=4, required=False)
    rounding_unit = serializers.IntegerField(min_value=1, required=False)


class BodySumSerializer(serializers.Serializer):
    body = serializers.IntegerField()
    name = serializers.CharField()
    amount = serializers.IntegerField()
    paid = serializers.IntegerField()


class BinSerializer(serializers.Serializer):
    start = serializers.IntegerField(source="from")
    to = serializers.IntegerField()
    people = serializers.IntegerField()


class MoverSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    before = serializers.IntegerField()
    after = serializers.IntegerField()
    difference = serializers.IntegerField()


class WhatIfResultSerializer(serializers.Serializer):
    parameters = serializers.DictField()
    fund = serializers.IntegerField()
    currency = serializers.CharField()
    allocated = serializers.IntegerField()
    unallocated = serializers.IntegerField()
    adjustment = serializers.CharField()
    people = serializers.IntegerField()
    paid = serializers.IntegerField()
    capped = serializers.IntegerField()
    per_body = BodySumSerializer(many=True)
    distribution = BinSerializer(many=True)
    last_run = serializers.IntegerField(allow_null=True)
    gains = serializers.IntegerField()
    losses = serializers.IntegerField()
    movers = MoverSerializer(many=True)
