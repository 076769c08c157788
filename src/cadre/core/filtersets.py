from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from django_filters.filters import ModelMultipleChoiceFilter

from cadre.core.choices import JobStatus
from cadre.core.labels import job_kind_choices
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


class StrictBooleanSelect(forms.NullBooleanSelect):
    """Hands the field what was sent (Django's widget turns an unknown value into None)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = data.get(name)
        return None if value in (None, "", "unknown") else value


class StrictBooleanField(forms.NullBooleanField):
    """``true``/``false`` (and ``1``/``0``, ``yes``/``no``); anything else is an error, not
    "no filter" (Django's field reads an unknown value as None)."""

    widget = StrictBooleanSelect

    # "2" and "3" are what Django's yes/no select posts.
    TRUE = {"true", "1", "yes", "on", "2"}
    FALSE = {"false", "0", "no", "off", "3"}

    def to_python(self, value: Any) -> Any:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError(_("Enter true or false."), code="invalid")

    def validate(self, value: Any) -> None:
        pass


class ScopedFilterSet(django_filters.FilterSet):
    """The base of every FilterSet (one per model, for its list page, its API and its
    selectors). A filter on a related object offers only the objects the user may see, so
    an id out of their scope is refused exactly like one that does not exist; a yes/no
    filter refuses values it cannot read instead of ignoring them. Invalid values are a 400
    naming the parameter in the API, and an empty list with the error on the page."""

    def __init__(
        self,
        data: Any = None,
        queryset: Any = None,
        *,
        request: Any = None,
        prefix: str | None = None,
    ) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for f in self.filters.values():
            if isinstance(f, django_filters.BooleanFilter):
                f.field_class = StrictBooleanField
            elif isinstance(f, django_filters.ModelChoiceFilter | ModelMultipleChoiceFilter):
                current: Any = f.queryset
                model = getattr(current, "model", None)
                if model is not None and hasattr(model.objects, "restrict"):
                    f.queryset = model.objects.restrict(user, "view")


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


class AuditEventFilterSet(ScopedFilterSet):
    object_type = django_filters.CharFilter(label=_("Object type"))
    object_id = django_filters.CharFilter(label=_("Object id"))
    action = django_filters.CharFilter(label=_("Action"))
    actor = django_filters.CharFilter(field_name="actor_repr", label=_("Actor"))
    since = DateTimeFilter(field_name="occurred_at", lookup_expr="gte", label=_("Since"))
    until = DateTimeFilter(field_name="occurred_at", lookup_expr="lt", label=_("Until"))

    class Meta:
        model = AuditEvent
        fields = ["object_type", "object_id", "action", "actor", "since", "until"]


class JobFilterSet(ScopedFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=JobStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=job_kind_choices, label=_("Kind"))

    class Meta:
        model = Job
        fields = ["status", "kind"]
