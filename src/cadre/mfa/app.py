"""What the second factor adds to Cadre: the enrolment and verification pages, the page
where a user sees their own second factor, the administrators' reset page and their menu
entries, and what the audit log calls its actions (decision 0027). The middleware that asks
for the second factor is in ``middleware.py`` (one line of ``MIDDLEWARE``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.core.labels import audit_actions
from cadre.core.registry import DELETE, AppParts, MenuEntry, PersonalRecords, contribute
from cadre.mfa.selectors import may_reset_any


def _signed_in(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# A person's second factors (decision 0034): exported without their secrets, deleted on
# erasure.
_DEVICE_FIELDS = ("name", "confirmed", "created_at", "last_used_at")
PERSONAL_DATA = (
    PersonalRecords("otp_totp.totpdevice", "user__employee", DELETE, fields=_DEVICE_FIELDS),
    PersonalRecords("otp_static.staticdevice", "user__employee", DELETE, fields=_DEVICE_FIELDS),
)

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
        personal_data=PERSONAL_DATA,
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
