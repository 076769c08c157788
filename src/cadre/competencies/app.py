"""What the competencies app adds to Cadre: frameworks and standards pages, their API and
their menu entry (core/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.permissions import ALL, VIEW, grant, may
from cadre.core.registry import AppParts, MenuEntry, contribute

VIEWS = "cadre.competencies.api.views"

MENU_GROUP = _("Competencies")

contribute(
    AppParts(
        app="competencies",
        urls=(("competencies/", "cadre.competencies.urls"),),
        api_routes=(
            ("frameworks", f"{VIEWS}.FrameworkViewSet", "framework"),
            ("framework-versions", f"{VIEWS}.FrameworkVersionViewSet", "frameworkversion"),
            ("crosswalks", f"{VIEWS}.CrosswalkViewSet", "crosswalk"),
            ("position-standards", f"{VIEWS}.PositionProfileViewSet", "positionprofile"),
            ("standard-versions", f"{VIEWS}.ProfileVersionViewSet", "profileversion"),
        ),
        api_paths=(("framework-imports/", f"{VIEWS}.FrameworkImportView", "framework-imports"),),
        menu=(
            MenuEntry(
                _("Competencies"),
                "competencies:framework_list",
                20,
                may("competencies.framework"),
                group=MENU_GROUP,
            ),
        ),
    )
)


# What each role may do with this app's models (core/permissions.py).
grant(
    Role.HR_OFFICER,
    {
        "competencies.framework": VIEW,
        "competencies.frameworkversion": VIEW,
        "competencies.positionprofile": ALL,
        "competencies.profileversion": ALL,
    },
)
grant(
    Role.MANAGER,
    {
        "competencies.framework": VIEW,
        "competencies.frameworkversion": VIEW,
        "competencies.positionprofile": VIEW,
        "competencies.profileversion": VIEW,
    },
)
grant(
    Role.EMPLOYEE,
    {
        "competencies.framework": VIEW,
        "competencies.frameworkversion": VIEW,
    },
)
grant(
    Role.TRAINING_PROVIDER,
    {
        "competencies.framework": VIEW,
        "competencies.frameworkversion": VIEW,
    },
)
