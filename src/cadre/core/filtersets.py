from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from cadre.core.choices import JobStatus
from cadre.core.models import AuditEvent, Job

# PostgreSQL refuses a time zone displacement of 16 hours or more ("time zone displacement
# out of range"); Python takes up to 23:59. No time zone is that far from UTC (the farthest
# are -12:00 and +14:00).
MAX_UTC_OFFSET = dt.timedelta(hours=16)


class DateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time whose UTC offset every database accepts."""

    def to_python(self, value: Any) -> dt.datetime | None:
        result: dt.datetime | None = super().to_python(value)
        offset = result.utcoffset() if result is not None else None
        if offset is not None and abs(offset) >= MAX_UTC_OFFSET:
            raise ValidationError(
                _("Enter a UTC offset between -15:59 and +15:59."), code="invalid_offset"
            )
        return result


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    """The date-and-time filter of every FilterSet (``DateTimeField``)."""

    field_class = DateTimeField


# The range of a 64-bit integer column (every id) on every database.
ID_MIN, ID_MAX = -(2**63), 2**63 - 1


class IdField(forms.IntegerField):
    """A whole number that an id column can hold: anything else is refused (400, naming the
    parameter) before the database sees it, rather than overflowing SQLite's or
    PostgreSQL's integer (a 500)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", ID_MIN)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """``?<name>=<id>``: the filter of every id given as a number (``field_name="user_id"``)."""

    field_class = IdField  # type: ignore[assignment]


class AuditEventFilterSet(django_filters.FilterSet):
    object_type = django_filters.CharFilter(label=_("Object type"))
    object_id = django_filters.CharFilter(label=_("Object id"))
    action = django_filters.CharFilter(label=_("Action"))
    actor = django_filters.CharFilter(field_name="actor_repr", label=_("Actor"))
    since = DateTimeFilter(field_name="occurred_at", lookup_expr="gte", label=_("Since"))
    until = DateTimeFilter(field_name="occurred_at", lookup_expr="lt", label=_("Until"))

    class Meta:
        model = AuditEvent
        fields = ["object_type", "object_id", "action", "actor", "since", "until"]


class JobFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=JobStatus.choices, label=_("Status"))
    kind = django_filters.CharFilter(label=_("Kind"))

    class Meta:
        model = Job
        fields = ["status", "kind"]
