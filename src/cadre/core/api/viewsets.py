"""The API viewset base: a new model needs a serializer, a filterset and its services."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ErrorDetail, NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from cadre.core import reasons
from cadre.core.access import may
from cadre.core.api.permissions import action_for
from cadre.core.api.serializers import without_model_validators
from cadre.core.choices import AuditSource
from cadre.core.filtersets import ID_MAX, ID_MIN
from cadre.core.scoping import classed_ordering, path_related


class IdLookupMixin:
    """Objects looked up by an id given in the path (``lookup_field``, e.g. a related id):
    a value that no id column can hold is not found (404), rather than overflowing the
    database's integer (a 500). A lookup by ``pk`` needs none: Django answers it."""

    kwargs: Any
    lookup_field: str
    lookup_url_kwarg: str | None

    def get_object(self) -> Any:
        raw = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not (raw.isascii() and raw.isdigit() and ID_MIN <= int(raw) <= ID_MAX):
            raise NotFound()
        return super().get_object()  # type: ignore[misc]


class ScopedViewSetMixin:
    """Every query through ``restrict``: outside the view scope is 404; inside the view
    scope but outside the action's scope is 403."""

    scoped_model: ClassVar[type[Model]]
    # The action an ``@action`` route needs, when not the one its HTTP method implies
    # (``@action(..., scoped_action="view")`` for "start my attempt of a test I may see").
    scoped_action: str | None = None
    select_related: ClassVar[tuple[str, ...]] = ()
    prefetch_related: ClassVar[tuple[str, ...]] = ()
    request: Any

    def get_queryset(self) -> QuerySet[Any]:
        qs = self.scoped_model.objects.restrict(self.request.user, "view")  # type: ignore[attr-defined]
        related = path_related(self.scoped_model)  # a row's data-class fields follow its path
        if related:
            qs = qs.select_related(related)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """``?ordering=`` by a data-class field ranks only the rows whose class the caller
        sees (``core.scoping.classed_ordering``, decision 0045)."""
        qs = super().filter_queryset(queryset)  # type: ignore[misc]
        if getattr(self.scoped_model, "data_fields", None):
            qs = classed_ordering(self.request.user, qs)
        return qs

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        # Uniqueness and constraints are the services' to answer (issue 16, item 10).
        return without_model_validators(super().get_serializer(*args, **kwargs))  # type: ignore[misc]

    def as_read(self, instance: Any) -> Any:
        """``instance`` as a ``GET`` answers it: read again through ``get_queryset``, with
        the annotations and related rows the list adds (``filled``, ``current_post``…), so
        that a create or update answers the same fields as a following read. A row that the
        write took out of the caller's view is answered as the service returned it."""
        if instance is None or getattr(instance, "pk", None) is None:
            return instance
        return self.get_queryset().filter(pk=instance.pk).first() or instance

    def get_object(self) -> Any:
        obj = super().get_object()  # type: ignore[misc]
        action = getattr(self, "scoped_action", None) or action_for(self.request)
        if action != "view" and not may(self.request.user, obj, action):
            raise PermissionDenied()
        return obj


class ReasonMixin:
    """A write's reason, from the ``X-Cadre-Reason`` header (``cadre.core.reasons``):
    optional, at most ``reasons.MAX_LENGTH`` characters, no NUL; required where the model
    needs one for the action. ``takes_reason`` tells the schema to document the header on
    the viewset's create, update and destroy operations."""

    takes_reason: ClassVar[bool] = True
    request: Any

    def audit_reason(self, action: str) -> str:
        """The request's reason for ``action``, or the ``ValidationError`` naming ``reason``."""
        model = getattr(self, "scoped_model", None)
        required = model is not None and reasons.reason_required(model, action)
        raw = reasons.from_header(self.request.headers.get(reasons.HEADER, ""))
        if not raw and not required:
            return ""
        field = serializers.CharField(
            max_length=reasons.MAX_LENGTH,
            required=required,
            allow_blank=not required,
            error_messages={
                "required": reasons.missing_message(),
                "blank": reasons.missing_message(),
            },
        )
        try:
            return str(field.run_validation(raw or serializers.empty))
        except ValidationError as exc:
            raise ValidationError({reasons.FIELD: exc.detail}) from None

    def audit_reason_and_data(self, serializer: BaseSerializer[Any], action: str) -> str:
        """Validate the body and the reason together, so that every problem is answered at
        once; the reason when there is none."""
        errors: dict[str, Any] = {}
        reason = ""
        try:
            reason = self.audit_reason(action)
        except ValidationError as exc:
            errors.update(exc.detail)  # type: ignore[arg-type]
        if not serializer.is_valid():
            errors = {**dict(serializer.errors), **errors}
        if errors:
            raise ValidationError(errors)
        return reason


class CadreReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


Service = Callable[..., Any]


def _refuse_missing_arguments(service: Service, *, given: set[str]) -> None:
    """A partial update (``PATCH``) validates only the fields it was sent, and a serializer
    may leave optional what its service needs. Name each argument the service cannot do
    without, with the answer a full update would give, before anything is written (instead
    of a ``TypeError`` from the service, a 500)."""
    missing = [
        name
        for name, parameter in inspect.signature(service).parameters.items()
        if parameter.kind in (parameter.KEYWORD_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        and parameter.default is parameter.empty
        and name not in given
    ]
    if missing:
        required = serializers.Field.default_error_messages["required"]
        raise ValidationError(
            {name: [ErrorDetail(str(required), code="required")] for name in missing}
        )


class CadreModelViewSet(
    ReasonMixin,
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """CRUD where every write calls the model's service (which checks, saves and audits),
    with the reason of the ``X-Cadre-Reason`` header (``ReasonMixin``)."""

    create_service: ClassVar[Service | None] = None
    update_service: ClassVar[Service | None] = None
    delete_service: ClassVar[Service | None] = None
    service_instance_kwarg: ClassVar[str] = "instance"

    reason: str = ""

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        self.reason = self.audit_reason_and_data(serializer, "add")
        self.perform_create(serializer)
        headers = self.get_success_headers(serializer.data)
        return Response(serializer.data, status=status.HTTP_201_CREATED, headers=headers)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        self.reason = self.audit_reason_and_data(serializer, "change")
        self.perform_update(serializer)
        return Response(serializer.data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self.reason = self.audit_reason("delete")
        self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        assert self.create_service is not None
        _refuse_missing_arguments(
            type(self).create_service,  # type: ignore[arg-type]
            given={"actor", "source", "reason", *serializer.validated_data},
        )
        created = type(self).create_service(  # type: ignore[misc]
            actor=self.request.user,
            source=AuditSource.API,
            reason=self.reason,
            **serializer.validated_data,
        )
        serializer.instance = self.as_read(created)

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        assert self.update_service is not None
        kwargs = {self.service_instance_kwarg: serializer.instance}
        _refuse_missing_arguments(
            type(self).update_service,  # type: ignore[arg-type]
            given={"actor", "source", "reason", *kwargs, *serializer.validated_data},
        )
        updated = type(self).update_service(  # type: ignore[misc]
            actor=self.request.user,
            source=AuditSource.API,
            reason=self.reason,
            **kwargs,
            **serializer.validated_data,
        )
        serializer.instance = self.as_read(updated)

    def perform_destroy(self, instance: Any) -> None:
        assert self.delete_service is not None
        type(self).delete_service(  # type: ignore[misc]
            actor=self.request.user,
            source=AuditSource.API,
            reason=self.reason,
            **{self.service_instance_kwarg: instance},
        )
