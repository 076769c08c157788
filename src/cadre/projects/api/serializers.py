from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cadre.core.api.serializers import ScopedRelatedField, StrictModelSerializer, StrictSerializer
from cadre.portfolio import selectors as portfolio
from cadre.projects import selectors
from cadre.projects.choices import Evidence, ProjectState, Status
from cadre.projects.models import Member, Milestone, OutcomeKpi, Programme, Project


class ProgrammeSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:projectprogramme-detail")
    organisation: Any = ScopedRelatedField(queryset=selectors.organisations(None), action="add")

    class Meta:
        model = Programme
        fields = ["id", "url", "organisation", "name", "description"]


class ProgrammeChangeSerializer(ProgrammeSerializer):
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)


class MemberSerializer(StrictModelSerializer):
    employee_name = serializers.CharField(source="employee.__str__", read_only=True)

    class Meta:
        model = Member
        fields = ["id", "employee", "employee_name", "role"]
        read_only_fields = fields


class MilestoneSerializer(StrictModelSerializer):
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = [
            "id",
            "name",
            "due",
            "closed_on",
            "evidence_kind",
            "has_file",
            "evidence_link",
            "event_measure",
            "event_threshold",
            "event_value",
        ]
        read_only_fields = fields

    def get_has_file(self, obj: Milestone) -> bool:
        return bool(obj.evidence_file)


class OutcomeKpiSerializer(StrictModelSerializer):
    kpi = serializers.CharField(source="definition.code", read_only=True)
    period_code = serializers.CharField(source="period.code", read_only=True)

    class Meta:
        model = OutcomeKpi
        fields = ["id", "definition", "kpi", "period", "period_code", "target"]
        read_only_fields = fields


class ProjectSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:project-detail")
    organisation: Any = ScopedRelatedField(queryset=selectors.organisations(None), action="add")
    programme: Any = ScopedRelatedField(
        queryset=selectors.programmes(None), required=False, allow_null=True, default=None
    )
    owner: Any = ScopedRelatedField(queryset=selectors.employees(None), allow_null=True)
    sponsor: Any = ScopedRelatedField(
        queryset=selectors.employees(None), required=False, allow_null=True, default=None
    )
    budget = serializers.IntegerField(
        min_value=-(2**63), max_value=2**63 - 1, help_text="In minor units of the currency."
    )
    currency = serializers.CharField(max_length=3, help_text="ISO 4217 code: KZT, RUB, VND, USD.")
    state = serializers.ChoiceField(choices=ProjectState.choices, read_only=True)
    it_system: Any = ScopedRelatedField(
        queryset=portfolio.all_systems(),
        required=False,
        allow_null=True,
        default=None,
        help_text="An IT project's entry in the IT portfolio (of the project's body).",
    )
    capabilities = serializers.ListField(
        child=serializers.CharField(max_length=40),
        max_length=50,
        required=False,
        write_only=True,
        help_text=(
            "An IT project without an entry yet: capability codes of the shared taxonomy; "
            "an IT portfolio entry is registered from the project (check first: "
            "POST /projects/check/)."
        ),
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "url",
            "name",
            "goal",
            "organisation",
            "programme",
            "owner",
            "sponsor",
            "start",
            "planned_end",
            "budget",
            "currency",
            "state",
            "it_system",
            "capabilities",
        ]


class ProjectChangeSerializer(ProjectSerializer):
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)
    it_system = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    capabilities = None  # type: ignore[assignment]

    class Meta(ProjectSerializer.Meta):
        fields = [f for f in ProjectSerializer.Meta.fields if f != "capabilities"]


class ProjectCheckSerializer(StrictSerializer):
    """An IT project before it is registered: what its new portfolio entry would say."""

    organisation: Any = ScopedRelatedField(queryset=selectors.organisations(None), action="add")
    name = serializers.CharField(max_length=255)
    goal = serializers.CharField(max_length=10_000)
    capabilities = serializers.ListField(
        child=serializers.CharField(max_length=40), min_length=1, max_length=50
    )


class ItDuplicateSerializer(serializers.Serializer):
    """An entry of another body's IT portfolio that the project would likely duplicate."""

    system = serializers.IntegerField(source="system.pk")
    name = serializers.CharField(source="system.name")
    owner = serializers.IntegerField(source="system.owner_id")
    owner_name = serializers.CharField(source="system.owner.name")
    score = serializers.FloatField()
    capability_similarity = serializers.FloatField()
    text_similarity = serializers.FloatField()
    shared_capabilities = serializers.ListField(child=serializers.CharField())
    shared_terms = serializers.ListField(child=serializers.CharField())
    reason = serializers.SerializerMethodField()

    def get_reason(self, obj: Any) -> str:
        return portfolio.reason(
            shared_capabilities=obj.shared_capabilities,
            text_similarity=obj.text_similarity,
            shared_terms=obj.shared_terms,
        )


class LinkSystemSerializer(StrictSerializer):
    it_system: Any = ScopedRelatedField(
        queryset=portfolio.all_systems(), required=False, allow_null=True, default=None
    )
    capabilities = serializers.ListField(
        child=serializers.CharField(max_length=40), max_length=50, required=False, default=list
    )


class StatusSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=Status.choices, allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class StateSerializer(StrictSerializer):
    state = serializers.ChoiceField(choices=ProjectState.choices)


class MemberAddSerializer(StrictSerializer):
    employee: Any = ScopedRelatedField(queryset=selectors.employees(None))


class KpiLinkSerializer(StrictSerializer):
    definition: Any = ScopedRelatedField(queryset=selectors.definitions(None))
    period: Any = serializers.SlugRelatedField(slug_field="code", queryset=selectors.periods())
    target = serializers.DecimalField(max_digits=18, decimal_places=4)


class MilestoneAddSerializer(StrictSerializer):
    name = serializers.CharField(max_length=255)
    due = serializers.DateField()


class MilestoneCloseSerializer(StrictSerializer):
    milestone = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    kind = serializers.ChoiceField(choices=Evidence.choices, required=False)
    file = serializers.FileField(required=False)
    link = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    event_measure = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default=""
    )
    event_threshold = serializers.DecimalField(
        max_digits=18, decimal_places=4, required=False, allow_null=True, default=None
    )


class RollupSerializer(StrictSerializer):
    name = serializers.CharField()
    projects = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_state = serializers.DictField(child=serializers.IntegerField())
    budgets = serializers.DictField(
        child=serializers.IntegerField(), help_text="Per currency, in minor units."
    )
    achievement = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True)


class PortfolioSerializer(StrictSerializer):
    total = RollupSerializer()
    programmes = RollupSerializer(many=True)


class HistorySerializer(StrictSerializer):
    occurred_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_repr")
    action = serializers.CharField()
    changes = serializers.DictField()
    reason = serializers.CharField()
