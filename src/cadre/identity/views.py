"""The sign-in through an identity provider: start (to the provider, with state, nonce and
the PKCE challenge kept in the session) and callback (the code exchanged, the ID token
checked, the user found or refused)."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cadre.identity import oidc, services
from cadre.identity.config import Provider, providers
from cadre.identity.oidc import SignInError

FLOWS = "identity_flows"  # session key: started sign-ins by state
SIGNED_IN = "identity_signed_in"  # session key: provider and ID token, for signing out
FLOW_SECONDS = 600
MAX_FLOWS = 5


def _provider(name: str) -> Provider:
    found = providers().get(name)
    if found is None:
        raise Http404
    return found


def _callback_uri(request: HttpRequest, provider: Provider) -> str:
    return request.build_absolute_uri(reverse("identity:callback", args=[provider.name]))


def _refused(request: HttpRequest, provider: Provider, message: str) -> HttpResponse:
    return render(
        request,
        "identity/refused.html",
        {"provider": provider, "message": message},
        status=403,
    )


@never_cache
def start(request: HttpRequest, name: str) -> HttpResponse:
    provider = _provider(name)
    onward = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        onward, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        onward = ""
    try:
        flow = oidc.authorization_request(provider, _callback_uri(request, provider))
    except SignInError as exc:
        return _refused(request, provider, str(exc))
    flows: dict[str, Any] = request.session.get(FLOWS, {})
    now = time.time()
    flows = {s: f for s, f in flows.items() if now - f["at"] < FLOW_SECONDS}
    while len(flows) >= MAX_FLOWS:  # the oldest of the open sign-ins goes
        flows.pop(min(flows, key=lambda s: flows[s]["at"]))
    flows[flow.state] = {
        "provider": provider.name,
        "nonce": flow.nonce,
        "verifier": flow.code_verifier,
        "next": onward,
        "at": now,
    }
    request.session[FLOWS] = flows
    return HttpResponseRedirect(flow.url)


@never_cache
def callback(request: HttpRequest, name: str) -> HttpResponse:
    provider = _provider(name)
    address = request.META.get("REMOTE_ADDR", "")
    state = request.GET.get("state", "")
    flows: dict[str, Any] = request.session.get(FLOWS, {})
    flow = None
    for known in list(flows):
        if state and secrets.compare_digest(known, state):
            flow = flows.pop(known)
    request.session[FLOWS] = flows
    if flow is None or flow["provider"] != provider.name or time.time() - flow["at"] > FLOW_SECONDS:
        services.identity_refusal_record(
            provider=provider.name,
            reason="state does not match a sign-in started here",
            address=address,
        )
        return _refused(
            request,
            provider,
            _("This sign-in was not started here or has expired. Please start again."),
        )
    if "error" in request.GET or not request.GET.get("code"):
        error = request.GET.get("error", "no code")
        services.identity_refusal_record(
            provider=provider.name, reason=f"provider answered {error}", address=address
        )
        return _refused(
            request,
            provider,
            _("%(provider)s did not sign you in (%(error)s).")
            % {"provider": provider.label, "error": error[:100]},
        )
    try:
        claims, raw = oidc.exchange(
            provider,
            code=request.GET["code"],
            redirect_uri=_callback_uri(request, provider),
            code_verifier=flow["verifier"],
            nonce=flow["nonce"],
        )
    except SignInError as exc:
        services.identity_refusal_record(provider=provider.name, reason=exc.reason, address=address)
        return _refused(request, provider, str(exc))
    try:
        user, _link = services.identity_sign_in(provider=provider, claims=claims, address=address)
    except SignInError as exc:
        return _refused(request, provider, str(exc))
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SIGNED_IN] = {"provider": provider.name, "id_token": raw}
    return HttpResponseRedirect(flow["next"] or resolve_url(settings.LOGIN_REDIRECT_URL))


def logout_onward(request: HttpRequest) -> str | None:
    """After Cadre's session ends: the provider's sign-out, back to Cadre's sign-in page."""
    signed_in = request.session.get(SIGNED_IN)
    if not signed_in:
        return None
    provider = providers().get(signed_in.get("provider", ""))
    if provider is None:
        return None
    return oidc.end_session_url(
        provider,
        id_token=signed_in["id_token"],
        after=request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
    )
