"""Asks for the second factor before any page (decision 0027).

With ``CADRE_MFA_REQUIRED`` on, a signed-in user who must have a second factor
(``selectors.required_for``) and has not verified one in this session is sent to enrol
(if they have no authenticator app yet) or to verify (if they have); a user who enrolled of
their own accord is asked to verify too. Whatever way the session was signed in — password
or single sign-on — it is the same. A request to the API that carries a token
(``Authorization: Token …`` or ``Bearer …``) is let through: tokens are for systems and keep
their own scope; the API used with a session cookie is refused with 403 until the session
is verified. The enrolment and verification pages themselves, signing out and switching the
language stay open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY

from cadre.mfa import selectors

# Pages a session that still owes its second factor may open (namespaced URL names).
OPEN = frozenset(
    {
        "mfa:enrol",
        "mfa:verify",
        "accounts:login",
        "accounts:logout",
        "set_language",
        "javascript-catalog",
    }
)
TOKEN_KEYWORDS = (b"token", b"bearer")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not settings.CADRE_MFA_REQUIRED:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN:
            return None
        api = request.path.startswith(("/api/v", "/api/schema"))
        if api and _carries_token(request):
            return None  # the token authenticates, not the session (DRF decides)
        state = selectors.session_state(user, request.session.get(DEVICE_ID_SESSION_KEY))
        if state.verified or not (state.enrolled or selectors.required_for(user)):
            return None
        if api:
            return JsonResponse(
                {
                    "status": 403,
                    "errors": [
                        {
                            "field": None,
                            "code": "second_factor_required",
                            "message": _(
                                "This session has not verified its second factor: sign in "
                                "on the web first, or use an API token."
                            ),
                        }
                    ],
                },
                status=403,
            )
        target = reverse("mfa:verify" if state.enrolled else "mfa:enrol")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)


def _carries_token(request: HttpRequest) -> bool:
    header = request.META.get("HTTP_AUTHORIZATION", "").encode("latin-1", "ignore").split()
    return bool(header) and header[0].lower() in TOKEN_KEYWORDS
