from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cadre.core.api.serializers import ScopedRelatedField, StrictModelSerializer
from cadre.orgs.models import Organisation, Post


class OrganisationSerializer(StrictModelSerializer):
    parent: Any = ScopedRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    url = serializers.HyperlinkedIdentityField(view_name="v1:organisation-detail")

    class Meta:
        model = Organisation
        fields = ["id", "url", "name", "code", "kind", "parent", "country", "path", "depth"]
        read_only_fields = ["path", "depth"]


class PostSerializer(StrictModelSerializer):
    organisation: Any = ScopedRelatedField(queryset=Organisation.objects.all())
    filled = serializers.IntegerField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="v1:post-detail")

    class Meta:
        model = Post
        fields = [
            "id",
            "url",
            "organisation",
            "code",
            "title",
            "category",
            "salary_min",
            "salary_max",
            "currency",
            "positions",
            "filled",
            "is_digital_lead",
            "is_head",
        ]
