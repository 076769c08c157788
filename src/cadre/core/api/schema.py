"""drf-spectacular: the schema class and extensions for Cadre's own classes."""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from cadre.core import reasons
from cadre.core.api.permissions import METHOD_ACTIONS

# The viewset actions that take the reason header (``ReasonMixin``); custom ``@action``
# routes of the same viewsets write through services of their own and do not.
REASON_ACTIONS = {"create", "update", "partial_update", "destroy"}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "cadre.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "`Token <key>`; create a key on your profile page or at /api/v1/tokens/."
            ),
        }


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, describing what the serializers really answer.

    A model's text field that may be blank (``EmailField(blank=True)``) answers ``""`` when
    empty. DRF drops ``allow_blank`` from the fields it makes read-only, so the schema would
    promise an address (``format: email``) that ``""`` is not; such a field is described as
    blank-or-formatted, as drf-spectacular already does for writable fields.
    """

    def get_override_parameters(self) -> list[Any]:
        """Every write that records a reason documents the ``X-Cadre-Reason`` header,
        required where the model needs a reason for the action."""
        parameters = list(super().get_override_parameters())
        view: Any = self.view
        if not getattr(view, "takes_reason", False) or view.action not in REASON_ACTIONS:
            return parameters
        action = METHOD_ACTIONS.get(self.method, "change")
        model = getattr(view, "scoped_model", None)
        required = model is not None and reasons.reason_required(model, action)
        parameters.append(
            OpenApiParameter(
                reasons.HEADER,
                str,
                OpenApiParameter.HEADER,
                required=required,
                description=(
                    "Why the change is made, kept in the audit log (`reason` of the audit "
                    f"event); at most {reasons.MAX_LENGTH} characters of UTF-8, "
                    "percent-encoded where the client sends only Latin-1 headers. "
                    + (
                        "Required here: a change made by hand to this record needs its "
                        "reason; without one the answer is 400 with field `reason`."
                        if required
                        else "Optional."
                    )
                ),
            )
        )
        return parameters

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        if _blank_model_text(field):
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)


def _blank_model_text(field: Any) -> bool:
    if not (
        isinstance(field, serializers.CharField)
        and field.read_only
        and not field.allow_blank
        and isinstance(field.source, str)
        and "." not in field.source
    ):
        return False
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None:
        return False
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return False
    return bool(getattr(model_field, "blank", False)) and isinstance(
        model_field, models.CharField | models.TextField
    )
