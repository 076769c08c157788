"""Serializer bases: unknown fields are refused, related objects are looked up in scope."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.validators import UniqueValidator

from cadre.core.scoping import hidden_fields


class StrictSerializerMixin:
    """Refuse input fields the serializer does not know, instead of silently dropping them."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            known = set(self.fields)  # type: ignore[attr-defined]
            unknown = sorted(str(k) for k in data if k not in known)
            if unknown:
                raise ValidationError(
                    {
                        k: [ErrorDetail(str(_("Unknown field.")), code="unknown_field")]
                        for k in unknown
                    }
                )
        return super().to_internal_value(data)  # type: ignore[misc]


class StrictModelSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    """A model's fields of a data class the requesting user may not see
    (``data_fields``, decision 0016) are left out of its answers."""

    def include_extra_kwargs(self, kwargs: Any, extra_kwargs: Any) -> Any:
        """A read-only choice that may be blank keeps saying so: DRF drops ``allow_blank``
        from read-only fields, and the schema then listed only the choices while the
        answers held "" (found by the fuzzer)."""
        blank = kwargs.get("allow_blank", False) and "choices" in kwargs
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        if getattr(instance, "data_fields", None):
            request = self.context.get("request")
            for name in hidden_fields(getattr(request, "user", None), instance):
                data.pop(name, None)
        return data


class StrictSerializer(StrictSerializerMixin, serializers.Serializer):
    pass


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object chosen by id among those the requesting user may see.

    An id outside the user's scope gets the same answer as one that does not exist.
    """

    def __init__(self, *, action: str = "view", **kwargs: Any) -> None:
        self.scope_action = action
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        queryset: Any = super().get_queryset()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return queryset.restrict(user, self.scope_action)


def without_model_validators(serializer: Any) -> Any:
    """Switch off the validators DRF derives from the model — ``UniqueValidator`` on a field,
    ``UniqueTogetherValidator`` and the ``UniqueConstraint`` validators on the serializer —
    so that the service answers instead, with its message and the field it names (DRF
    would refuse first, a constraint with ``"field": null``). The viewset base calls it on
    every serializer it makes (``core/api/viewsets.py``), for every app."""
    target = serializer.child if isinstance(serializer, serializers.ListSerializer) else serializer
    if not isinstance(target, serializers.ModelSerializer):
        return serializer
    target.validators = []
    for field in target.fields.values():
        if not field.read_only:
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
    return serializer


# --- JSON fields with the shape they hold, for the schema -----------------------------------
# A JSONField answers whatever is stored; these say what that is, so that the schema types it.

TEXTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": {"type": "string"},
    "description": 'Text per language code, e.g. {"ru": "…", "kk": "…", "en": "…"}.',
}


@extend_schema_field(TEXTS_SCHEMA)
class TextsField(serializers.JSONField):
    """Text in several languages: ``{"ru": "…", "en": "…"}``."""


def json_field(schema: dict[str, Any], **kwargs: Any) -> serializers.JSONField:
    """A JSON field described by ``schema`` (``{"type": "object", …}``)."""

    @extend_schema_field(schema)
    class Typed(serializers.JSONField):
        pass

    return Typed(**kwargs)


ANY_OBJECT: dict[str, Any] = {"type": "object", "additionalProperties": {}}
