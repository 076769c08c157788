"""The analytics API's serializers: a dashboard's figures, the evenness of the measures
across regions, and reports (a request, and the user's reports with their file links).

Every figure is a number as computed by the selectors: counts are integers, ratios and
indices floats (``null`` where undefined), amounts integers in minor units."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadre.analytics.choices import Measure, ReportFormat, ReportKind
from cadre.analytics.models import Report
from cadre.core.api.serializers import StrictSerializer
from cadre.core.api.views import JobSerializer
from cadre.core.filtersets import ID_MAX, ID_MIN

PERIOD_HELP = "A month, YYYY-MM."


class DashboardRegistrySerializer(serializers.Serializer):
    """The registry indicators of the page's first panel."""

    headcount = serializers.IntegerField()
    it_headcount = serializers.IntegerField()
    it_without_it_specialty = serializers.IntegerField()
    it_units = serializers.IntegerField()
    positions = serializers.IntegerField()
    vacancies = serializers.IntegerField(help_text="Vacant places: Σ max(0, positions − filled).")


class DashboardPartSerializer(DashboardRegistrySerializer):
    """An organisation right under the dashboard's (each opens its own dashboard)."""

    organisation = serializers.IntegerField()
    organisation_name = serializers.CharField()


class DashboardMeasureValueSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(choices=Measure.choices)
    name = serializers.CharField()
    value = serializers.FloatField(
        allow_null=True, help_text="Σ numerator / Σ denominator over the bodies; a ratio."
    )


class DashboardGapSerializer(serializers.Serializer):
    framework = serializers.CharField(source="framework.code")
    code = serializers.CharField()
    people = serializers.IntegerField(help_text="People required.")
    below = serializers.IntegerField(help_text="People below the required level.")


class DashboardTargetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    organisation = serializers.IntegerField(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation.display_name")
    target = serializers.IntegerField(allow_null=True)
    due_on = serializers.DateField()


class DashboardBonusFundSerializer(serializers.Serializer):
    """An approved allocation run of a bonus fund (amounts in minor units)."""

    run = serializers.IntegerField(source="id")
    fund = serializers.IntegerField(source="fund_id")
    fund_name = serializers.CharField(source="fund.name")
    fund_amount = serializers.IntegerField()
    allocated = serializers.IntegerField()
    currency = serializers.CharField()
    people = serializers.IntegerField()
    paid = serializers.IntegerField(help_text="People paid.")


class DashboardRatingsMonthSerializer(serializers.Serializer):
    month = serializers.DateField()
    ratings = serializers.IntegerField()
    negatives = serializers.IntegerField()


class DashboardProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DashboardCountSerializer(serializers.Serializer):
    name = serializers.CharField()
    count = serializers.IntegerField()


class DashboardEthicsSerializer(serializers.Serializer):
    declarations = serializers.IntegerField(help_text="Declarations in force.")
    due = serializers.IntegerField(help_text="Declarations due for confirmation.")
    overdue = serializers.IntegerField()
    cases = serializers.IntegerField()
    undecided = serializers.IntegerField(help_text="Cases awaiting a decision.")
    outcomes = DashboardCountSerializer(many=True)
    sanctions = DashboardCountSerializer(many=True)
    median_days = serializers.FloatField(allow_null=True, help_text="Opening to decision.")


class DashboardSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    organisation_name = serializers.CharField()
    scale = serializers.ChoiceField(choices=["country", "region", "body"])
    period = serializers.CharField(
        allow_null=True,
        help_text="The month of the measures' snapshot (YYYY-MM); null before the first.",
    )
    registry = DashboardRegistrySerializer()
    parts = DashboardPartSerializer(
        many=True, help_text="The organisations right under it (60 at most)."
    )
    measures = DashboardMeasureValueSerializer(many=True)
    gaps = DashboardGapSerializer(many=True, help_text="The largest competency gaps (10 at most).")
    targets_count = serializers.IntegerField()
    targets = DashboardTargetSerializer(
        many=True, help_text="The first 10 training targets by date."
    )
    bonus_funds = DashboardBonusFundSerializer(
        many=True, help_text="Approved distributions (pay data: only to roles granted it)."
    )
    ratings = DashboardRatingsMonthSerializer(
        many=True, help_text="Counted citizen ratings a month."
    )
    reserve = serializers.IntegerField(help_text="Entries of the talent reserve.")
    open_vacancies = serializers.IntegerField()
    projects_count = serializers.IntegerField()
    projects = DashboardProjectSerializer(many=True, help_text="The first 10 projects by name.")
    ethics = DashboardEthicsSerializer(
        required=False,
        help_text="Only to a caller who sees the ethics data class over the organisation; "
        "absent otherwise.",
    )


class EvennessSpreadSerializer(serializers.Serializer):
    cv = serializers.FloatField(
        allow_null=True, help_text="Coefficient of variation (population standard deviation)."
    )
    gini = serializers.FloatField(allow_null=True)
    max_min = serializers.FloatField(allow_null=True, help_text="Null when the lowest is 0.")


class EvennessRegionSerializer(EvennessSpreadSerializer):
    """A region's value, and the spread and Theil T over its own bodies."""

    region = serializers.IntegerField()
    region_name = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.FloatField()
    denominator = serializers.FloatField()
    units = serializers.IntegerField(help_text="Bodies counted (denominator > 0).")
    units_with_none = serializers.IntegerField(help_text="Bodies counted whose numerator is 0.")
    units_without_data = serializers.IntegerField(help_text="Bodies with denominator 0.")
    theil = serializers.FloatField(allow_null=True, help_text="Theil T over its bodies.")
    share = serializers.FloatField(help_text="Its share of the numerator (S_g).")
    weight = serializers.FloatField(help_text="Its share of the denominator (P_g).")


class EvennessMeasureSerializer(EvennessSpreadSerializer):
    """One measure's evenness across regions: CV, Gini and max/min over the regions' values
    (each region once); Theil T over bodies, split into between and within regions."""

    measure = serializers.ChoiceField(choices=Measure.choices)
    name = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="Σ numerator / Σ denominator.")
    regions_compared = serializers.IntegerField(help_text="Regions with a value.")
    units = serializers.IntegerField()
    units_with_none = serializers.IntegerField(
        help_text="Bodies counted whose numerator is 0 (qualification measures: nobody qualified)."
    )
    units_without_data = serializers.IntegerField()
    theil = serializers.FloatField(allow_null=True)
    theil_between = serializers.FloatField(allow_null=True)
    theil_within = serializers.FloatField(allow_null=True)
    regions = EvennessRegionSerializer(many=True, help_text="The highest value first.")


class EvennessSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(help_text="0: the regions of every country.")
    organisation_name = serializers.CharField()
    period = serializers.CharField(allow_null=True, help_text=PERIOD_HELP)
    periods = serializers.ListField(
        child=serializers.CharField(), help_text="The months with a snapshot, newest first."
    )
    measures = EvennessMeasureSerializer(many=True)


class AnalyticsReportRequestSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    format = serializers.ChoiceField(choices=ReportFormat.choices)
    organisation = serializers.IntegerField(
        min_value=ID_MIN, max_value=ID_MAX, help_text="An organisation of your scope."
    )


class AnalyticsReportSerializer(serializers.ModelSerializer[Report]):
    url = serializers.HyperlinkedIdentityField(view_name="v1:analyticsreport-detail")
    organisation = serializers.IntegerField(source="root_id")
    organisation_name = serializers.CharField(source="root.display_name")
    job = JobSerializer(allow_null=True, help_text="The job that makes the file.")
    file = serializers.SerializerMethodField(help_text="The file, once made; null until then.")

    class Meta:
        model = Report
        fields = [
            "id",
            "url",
            "kind",
            "format",
            "organisation",
            "organisation_name",
            "language",
            "requested_at",
            "job",
            "file_name",
            "pages",
            "file",
        ]
        read_only_fields = fields

    @extend_schema_field({**{"type": "string", "format": "uri"}, "nullable": True})
    def get_file(self, report: Report) -> Any:
        if not report.file_name:
            return None
        link = reverse("v1:analyticsreport-file", args=[report.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(link) if request is not None else link
