from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from cadre.core.choices import JobStatus
from cadre.core.models import AuditEvent, Job


class AuditEventFilterSet(django_filters.FilterSet):
    object_type = django_filters.CharFilter(label=_("Object type"))
    object_id = django_filters.CharFilter(label=_("Object id"))
    action = django_filters.CharFilter(label=_("Action"))
    actor = django_filters.CharFilter(field_name="actor_repr", label=_("Actor"))
    since = django_filters.IsoDateTimeFilter(
        field_name="occurred_at", lookup_expr="gte", label=_("Since")
    )
    until = django_filters.IsoDateTimeFilter(
        field_name="occurred_at", lookup_expr="lt", label=_("Until")
    )

    class Meta:
        model = AuditEvent
        fields = ["object_type", "object_id", "action", "actor", "since", "until"]


class JobFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=JobStatus.choices, label=_("Status"))
    kind = django_filters.CharFilter(label=_("Kind"))

    class Meta:
        model = Job
        fields = ["status", "kind"]
