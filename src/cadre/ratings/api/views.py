from __future__ import annotations

from typing import Any

import segno
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet

from cadre.accounts.roles import can
from cadre.core.api.viewsets import CadreModelViewSet, IdLookupMixin
from cadre.people.models import Employee
from cadre.ratings import fastpath, selectors, services
from cadre.ratings.api.serializers import (
    EmployeeScoreSerializer,
    InteractionReportSerializer,
    MyRatingSerializer,
    RatingReceivedSerializer,
    RatingSubmitSerializer,
    RatingTokenSerializer,
    ServicePointSerializer,
    ServiceTypeSerializer,
)
from cadre.ratings.filtersets import ServicePointFilterSet, ServiceTypeFilterSet
from cadre.ratings.models import WORST_FIRST, EmployeeScore, ServicePoint, ServiceType
from cadre.ratings.views import client_network, network_allows


class RatingTokenView(APIView):
    """Report a completed service interaction; get the citizen's single-use rating link to
    send by SMS or show on the portal (never to be handed over by the official)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=InteractionReportSerializer,
        responses={200: RatingTokenSerializer, 201: RatingTokenSerializer},
    )
    def post(self, request: Request) -> Response:
        if not can(request.user, "ratings.interaction", "add"):
            raise PermissionDenied()
        data = InteractionReportSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        interaction, token, created = services.interaction_report(
            actor=request.user, **data.validated_data
        )
        url = request.build_absolute_uri(f"/r/{token}/")
        body = {
            "token": token,
            "url": url,
            "qr_svg": segno.make(url, error="m").svg_inline(scale=4),
            "expires_at": interaction.expires_at,
            "created": created,
        }
        return Response(
            RatingTokenSerializer(body).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class RatingSubmitView(APIView):
    """The citizen's rating, the same as the public page takes: no sign-in; the token is
    the permission."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    may_throttle = True  # too many ratings from one network: 429 (the schema says so)

    @extend_schema(request=RatingSubmitSerializer, responses={201: RatingReceivedSerializer})
    def post(self, request: Request) -> Response:
        network = client_network(request)
        checked = request.META.get(fastpath.NETWORK_CHECKED)  # counted there already
        if not (checked == "allowed" if checked else network_allows(network)):
            raise Throttled(wait=60)
        data = RatingSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answers = dict(data.validated_data)
        token = answers.pop("token")
        services.rating_submit(token=token, answers=answers, network=network)
        return Response({"received": True}, status=status.HTTP_201_CREATED)


class ServiceTypeViewSet(CadreModelViewSet):
    """The classifier of public services (codes for ``service_type``): every role reads it,
    the national authority keeps it."""

    scoped_model = ServiceType
    serializer_class = ServiceTypeSerializer
    filterset_class = ServiceTypeFilterSet
    create_service = services.service_type_create
    update_service = services.service_type_update
    delete_service = services.service_type_delete
    service_instance_kwarg = "service_type"


class ServicePointViewSet(CadreModelViewSet):
    """Where citizens are served, in the caller's scope."""

    scoped_model = ServicePoint
    serializer_class = ServicePointSerializer
    filterset_class = ServicePointFilterSet
    select_related = ("organisation",)
    ordering_fields = ["name", "code"]
    create_service = services.service_point_create
    update_service = services.service_point_update
    delete_service = services.service_point_delete
    service_instance_kwarg = "service_point"


class EmployeeScoreViewSet(IdLookupMixin, ReadOnlyModelViewSet):
    """Fair scores of the employees the caller may see (aggregates only, never who rated)."""

    permission_classes = [IsAuthenticated]
    serializer_class = EmployeeScoreSerializer
    lookup_field = "employee"
    lookup_value_converter = "int"

    def get_queryset(self) -> Any:
        if not can(self.request.user, "ratings.rating", "view"):
            return EmployeeScore.objects.none()
        people = Employee.objects.restrict(self.request.user, "view")
        return EmployeeScore.objects.filter(employee__in=people).order_by(*WORST_FIRST)


class MyRatingView(APIView):
    """The caller's own fair score, explained (decision 0021): ratio and 90% interval,
    observed and expected negatives, the case mix and the comparison group."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MyRatingSerializer})
    def get(self, request: Request) -> Response:
        explained = selectors.my_rating(request.user)
        if explained is None:
            raise NotFound(_("You have no rating yet."))
        return Response(MyRatingSerializer(explained).data)
