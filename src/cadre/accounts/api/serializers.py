from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cadre.accounts.choices import Role
from cadre.accounts.models import ApiToken, RoleAssignment, User
from cadre.core.api.serializers import ScopedRelatedField, StrictModelSerializer, StrictSerializer
from cadre.orgs.models import Organisation


class RoleAssignmentSerializer(StrictModelSerializer):
    user = ScopedRelatedField(queryset=User.objects.all())
    organisation = ScopedRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    organisation_name = serializers.CharField(
        source="organisation.name",
        read_only=True,
        allow_null=True,
        help_text=_("Null for a national role."),
    )

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "role", "organisation", "organisation_name", "created_at"]
        read_only_fields = ["created_at"]


class NestedRoleSerializer(serializers.ModelSerializer[RoleAssignment]):
    organisation_name = serializers.CharField(
        source="organisation.name",
        read_only=True,
        allow_null=True,
        help_text=_("Null for a national role."),
    )

    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "organisation", "organisation_name"]


class UserSerializer(serializers.ModelSerializer[User]):
    roles = NestedRoleSerializer(source="role_assignments", many=True, read_only=True)
    # Blank is the site's default language: the schema must allow it (a read-only field
    # derived from the model would not).
    language = serializers.ChoiceField(
        choices=[("", "")] + [(code, name) for code, name in settings.LANGUAGES],
        allow_blank=True,
        read_only=True,
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "language",
            "roles",
        ]
        read_only_fields = fields


class MeUpdateSerializer(StrictSerializer):
    language = serializers.ChoiceField(
        choices=[("", "")] + [(code, name) for code, name in settings.LANGUAGES],
        allow_blank=True,
        help_text=_("The language of your notices; blank: the site's default."),
    )


class UserCreateSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, max_length=128)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=Role.choices, help_text=_("The user's first role."))
    organisation: Any = ScopedRelatedField(
        queryset=Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("Where the first role applies; empty for a national role."),
    )


class ApiTokenSerializer(StrictModelSerializer):
    days = serializers.IntegerField(
        write_only=True,
        required=False,
        min_value=1,
        max_value=366,
        help_text=_("How many days the token stays valid (1–366)."),
    )

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "days"]
        read_only_fields = ["prefix", "created_at", "expires_at", "last_used_at"]


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.SerializerMethodField(help_text=_("The secret; shown only this once."))

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]

    def get_key(self, obj: Any) -> str:
        return str(self.context.get("key", ""))
