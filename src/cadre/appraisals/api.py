"""The appraisals API: appraisals of the people in your scope (and your own), recorded one at
a time and deleted (with a reason) when recorded by mistake; the bodies' requirements."""

from __future__ import annotations

from rest_framework import serializers

from cadre.appraisals import services
from cadre.appraisals.choices import Result
from cadre.appraisals.filtersets import AppraisalFilterSet, AppraisalRequirementFilterSet
from cadre.appraisals.models import Appraisal, AppraisalRequirement
from cadre.core.api.serializers import ScopedRelatedField, StrictModelSerializer
from cadre.core.api.viewsets import CadreModelViewSet
from cadre.orgs.models import Organisation
from cadre.people.models import Employee


class PerformanceAppraisalSerializer(StrictModelSerializer):
    employee = ScopedRelatedField(queryset=Employee._default_manager.all())
    # The scale's values; the service refuses others naming the field.
    result = serializers.CharField(max_length=16, help_text=", ".join(Result.values))
    year = serializers.IntegerField(min_value=1, max_value=9999)
    # Set by the service: "manual" here, "imported" by an import (a plain string, so that the
    # schema keeps KPI's "origin" enum its name).
    origin = serializers.CharField(read_only=True, help_text="manual, imported")

    class Meta:
        model = Appraisal
        fields = [
            "id",
            "employee",
            "year",
            "result",
            "assessed_on",
            "assessed_by",
            "basis",
            "origin",
            "file_name",
            "file_sha256",
        ]
        read_only_fields = ["origin", "file_name", "file_sha256"]


class AppraisalRequirementSerializer(StrictModelSerializer):
    organisation = ScopedRelatedField(queryset=Organisation._default_manager.all())
    minimum = serializers.CharField(
        max_length=16, default=Result.EFFECTIVE, help_text=", ".join(Result.values)
    )
    from_year = serializers.IntegerField(min_value=1, max_value=9999)

    class Meta:
        model = AppraisalRequirement
        fields = ["id", "organisation", "from_year", "minimum"]


class AppraisalViewSet(CadreModelViewSet):
    """Annual performance appraisals: one per person and year, results ``exceeds``,
    ``effective``, ``satisfactory``, ``unsatisfactory``. Not changed once recorded: one
    recorded by mistake is deleted, with a reason, and recorded again."""

    scoped_model = Appraisal
    serializer_class = PerformanceAppraisalSerializer
    filterset_class = AppraisalFilterSet
    select_related = ("employee",)
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = services.appraisal_record
    delete_service = services.appraisal_delete
    service_instance_kwarg = "appraisal"


class RequirementViewSet(CadreModelViewSet):
    """Bodies' requirements: from a year on, the people of the organisation's subtree are
    paid a bonus only when assessed at least ``minimum`` for the bonus's year (the nearest
    requirement up the tree wins). Not changed: a new one from a later year replaces it."""

    scoped_model = AppraisalRequirement
    serializer_class = AppraisalRequirementSerializer
    filterset_class = AppraisalRequirementFilterSet
    select_related = ("organisation",)
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = services.requirement_create
    delete_service = services.requirement_delete
    service_instance_kwarg = "requirement"
