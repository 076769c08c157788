"""The candidate's own profile in the API: ``GET``/``PATCH /api/v1/candidates/me/``."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadre.candidates import selectors, services
from cadre.candidates.models import CV_MAX, CandidateProfile
from cadre.core.api.serializers import StrictModelSerializer, StrictSerializer
from cadre.core.choices import AuditSource


class CandidateProfileSerializer(StrictModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    region: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    region_name = serializers.CharField(source="region.name", read_only=True, allow_null=True)

    class Meta:
        model = CandidateProfile
        fields = [
            "email",
            "first_name",
            "last_name",
            "phone",
            "region",
            "region_name",
            "willing_to_relocate",
            "cv",
            "verified_at",
        ]
        read_only_fields = fields


class CandidateProfileUpdateSerializer(StrictSerializer):
    first_name = serializers.CharField(max_length=150, required=False)
    last_name = serializers.CharField(max_length=150, required=False)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    region = serializers.PrimaryKeyRelatedField(
        queryset=selectors.regions(), required=False, allow_null=True
    )
    willing_to_relocate = serializers.BooleanField(required=False)
    cv = serializers.CharField(max_length=CV_MAX, required=False, allow_blank=True)


class CandidateMeView(APIView):
    """The caller's own external candidate profile (404 for anyone who has none)."""

    def _profile(self, request: Request) -> CandidateProfile:
        profile = selectors.profile_of(request.user)
        if profile is None or profile.verified_at is None:
            raise Http404
        return profile

    @extend_schema(responses=CandidateProfileSerializer)
    def get(self, request: Request) -> Response:
        profile = self._profile(request)
        return Response(CandidateProfileSerializer(profile, context={"request": request}).data)

    @extend_schema(request=CandidateProfileUpdateSerializer, responses=CandidateProfileSerializer)
    def patch(self, request: Request) -> Response:
        """Change any of your names, contact phone, preferred region (a country or a
        region), willingness to relocate and short CV."""
        self._profile(request)
        body = CandidateProfileUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changes: dict[str, Any] = dict(body.validated_data)
        services.candidate_profile_update(actor=request.user, source=AuditSource.API, **changes)
        return self.get(request)
