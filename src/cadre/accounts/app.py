"""What the accounts app adds to Cadre: sign-in pages, users, roles and tokens in the API,
and their menu entries (core/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadre.accounts.roles import assignments_from_database, can
from cadre.accounts.widgets import UserPicker
from cadre.core.choices import Role
from cadre.core.labels import audit_actions
from cadre.core.permissions import ALL, VIEW, assignments_source, grant, grant_own, private
from cadre.core.pickers import register as register_picker
from cadre.core.registry import ANONYMISE, DELETE, AppParts, MenuEntry, PersonalRecords, contribute


def _keeps_users(user: object) -> bool:
    return can(user, "accounts.user", "view") and can(user, "accounts.roleassignment", "view")


# What this app holds about a person: the data export and erasure (decision 0034).
PERSONAL_DATA = (
    PersonalRecords(
        "accounts.user",
        "employee",
        ANONYMISE,
        fields=("id", "username", "first_name", "last_name", "email", "language", "last_login"),
        replace={
            "username": lambda u: f"erased-{u.pk}",
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": False,
            "password": "!erased",
        },
    ),
    PersonalRecords("accounts.roleassignment", "user__employee", DELETE),
    PersonalRecords("accounts.apitoken", "user__employee", DELETE, fields=("id", "name")),
)

contribute(
    AppParts(
        app="accounts",
        urls=(("accounts/", "cadre.accounts.urls"),),
        api_routes=(
            ("users", "cadre.accounts.api.views.UserViewSet", "user"),
            (
                "role-assignments",
                "cadre.accounts.api.views.RoleAssignmentViewSet",
                "roleassignment",
            ),
            ("tokens", "cadre.accounts.api.views.ApiTokenViewSet", "apitoken"),
        ),
        api_paths=(("me/", "cadre.accounts.api.views.MeView", "me"),),
        menu=(
            MenuEntry(_("Users"), "accounts:user_list", 90, _keeps_users, _("Administration")),
            MenuEntry(
                _("Roles"), "accounts:roleassignment_list", 91, _keeps_users, _("Administration")
            ),
        ),
        personal_data=PERSONAL_DATA,
    )
)


# What each role may do with this app's models (core/permissions.py).
grant(
    Role.NATIONAL_ADMIN,
    {
        "*": ALL,
    },
)
grant(
    Role.AUDITOR,
    {
        "*": VIEW,
    },
)
grant(
    Role.HR_OFFICER,
    {
        "accounts.user": frozenset({"add", "change", "view"}),
        "accounts.roleassignment": frozenset({"add", "delete", "view"}),
        "core.job": VIEW,
    },
)
grant(
    Role.MANAGER,
    {
        "accounts.user": VIEW,
        "accounts.roleassignment": VIEW,
    },
)
grant_own(
    {
        "accounts.apitoken": frozenset({"add", "delete", "view"}),
        "accounts.user": VIEW,
        "core.job": VIEW,
    }
)
private("accounts.apitoken")  # an owner's secret: no "*" grant reaches it
assignments_source(assignments_from_database)

# What the audit log calls this app's own actions (core/labels.py).
audit_actions(
    {
        "role.grant": _("role granted"),
        "role.revoke": _("role revoked"),
        "token.create": _("API token created"),
        "token.revoke": _("API token revoked"),
        "user.locked": _("account locked after failed sign-ins"),
        "login.network_paused": _("sign-in paused for a network"),
        "user.activate": _("account activated"),
        "user.close": _("account closed"),
    }
)

# Every single choice of an account is drawn as the user picker (core/pickers.py).
register_picker("accounts.user", UserPicker)
