"""What the competencies app adds to Cadre: frameworks and standards pages, their API and
their menu entry (core/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.accounts.roles import may
from cadre.core.registry import AppParts, MenuEntry, contribute

VIEWS = "cadre.competencies.api.views"

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
            ),
        ),
    )
)
