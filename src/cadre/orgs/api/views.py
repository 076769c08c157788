from __future__ import annotations

from cadre.core.api.viewsets import CadreModelViewSet
from cadre.orgs import services
from cadre.orgs.api.serializers import OrganisationSerializer
from cadre.orgs.filtersets import OrganisationFilterSet
from cadre.orgs.models import Organisation


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
