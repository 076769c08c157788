"""drf-spectacular: the schema class and extensions for Cadre's own classes."""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from cadre.core import reasons
from cadre.core.api.permissions import METHOD_ACTIONS
from cadre.core.api.serializers import StrictSerializerMixin


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True,
        help_text="The input field at fault (dotted when nested); null for the whole request.",
    )
    code = serializers.CharField(help_text="A stable machine-readable reason.")
    message = serializers.CharField(help_text="A sentence in the language of the request.")


class ErrorSerializer(serializers.Serializer):
    """The one error body of the API (``cadre.core.api.errors``)."""

    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    errors = ErrorItemSerializer(many=True)  # type: ignore[assignment]


ERROR_DESCRIPTIONS = {
    "400": "The request is refused: a field, a query parameter or the body is invalid.",
    "401": "No valid credentials: give `Authorization: Token <key>`.",
    "403": "Signed in, but not allowed to do this here.",
    "404": "Not found, or outside what the caller may see.",
    "409": "Refused because of the state of the object (in use, already published, has children…).",
    "429": "Too many requests; try again later.",
}

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

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> Any:
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(serializer, StrictSerializerMixin):
            schema["additionalProperties"] = False  # unknown fields are refused (400)
        return schema

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        """The operation's own responses, and the error responses it may give, each with
        the one ``Error`` body: 400 where the request carries a body or query parameters,
        401 and 403 where it needs a signed-in caller, 404 where the path names an object,
        409 where a write acts on an existing object, 429 where the view is throttled."""
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self.error_statuses():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses

    def error_statuses(self) -> list[str]:
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        names_object = "{" in self.path
        query = any(p.get("in") == "query" for p in self._get_parameters())
        public = all(isinstance(p, AllowAny) for p in self.view.get_permissions())
        throttled = bool(self.view.get_throttles()) or getattr(self.view, "may_throttle", False)
        codes = []
        if writes or query:
            codes.append("400")
        if not public:
            codes += ["401", "403"]
        if names_object:
            codes.append("404")
        if writes and names_object and not public:
            codes.append("409")
        if throttled:
            codes.append("429")
        return codes

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
