from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cadre.core.api.serializers import ScopedRelatedField, StrictModelSerializer
from cadre.orgs.models import Organisation, Post
from cadre.people.models import Assignment, Certification, Education, Employee, Specialty


class EmployeeSerializer(StrictModelSerializer):
    """Personal fields (``Employee.data_fields``) are left out of the response for callers
    who may not see them."""

    organisation: Any = ScopedRelatedField(queryset=Organisation.objects.all())
    current_post = serializers.CharField(read_only=True, allow_null=True)
    has_it_specialty = serializers.BooleanField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="v1:employee-detail")

    class Meta:
        model = Employee
        fields = [
            "id",
            "url",
            "personal_id",
            "last_name",
            "first_name",
            "middle_name",
            "birth_date",
            "gender",
            "email",
            "phone",
            "organisation",
            "is_active",
            "current_post",
            "has_it_specialty",
        ]


class IndicatorsSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    headcount = serializers.IntegerField()
    it_headcount = serializers.IntegerField()
    it_without_it_specialty = serializers.IntegerField()
    share_without_it_specialty = serializers.FloatField(allow_null=True)
    it_by_level = serializers.DictField(child=serializers.IntegerField())
    it_units = serializers.IntegerField()
    it_units_without_specialist = serializers.IntegerField()
    positions = serializers.IntegerField()
    filled = serializers.IntegerField()
    vacancies = serializers.IntegerField(help_text="Vacant places: Σ max(0, positions − filled).")
    posts_with_vacancies = serializers.IntegerField(
        help_text="Posts with vacant places (the rows of `/api/v1/posts/?vacant=true`)."
    )
    concurrent_it_duties = serializers.IntegerField()
    bodies_with_digital_lead = serializers.IntegerField()


class AssignmentSerializer(StrictModelSerializer):
    """A person in a post from a date; close it with ``PATCH {"end_date": …}``."""

    employee: Any = ScopedRelatedField(queryset=Employee.objects.all())
    post: Any = ScopedRelatedField(queryset=Post.objects.all())

    class Meta:
        model = Assignment
        fields = ["id", "employee", "post", "kind", "start_date", "end_date"]


class AssignmentEndSerializer(StrictModelSerializer):
    end_date = serializers.DateField()

    class Meta:
        model = Assignment
        fields = ["end_date"]


class EducationSerializer(StrictModelSerializer):
    employee: Any = ScopedRelatedField(queryset=Employee.objects.all())
    specialty: Any = serializers.SlugRelatedField(
        slug_field="code", queryset=Specialty.objects.all()
    )
    is_it = serializers.BooleanField(source="specialty.is_it", read_only=True)

    class Meta:
        model = Education
        fields = ["id", "employee", "level", "specialty", "is_it", "institution", "year"]


class CertificationSerializer(StrictModelSerializer):
    employee: Any = ScopedRelatedField(queryset=Employee.objects.all())

    class Meta:
        model = Certification
        fields = ["id", "employee", "name", "issuer", "number", "issued_on", "expires_on"]
