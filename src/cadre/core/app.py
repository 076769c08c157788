"""What core adds to Cadre: its pages, the audit log, jobs and imports in the API, its
menu entries and its periodic jobs (core/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.core import home
from cadre.core.permissions import can, may
from cadre.core.registry import AppParts, MenuEntry, contribute

ADMIN = _("Administration")


def _may_import(user: object) -> bool:
    from cadre.core.imports.runs import import_model
    from cadre.core.imports.spec import IMPORTS

    return any(can(user, import_model(kind)._meta.label_lower, "add") for kind in IMPORTS)


contribute(
    AppParts(
        app="core",
        urls=(("", "cadre.core.urls"),),
        api_routes=(
            ("audit-events", "cadre.core.api.views.AuditEventViewSet", "auditevent"),
            ("jobs", "cadre.core.api.views.JobViewSet", "job"),
        ),
        api_paths=(("imports/", "cadre.core.api.views.ImportView", "imports"),),
        menu=(
            MenuEntry(_("Home"), "core:home", 0),
            MenuEntry(_("Import"), "core:import", 80, _may_import, ADMIN),
            MenuEntry(_("Audit log"), "core:auditevent_list", 92, may("core.auditevent"), ADMIN),
            MenuEntry(_("Jobs"), "core:job_list", 93, home.runs_machinery, ADMIN),
            MenuEntry(_("API"), "api-docs", 99, home.runs_machinery, ADMIN),
        ),
        home=(home.failed_jobs,),
        periodic={
            "reap-stale-jobs": {"task": "cadre.core.tasks.jobs_reap_scheduled", "schedule": 60},
            # Stored figures whose records changed are recounted within a minute (stale.py).
            "refresh-stale-figures": {
                "task": "cadre.core.tasks.stale_figures_refresh_scheduled",
                "schedule": 60,
            },
            "verify-audit-chain-nightly": {
                "task": "cadre.core.tasks.audit_verify_scheduled",
                "schedule": 24 * 60 * 60,
            },
        },
    )
)
