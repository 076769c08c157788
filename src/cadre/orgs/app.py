"""What the orgs app adds to Cadre: the organisation tree and staffing table pages and API,
and their menu entries (core/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.permissions import ALL, VIEW, grant, may
from cadre.core.pickers import register as register_picker
from cadre.core.registry import AppParts, MenuEntry, contribute
from cadre.orgs.widgets import OrganisationPicker

MENU_GROUP = _("Registry")

contribute(
    AppParts(
        app="orgs",
        urls=(("orgs/", "cadre.orgs.urls"),),
        api_routes=(
            ("organisations", "cadre.orgs.api.views.OrganisationViewSet", "organisation"),
            ("posts", "cadre.orgs.api.views.PostViewSet", "post"),
        ),
        menu=(
            MenuEntry(
                _("Organisations"),
                "orgs:organisation_list",
                11,
                may("orgs.organisation"),
                group=MENU_GROUP,
            ),
            MenuEntry(_("Posts"), "orgs:post_list", 12, may("orgs.post"), group=MENU_GROUP),
        ),
    )
)


# What each role may do with this app's models (core/permissions.py).
grant(
    Role.HR_OFFICER,
    {
        "orgs.organisation": ALL,
        "orgs.post": ALL,
    },
)
grant(
    Role.MANAGER,
    {
        "orgs.organisation": VIEW,
        "orgs.post": VIEW,
    },
)
grant(
    Role.EMPLOYEE,
    {
        "orgs.organisation": VIEW,
    },
)
grant(
    Role.TRAINING_PROVIDER,
    {
        "orgs.organisation": VIEW,
    },
)
grant(
    Role.SERVICE_DESK,
    {
        "orgs.organisation": VIEW,
    },
)


# Every single choice of an organisation, in any app's form or list filter, is the tree picker.
register_picker("orgs.organisation", OrganisationPicker)
