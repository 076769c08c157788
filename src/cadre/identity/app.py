"""What the identity app adds to Cadre: sign-in through identity providers (OIDC) — its
pages, a button per provider on the sign-in page, the provider's sign-out after Cadre's,
and the audit log's names for its events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadre.accounts import extensions
from cadre.core.labels import audit_actions
from cadre.core.registry import DELETE, AppParts, PersonalRecords, contribute
from cadre.identity.config import providers


def _buttons(request: Any) -> Iterable[extensions.SignInOption]:
    onward = request.GET.get("next", "") if request is not None else ""
    query = "?" + urlencode({"next": onward}) if onward else ""
    for provider in providers().values():
        yield extensions.SignInOption(
            label=_("Sign in with %(provider)s") % {"provider": provider.label},
            url=reverse("identity:start", args=[provider.name]) + query,
        )


def _logout_onward(request: Any) -> str | None:
    from cadre.identity.views import logout_onward

    return logout_onward(request)


contribute(
    AppParts(
        app="identity",
        urls=(("identity/", "cadre.identity.urls"),),
        # The person's links to identity providers (decision 0034): deleted on erasure.
        personal_data=(
            PersonalRecords(
                "identity.identitylink",
                "user__employee",
                DELETE,
                fields=("provider", "subject", "matched_on", "linked_at", "last_sign_in_at"),
            ),
        ),
    )
)
extensions.sign_in_options.append(_buttons)
extensions.after_logout.append(_logout_onward)

audit_actions(
    {
        "identity.sign_in": gettext_lazy("signed in through an identity provider"),
        "identity.link": gettext_lazy("identity linked to a user"),
        "identity.refused": gettext_lazy("sign-in through an identity provider refused"),
    }
)
