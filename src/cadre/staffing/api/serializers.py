"""The staffing API's serializers: versions, lines, limits (a restricted act's text left
out for whoever may not read it), scenarios and the bodies of their steps."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cadre.core.api.serializers import (
    ScopedRelatedField,
    StrictModelSerializer,
    StrictSerializer,
    json_field,
)
from cadre.staffing import selectors
from cadre.staffing.models import (
    GraduateSupply,
    Scenario,
    StaffingLimit,
    StaffingLine,
    StaffingTable,
)

FUNCTIONS = {"type": "array", "items": {"type": "string", "maxLength": 64}}
RESULTS = {
    "type": "object",
    "description": "The figures computed (docs/staffing.md, 'What a scenario shows'); "
    "empty until computed.",
}


class StaffingTableSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:staffingtable-detail")
    organisation: Any = ScopedRelatedField(queryset=selectors.all_organisations())
    copy_from: Any = ScopedRelatedField(
        queryset=selectors.all_tables(), write_only=True, required=False, allow_null=True
    )
    number = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft, approved.")
    order_file = serializers.SerializerMethodField()

    class Meta:
        model = StaffingTable
        fields = [
            "id",
            "url",
            "organisation",
            "number",
            "status",
            "effective_from",
            "effective_to",
            "order_number",
            "order_date",
            "order_file",
            "approved_at",
            "note",
            "copy_from",
        ]
        read_only_fields = ["effective_to", "order_number", "order_date", "approved_at"]

    def get_order_file(self, obj: StaffingTable) -> bool:
        """Whether the order's file is attached."""
        return bool(obj.order_file)


class ApproveSerializer(StrictSerializer):
    order_number = serializers.CharField(max_length=64)
    order_date = serializers.DateField()
    order_file = serializers.FileField(required=False, allow_null=True, default=None)


class StaffingLineSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:staffingline-detail")
    table: Any = ScopedRelatedField(queryset=selectors.all_tables(), action="change")
    post: Any = ScopedRelatedField(queryset=selectors.all_posts())
    units = serializers.DecimalField(max_digits=8, decimal_places=2)
    functions = json_field(FUNCTIONS, required=False, default=list)

    class Meta:
        model = StaffingLine
        fields = [
            "id",
            "url",
            "table",
            "post",
            "units",
            "grade",
            "salary",
            "supplements",
            "currency",
            "is_critical",
            "functions",
        ]


class StaffingLineChangeSerializer(StaffingLineSerializer):
    table: Any = serializers.PrimaryKeyRelatedField(read_only=True)
    post: Any = serializers.PrimaryKeyRelatedField(read_only=True)
    functions = json_field(FUNCTIONS, required=False)


class StaffingLimitSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:staffinglimit-detail")
    organisation: Any = ScopedRelatedField(queryset=selectors.all_organisations())

    class Meta:
        model = StaffingLimit
        fields = [
            "id",
            "url",
            "organisation",
            "effective_from",
            "headcount",
            "payroll",
            "currency",
            "act_title",
            "act_number",
            "act_date",
            "act_text",
            "restricted",
            "reduction_plan",
        ]

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if (
            "act_text" in data
            and selectors.act_text(getattr(request, "user", None), instance) is None
        ):
            data["act_text"] = ""
        return data


class StaffingLimitChangeSerializer(StaffingLimitSerializer):
    organisation: Any = serializers.PrimaryKeyRelatedField(read_only=True)


class ScenarioSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:scenario-detail")
    organisation: Any = ScopedRelatedField(queryset=selectors.all_organisations())
    functions = json_field(FUNCTIONS, required=False, default=list)
    status = serializers.CharField(read_only=True, help_text="draft, computed, approved, applied.")
    results = json_field(RESULTS, read_only=True)
    approved_by: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    author: Any = serializers.PrimaryKeyRelatedField(
        source="created_by", read_only=True, allow_null=True
    )

    class Meta:
        model = Scenario
        fields = [
            "id",
            "url",
            "organisation",
            "title",
            "mode",
            "status",
            "cut_percent",
            "cut_units",
            "vacant_first",
            "protect_critical",
            "protect_digital_leads",
            "keep_coverage",
            "functions",
            "min_holders",
            "results",
            "computed_at",
            "author",
            "approved_by",
            "approved_at",
            "applied_at",
        ]
        read_only_fields = ["computed_at", "approved_at", "applied_at"]

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        request = self.context.get("request")
        results = data.get("results")
        if isinstance(results, dict) and not selectors.sees_pay(
            getattr(request, "user", None), instance.organisation
        ):
            # The payroll a cut saves is pay data (decision 0036): only to roles granted the
            # pay class over the scenario's organisation, as on its page.
            data["results"] = {k: v for k, v in results.items() if k != "payroll_saved"}
        return data


class ScenarioApproveSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class ApplySerializer(StrictSerializer):
    effective_from = serializers.DateField()


class ScenarioJobSerializer(serializers.Serializer):
    job = serializers.UUIDField()
    url = serializers.CharField()


class GraduateSupplySerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:graduatesupply-detail")
    organisation: Any = ScopedRelatedField(queryset=selectors.all_organisations())
    count = serializers.IntegerField(min_value=0)
    year = serializers.IntegerField()
    family = serializers.CharField(
        max_length=70, help_text="A top category of a published framework: FRAMEWORK:CODE."
    )

    class Meta:
        model = GraduateSupply
        fields = ["id", "url", "organisation", "institution", "year", "family", "count"]
        validators: list[Any] = []  # the service refuses duplicates with its own message


NUMBER: dict[str, Any] = {"max_digits": 14, "decimal_places": 2, "coerce_to_string": False}


class DemandRowSerializer(StrictSerializer):
    """One competency family in one year: the demand and supply lines and the gap."""

    family = serializers.CharField(help_text="FRAMEWORK:CODE; empty: not classified.")
    family_name = serializers.CharField()
    year = serializers.IntegerField()
    posts_planned = serializers.DecimalField(**NUMBER)
    vacant_units = serializers.DecimalField(**NUMBER)
    vacancies_expected = serializers.DecimalField(**NUMBER)
    vacancies_expected_is_trend = serializers.BooleanField()
    retirements = serializers.DecimalField(**NUMBER)
    reserve = serializers.DecimalField(**NUMBER)
    training = serializers.DecimalField(**NUMBER)
    finalists = serializers.DecimalField(**NUMBER)
    graduates = serializers.DecimalField(**NUMBER)
    graduates_is_trend = serializers.BooleanField()
    demand = serializers.DecimalField(**NUMBER)
    supply = serializers.DecimalField(**NUMBER)
    gap = serializers.DecimalField(**NUMBER)


class DemandSerializer(StrictSerializer):
    organisation = serializers.IntegerField()
    organisation_name = serializers.CharField()
    years = serializers.ListField(child=serializers.IntegerField())
    method = serializers.CharField()
    rows = DemandRowSerializer(many=True)
