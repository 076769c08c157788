"""What the second factor adds to Cadre: the enrolment and verification pages, the page
where a user sees their own second factor, the administrators' reset page and their menu
entries, and what the audit log calls its actions (decision 0027). The middleware that asks
for the second factor is in ``middleware.py`` (one line of ``MIDDLEWARE``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.core.labels import audit_actions
from cadre.core.registry import AppParts, MenuEntry, contribute
from cadre.mfa.selectors import may_reset_any


def _signed_in(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False))


contribute(
    AppParts(
        app="mfa",
        urls=(("mfa/", "cadre.mfa.urls"),),
        menu=(
            MenuEntry(_("Second factor"), "mfa:status", 92, _signed_in),
            MenuEntry(
                _("Reset a second factor"),
                "mfa:reset",
                93,
                may_reset_any,
                group=_("Administration"),
            ),
        ),
    )
)

audit_actions(
    {
        "mfa.enrol": _("second factor enrolled"),
        "mfa.recovery_code_used": _("recovery code used"),
        "mfa.recovery_codes_renew": _("recovery codes renewed"),
        "mfa.reset": _("second factor reset"),
    }
)
