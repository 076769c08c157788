from __future__ import annotations

from typing import Any

from cadre.core.api.viewsets import CadreModelViewSet
from cadre.orgs import extensions, services
from cadre.orgs.api.serializers import OrganisationSerializer, PostSerializer
from cadre.orgs.filtersets import OrganisationFilterSet, PostFilterSet
from cadre.orgs.models import Organisation, Post


class OrganisationViewSet(CadreModelViewSet):
    """Organisations: territory, bodies and units, in one tree."""

    scoped_model = Organisation
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name", "code", "path"]
    create_service = services.organisation_create
    update_service = services.organisation_update
    delete_service = services.organisation_delete
    service_instance_kwarg = "organisation"


class PostViewSet(CadreModelViewSet):
    """The staffing table: posts with grade, pay band, positions and how many are filled."""

    scoped_model = Post
    serializer_class = PostSerializer
    filterset_class = PostFilterSet
    select_related = ("organisation",)
    ordering_fields = ["title", "code", "positions"]
    create_service = services.post_create
    update_service = services.post_update
    delete_service = services.post_delete
    service_instance_kwarg = "post"

    def get_queryset(self) -> Any:
        return extensions.annotate_filled(super().get_queryset())
