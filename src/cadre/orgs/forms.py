from __future__ import annotations

from cadre.core.forms import ScopedModelForm
from cadre.orgs.models import Organisation


class OrganisationForm(ScopedModelForm):
    scoped_fields = {"parent": "add"}

    class Meta:
        model = Organisation
        fields = ["name", "code", "kind", "parent"]
