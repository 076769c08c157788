from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cadre.core.api.serializers import ScopedRelatedField, StrictModelSerializer, TextsField
from cadre.orgs.models import Organisation, Post


class OrganisationSerializer(StrictModelSerializer):
    parent: Any = ScopedRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    url = serializers.HyperlinkedIdentityField(view_name="v1:organisation-detail")
    names = TextsField(
        required=False,
        help_text='The name in other languages, e.g. {"kk": "…", "vi": "…"} (decision 0044).',
    )
    display_name = serializers.CharField(
        read_only=True, help_text="The name in the request's language, else the main name."
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "url",
            "name",
            "names",
            "display_name",
            "code",
            "kind",
            "parent",
            "country",
            "path",
            "depth",
        ]
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
