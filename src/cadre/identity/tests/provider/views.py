"""The test provider's own parts: claims of its users, the set-up and fault endpoints, and
a token endpoint that passes django-oauth-toolkit's answer on — or spoils its ID token."""

from __future__ import annotations

import json
import time
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from joserfc import jwk, jwt
from oauth2_provider.models import Application
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.views import TokenView

CLAIMS: dict[str, dict[str, Any]] = {}  # username → extra claims
FAULT: dict[str, str] = {"mode": ""}


class Validator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "email": "email",
        "email_verified": "email",
        "personal_id": "openid",
        "roles": "openid",
    }

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        return dict(CLAIMS.get(request.user.username, {}))


@csrf_exempt
def setup(request: HttpRequest) -> HttpResponse:
    """{"client_id", "client_secret", "redirect_uris": [...], "users": [{"username",
    "password", "claims": {...}}]} — replaces the client and the users."""
    spec = json.loads(request.body)
    Application.objects.all().delete()
    User.objects.all().delete()
    CLAIMS.clear()
    Application.objects.create(
        name="Cadre",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(spec["redirect_uris"]),
        post_logout_redirect_uris=" ".join(spec.get("post_logout_redirect_uris", [])),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for user in spec["users"]:
        User.objects.create_user(username=user["username"], password=user["password"])
        CLAIMS[user["username"]] = user.get("claims", {})
    FAULT["mode"] = ""
    return JsonResponse({"ok": True})


@csrf_exempt
def fault(request: HttpRequest) -> HttpResponse:
    """{"mode": "forge" | "unknown-key" | "expire" | "audience" | ""}: spoil the ID token of
    the next token answer."""
    FAULT["mode"] = json.loads(request.body)["mode"]
    return JsonResponse({"ok": True})


def _spoil(id_token: str, mode: str) -> str:
    real = jwk.import_key(oauth2_settings.OIDC_RSA_PRIVATE_KEY, "RSA")
    token = jwt.decode(id_token, real)
    header = dict(token.header)
    claims = dict(token.claims)
    key = real
    if mode == "forge":  # the same key id, another key: what a forger can sign with
        key = jwk.RSAKey.generate_key(2048)
    elif mode == "unknown-key":  # a key the provider does not publish
        key = jwk.RSAKey.generate_key(2048)
        header["kid"] = "not-published"
    elif mode == "expire":
        claims["iat"], claims["exp"] = int(time.time()) - 7200, int(time.time()) - 3600
    elif mode == "audience":
        claims["aud"] = "someone-else"
    return jwt.encode(header, claims, key)


@csrf_exempt
def token(request: HttpRequest) -> HttpResponse:
    response = TokenView.as_view()(request)
    mode, FAULT["mode"] = FAULT["mode"], ""
    if not mode or response.status_code != 200:
        return response
    body = json.loads(response.content)
    body["id_token"] = _spoil(body["id_token"], mode)
    response.content = json.dumps(body).encode()
    response["Content-Length"] = str(len(response.content))
    return response
