from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cadre.core.api.serializers import (
    ScopedRelatedField,
    StrictModelSerializer,
    StrictSerializer,
    TextsField,
)
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.ratings.choices import Channel, NeedMet, Outcome
from cadre.ratings.models import COMMENT_MAX, EmployeeScore, ServicePoint, ServiceType


class InteractionReportSerializer(StrictSerializer):
    """A completed service interaction, as a back-office system reports it."""

    external_id = serializers.CharField(
        max_length=100,
        help_text="The interaction's id in your system; reporting it again returns the same token.",
    )
    service_point: Any = ScopedRelatedField(queryset=ServicePoint.objects.all())
    service_type: Any = serializers.SlugRelatedField(
        slug_field="code", queryset=ServiceType.objects.all()
    )
    employees: Any = ScopedRelatedField(queryset=Employee.objects.all(), many=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    occurred_at = serializers.DateTimeField(required=False)
    citizen_id = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="The citizen's phone number or identifier; kept only as a keyed hash, for "
        "the caps and the conflict-of-interest check.",
    )


class RatingTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    url = serializers.URLField()
    qr_svg = serializers.CharField(help_text="The link as a QR code, an inline SVG element.")
    expires_at = serializers.DateTimeField()
    created = serializers.BooleanField()


class RatingSubmitSerializer(StrictSerializer):
    token = serializers.CharField(max_length=64)
    overall = serializers.IntegerField(min_value=1, max_value=5)
    time_taken = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    waiting = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    courtesy = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    clarity = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    premises = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    need_met = serializers.ChoiceField(choices=NeedMet.choices, required=False, allow_blank=True)
    comment = serializers.CharField(max_length=COMMENT_MAX, required=False, allow_blank=True)


class RatingReceivedSerializer(serializers.Serializer):
    received = serializers.BooleanField()


class ServiceTypeSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="v1:servicetype-detail")
    name = serializers.CharField(read_only=True, help_text="The name in the request's language.")
    names = TextsField(help_text='The name per language, e.g. {"ru": "…", "en": "…"}.')

    class Meta:
        model = ServiceType
        fields = ["id", "url", "code", "name", "names"]


class ServicePointSerializer(StrictModelSerializer):
    organisation: Any = ScopedRelatedField(queryset=Organisation.objects.all())
    url = serializers.HyperlinkedIdentityField(view_name="v1:servicepoint-detail")
    names = TextsField(
        required=False,
        help_text='The name in other languages, e.g. {"kk": "…", "vi": "…"} (decision 0044).',
    )
    display_name = serializers.CharField(
        read_only=True, help_text="The name in the request's language, else the main name."
    )

    class Meta:
        model = ServicePoint
        fields = ["id", "url", "organisation", "code", "name", "names", "display_name", "address"]


class EmployeeScoreSerializer(StrictModelSerializer):
    class Meta:
        model = EmployeeScore
        fields = [
            "employee",
            "computed_at",
            "links",
            "answered",
            "ratings",
            "negatives",
            "expected",
            "ratio",
            "ratio_low",
            "ratio_high",
            "p_worse",
            "reliably_worse",
            "mean",
        ]


class CaseMixCellSerializer(serializers.Serializer):
    service_type = serializers.CharField(help_text="The service type's name.")
    service_type_id = serializers.IntegerField()
    channel = serializers.CharField()
    outcome = serializers.CharField()
    ratings = serializers.IntegerField(help_text="Counted ratings in this cell.")
    network_rate = serializers.FloatField(help_text="The network's negative rate of the cell.")
    expected = serializers.FloatField(
        help_text="Negatives expected: ratings × network rate × the body's effect."
    )


class BodyEffectSerializer(serializers.Serializer):
    body = serializers.IntegerField()
    effect = serializers.FloatField(help_text="How harshly the body's public rates (1: as all).")
    effect_low = serializers.FloatField()
    effect_high = serializers.FloatField()


class MyRatingSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    computed_at = serializers.DateTimeField()
    counted_until = serializers.DateTimeField()
    ratings = serializers.IntegerField()
    negatives = serializers.IntegerField(help_text="Observed negative ratings (1 or 2).")
    expected = serializers.FloatField(help_text="Negatives expected of comparable officials.")
    ratio = serializers.FloatField()
    ratio_low = serializers.FloatField(help_text="The 90% interval's lower end.")
    ratio_high = serializers.FloatField(help_text="The 90% interval's upper end.")
    p_worse = serializers.FloatField()
    reliably_worse = serializers.BooleanField()
    min_ratings = serializers.IntegerField()
    worse_ratio = serializers.FloatField()
    worse_probability = serializers.FloatField()
    case_mix = CaseMixCellSerializer(many=True)
    bodies = BodyEffectSerializer(many=True, help_text="The comparison group's body effects.")
