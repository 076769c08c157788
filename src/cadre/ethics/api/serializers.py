"""The ethics API's serializers: declarations, gifts (value in major units beside the minor
units kept), cases; and the bodies of their steps."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cadre.core.api.serializers import ScopedRelatedField, StrictModelSerializer, StrictSerializer
from cadre.ethics import selectors
from cadre.ethics.choices import (
    AppealOutcome,
    GiftDecision,
    GiftKind,
    Outcome,
    RelationKind,
    SanctionKind,
)
from cadre.ethics.models import Case, Declaration, Gift
from cadre.ethics.services.common import to_major


class DeclarationSerializer(StrictModelSerializer):
    class Meta:
        model = Declaration
        fields = [
            "id",
            "employee",
            "kind",
            "related_employee",
            "related_organisation",
            "description",
            "starts_on",
            "ends_on",
            "confirmed_on",
            "review_state",
            "reviewed_at",
        ]
        read_only_fields = fields


class GiftSerializer(StrictModelSerializer):
    value_major = serializers.SerializerMethodField()

    class Meta:
        model = Gift
        fields = [
            "id",
            "employee",
            "kind",
            "description",
            "received_on",
            "value",
            "value_major",
            "currency",
            "decision",
            "decided_at",
        ]
        read_only_fields = fields

    def get_value_major(self, obj: Gift) -> str:
        return str(to_major(obj.value, obj.currency))


class CaseSerializer(StrictModelSerializer):
    members = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "employee",
            "organisation",
            "grounds",
            "opened_on",
            "explanation_due",
            "explanation",
            "state",
            "outcome",
            "sanction",
            "term_months",
            "sanction_from",
            "sanction_until",
            "legal_basis",
            "decision_text",
            "decided_at",
            "appeal_grounds",
            "appeal_outcome",
            "members",
        ]
        read_only_fields = fields

    def get_members(self, obj: Case) -> list[int]:
        return sorted(m.user_id for m in obj.members.all())


class DeclareSerializer(StrictSerializer):
    employee = ScopedRelatedField(queryset=selectors.all_employees())
    kind = serializers.ChoiceField(choices=RelationKind.choices)
    related_employee = ScopedRelatedField(
        queryset=selectors.all_employees(), required=False, allow_null=True, default=None
    )
    related_organisation = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class DeclarationConfirmSerializer(StrictSerializer):
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class EthicsReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class GiftRegisterSerializer(StrictSerializer):
    employee = ScopedRelatedField(queryset=selectors.all_employees())
    kind = serializers.ChoiceField(choices=GiftKind.choices)
    description = serializers.CharField(max_length=255)
    received_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=17, decimal_places=2, min_value=0)
    currency = serializers.CharField(max_length=3)


class GiftDecideSerializer(EthicsReasonSerializer):
    decision = serializers.ChoiceField(choices=GiftDecision.choices)


class CaseSummarySerializer(CaseSerializer):
    """A case in a list: its state and effect, not its grounds, explanation, decision or
    appeal text — those are read one case at a time, and each such read is audited."""

    class Meta(CaseSerializer.Meta):
        fields = [
            f
            for f in CaseSerializer.Meta.fields
            if f not in ("grounds", "explanation", "decision_text", "appeal_grounds")
        ]


class CaseOpenSerializer(StrictSerializer):
    employee = ScopedRelatedField(queryset=selectors.all_employees())
    grounds = serializers.CharField()
    complainant: Any = serializers.PrimaryKeyRelatedField(
        queryset=selectors.active_users(),
        required=False,
        allow_null=True,
        default=None,
    )
    explanation_due = serializers.DateField(required=False, allow_null=True, default=None)


class CaseExplainSerializer(StrictSerializer):
    explanation = serializers.CharField()


class CaseCommissionSerializer(StrictSerializer):
    members: Any = serializers.PrimaryKeyRelatedField(queryset=selectors.active_users(), many=True)


class CaseDecideSerializer(StrictSerializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    decision_text = serializers.CharField()
    sanction = serializers.ChoiceField(
        choices=SanctionKind.choices, required=False, allow_blank=True, default=""
    )
    term_months = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )


class CaseAppealSerializer(StrictSerializer):
    grounds = serializers.CharField()


class CaseAppealDecideSerializer(EthicsReasonSerializer):
    outcome = serializers.ChoiceField(choices=AppealOutcome.choices)
