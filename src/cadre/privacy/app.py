"""What the privacy app adds to Cadre (docs/personal-data.md, decision 0034): retention
policies and their nightly run, legal holds, a person's data export, erasure requests and
the breach register, with pages, API, menu entries, home items and who may do what."""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.labels import audit_actions
from cadre.core.permissions import VIEW, grant, grant_own, reach_of_user
from cadre.core.registry import AppParts, MenuEntry, PersonalRecords, contribute
from cadre.privacy import home, selectors

API = "cadre.privacy.api"
NATIONAL = "cadre.privacy.api_national"
MENU_GROUP = _("Personal data")


def _national(label: str) -> Any:
    return lambda user: selectors.national(user, label)


def _keeps(label: str) -> Any:
    """Shown to roles that see rows of ``label`` in a subtree or the whole country (a
    person reaches their own exports and requests from their profile page)."""

    def visible(user: Any) -> bool:
        reach = reach_of_user(user, label, "view")
        return reach.everything or bool(reach.paths)

    return visible


PERSONAL_DATA = (
    PersonalRecords(
        "privacy.erasurerequest",
        fields=("id", "grounds", "state", "created_at", "review_note", "executed_at"),
        kept_because=_("The request is the record that the erasure was asked for and done."),
    ),
    PersonalRecords(
        "privacy.legalhold",
        # The grounds and who placed the hold are HR's, not the person's (decision 0034).
        fields=("id", "until", "released_at"),
        kept_because=_("A legal hold is kept while the law needs it."),
    ),
    PersonalRecords(
        "privacy.dataexport",
        fields=("id", "requested_by", "requested_at"),
        kept_because=_("Deleted by its retention policy."),
    ),
)

contribute(
    AppParts(
        app="privacy",
        urls=(("privacy/", "cadre.privacy.urls"),),
        api_routes=(
            ("legal-holds", f"{API}.LegalHoldViewSet", "legalhold"),
            ("erasure-requests", f"{API}.ErasureRequestViewSet", "erasurerequest"),
            ("personal-data-exports", f"{API}.DataExportViewSet", "dataexport"),
        ),
        api_paths=(
            ("retention-policies/", f"{NATIONAL}.RetentionPoliciesView", "retention-policies"),
            (
                "retention-policies/<int:pk>/",
                f"{NATIONAL}.RetentionPolicyView",
                "retention-policy",
            ),
            ("breaches/", f"{NATIONAL}.BreachesView", "breaches"),
            ("breaches/<int:pk>/", f"{NATIONAL}.BreachView", "breach"),
        ),
        menu=(
            MenuEntry(
                _("Personal data exports"),
                "privacy:dataexport_list",
                94,
                _keeps("privacy.dataexport"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Erasure requests"),
                "privacy:erasurerequest_list",
                95,
                _keeps("privacy.erasurerequest"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Legal holds"),
                "privacy:legalhold_list",
                96,
                _keeps("privacy.legalhold"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Retention"),
                "privacy:retention",
                97,
                _national("privacy.retentionpolicy"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Breach register"),
                "privacy:breaches",
                98,
                _national("privacy.breach"),
                group=MENU_GROUP,
            ),
        ),
        home=(home.to_review, home.clocks_running),
        periodic={
            "privacy-retention-nightly": {
                "task": "cadre.privacy.jobs.retention_apply_scheduled",
                "schedule": crontab(hour=2, minute=40),
            },
            "privacy-breach-reminders": {
                "task": "cadre.privacy.jobs.breach_reminders_scheduled",
                "schedule": 900,
            },
        },
        personal_data=PERSONAL_DATA,
    )
)

# National administrators keep everything here through "*", auditors read it; retention
# policies and the breach register are granted to no one else (national, decision 0034).
KEEP = frozenset({"view", "add", "change"})
grant(
    Role.HR_OFFICER,
    {
        "privacy.legalhold": KEEP,
        "privacy.erasurerequest": frozenset({"view", "add"}),
        "privacy.dataexport": frozenset({"view", "add"}),
    },
)
# A person sees their own exports and erasure requests; they start an export of their
# data and ask for its erasure on their own pages ("mine"), which the services allow.
grant_own({"privacy.dataexport": VIEW, "privacy.erasurerequest": VIEW})

audit_actions(
    {
        "audit.redact": _("values erased from audit events"),
        "privacy.export": _("personal data exported"),
        "privacy.download": _("personal data export downloaded"),
        "privacy.erasure_review": _("erasure request reviewed"),
        "privacy.erase": _("personal data erased"),
        "privacy.retention": _("retention policy applied"),
        "privacy.hold_release": _("legal hold released"),
        "privacy.breach_reminder": _("breach clock reminder sent"),
    }
)
