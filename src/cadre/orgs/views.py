from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cadre.core.tables import Column
from cadre.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from cadre.orgs import services
from cadre.orgs.filtersets import OrganisationFilterSet
from cadre.orgs.forms import OrganisationForm
from cadre.orgs.models import Organisation

COLUMNS = (
    Column("name", _("name"), sort="name", link=True),
    Column("code", _("code"), sort="code"),
    Column("kind", _("kind"), sort="kind"),
    Column("parent__name", _("parent"), sort="parent__name"),
)


class OrganisationListView(ObjectListView):
    model = Organisation
    columns = COLUMNS
    filterset_class = OrganisationFilterSet
    select_related = ("parent",)
    default_sort = "path"


class OrganisationDetailView(ObjectDetailView):
    model = Organisation
    select_related = ("parent",)
    fields = (*COLUMNS[1:], Column("depth", _("depth")))

    def extra_context(self, obj: Any) -> dict[str, Any]:
        children = Organisation.objects.restrict(self.request.user, "view").filter(parent=obj)
        return {"children": children.order_by("name")[:200], "ancestors": _ancestors(obj)}


def _ancestors(obj: Organisation) -> list[Organisation]:
    ids = [int(p) for p in obj.path.strip("/").split("/")[:-1] if p]
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


class OrganisationEditView(ObjectEditView):
    model = Organisation
    form_class = OrganisationForm
    create_service = services.organisation_create
    update_service = services.organisation_update
    service_instance_kwarg = "organisation"


class OrganisationDeleteView(ObjectDeleteView):
    model = Organisation
    delete_service = services.organisation_delete
    service_instance_kwarg = "organisation"
