"""The OpenID Connect relying party: discovery, the authorization request (code + PKCE,
state, nonce), the code exchange and the ID token's checks (signature against the
provider's JWKS, issuer, audience, expiry, nonce). Authlib makes the requests and the client
authentication; joserfc checks the token (decision 0026)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.conf import settings
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from cadre.identity.clientauth import session_for, signer_for
from cadre.identity.config import Provider

TIMEOUT = 10  # seconds for each request to a provider
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "ES256", "ES384")


class SignInError(Exception):
    """A sign-in that must be refused; ``reason`` is what the audit log records, the message
    what the person is shown."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class _Cached:
    value: Any
    fetched: float


_metadata: dict[str, _Cached] = {}
_keys: dict[str, _Cached] = {}


def _fresh(entry: _Cached | None) -> bool:
    return (
        entry is not None
        and time.monotonic() - entry.fetched < settings.CADRE_OIDC_METADATA_SECONDS
    )


def _get_json(url: str) -> Any:
    response = requests.get(url, timeout=TIMEOUT)
    response.raise_for_status()
    return response.json()


def metadata(provider: Provider) -> dict[str, Any]:
    """The provider's discovery document, kept for ``CADRE_OIDC_METADATA_SECONDS``."""
    entry = _metadata.get(provider.issuer)
    if not _fresh(entry):
        try:
            doc = _get_json(provider.issuer.rstrip("/") + "/.well-known/openid-configuration")
        except (requests.RequestException, ValueError) as exc:
            raise SignInError(_unreachable(provider), reason=f"discovery failed: {exc}") from exc
        if doc.get("issuer") != provider.issuer:
            raise SignInError(
                _unreachable(provider), reason=f"discovery names issuer {doc.get('issuer')!r}"
            )
        entry = _metadata[provider.issuer] = _Cached(doc, time.monotonic())
    assert entry is not None
    return dict(entry.value)


def _unreachable(provider: Provider) -> str:
    return _("%(provider)s cannot be reached just now; try again later.") % {
        "provider": provider.label
    }


def key_set(provider: Provider, *, refresh: bool = False) -> KeySet:
    """The provider's signing keys; fetched again when a token names a key not yet seen."""
    entry = _keys.get(provider.issuer)
    if refresh or not _fresh(entry):
        try:
            keys = KeySet.import_key_set(_get_json(metadata(provider)["jwks_uri"]))
        except (requests.RequestException, ValueError, KeyError, JoseError) as exc:
            raise SignInError(_unreachable(provider), reason=f"keys not fetched: {exc}") from exc
        entry = _keys[provider.issuer] = _Cached(keys, time.monotonic())
    assert entry is not None
    found: KeySet = entry.value
    return found


def forget_metadata() -> None:
    _metadata.clear()
    _keys.clear()


@dataclass(frozen=True)
class Request:
    """What the browser is sent to the provider with, and what Cadre keeps in the session to
    check the answer."""

    url: str
    state: str
    nonce: str
    code_verifier: str


def authorization_request(provider: Provider, redirect_uri: str) -> Request:
    meta = metadata(provider)
    state, nonce = generate_token(32), generate_token(32)
    verifier = generate_token(64)
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": provider.scopes,
        "state": state,
        "nonce": nonce,
        "code_challenge": create_s256_code_challenge(verifier),
        "code_challenge_method": "S256",
    }
    signer = signer_for(provider)
    if signer is not None:
        params = signer.authorization_params(params)
    endpoint = meta["authorization_endpoint"]
    url = endpoint + ("&" if "?" in endpoint else "?") + urlencode(params)
    return Request(url=url, state=state, nonce=nonce, code_verifier=verifier)


def _refused(reason: str) -> SignInError:
    return SignInError(
        _("The identity provider's answer could not be trusted, so you were not signed in."),
        reason=reason,
    )


def exchange(
    provider: Provider, *, code: str, redirect_uri: str, code_verifier: str, nonce: str
) -> tuple[dict[str, Any], str]:
    """Trade the code for tokens and check the ID token; its claims and the raw token."""
    meta = metadata(provider)
    endpoint = meta["token_endpoint"]
    session = session_for(provider, endpoint, redirect_uri)
    try:
        token = session.fetch_token(
            endpoint,
            grant_type="authorization_code",
            code=code,
            code_verifier=code_verifier,
            timeout=TIMEOUT,
        )
    except Exception as exc:  # an OAuth error answer (invalid_grant: a code used twice…)
        raise SignInError(
            _("The identity provider refused the sign-in (%(error)s). Please start again.")
            % {"error": getattr(exc, "error", None) or type(exc).__name__},
            reason=f"token request refused: {exc}",
        ) from exc
    finally:
        session.close()
    raw = token.get("id_token")
    if not raw:
        raise _refused("no ID token in the answer")
    return verify_id_token(provider, raw, nonce=nonce), raw


def verify_id_token(provider: Provider, raw: str, *, nonce: str) -> dict[str, Any]:
    """The ID token's claims once its signature, issuer, audience, times and nonce hold."""
    keys = key_set(provider)
    try:
        try:
            token = jwt.decode(raw, keys, algorithms=ALGORITHMS)
        except InvalidKeyIdError:  # a key id not in the set: the provider may have new keys
            token = jwt.decode(raw, key_set(provider, refresh=True), algorithms=ALGORITHMS)
    except (JoseError, ValueError) as exc:
        raise _refused(f"ID token signature not valid: {type(exc).__name__} {exc}") from exc
    claims = dict(token.claims)
    if claims.get("iss") != provider.issuer:
        raise _refused(f"ID token issuer {claims.get('iss')!r}")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if provider.client_id not in audiences:
        raise _refused(f"ID token audience {audience!r}")
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise _refused(f"ID token authorised party {claims.get('azp')!r}")
    now, leeway = time.time(), settings.CADRE_OIDC_LEEWAY_SECONDS
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, int | float) or exp <= now - leeway:
        raise _refused(f"ID token expired (exp {exp!r})")
    if not isinstance(iat, int | float) or iat > now + leeway:
        raise _refused(f"ID token issued in the future (iat {iat!r})")
    if not isinstance(claims.get("nonce"), str) or not secrets.compare_digest(
        claims["nonce"], nonce
    ):
        raise _refused("ID token nonce does not match")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise _refused("ID token has no subject")
    return claims


def end_session_url(provider: Provider, *, id_token: str, after: str) -> str | None:
    """Where the browser signs out at the provider (RP-initiated logout 1.0), if it can."""
    if not provider.logout:
        return None
    try:
        endpoint = metadata(provider).get("end_session_endpoint")
    except SignInError:
        return None
    if not endpoint:
        return None
    params = {"id_token_hint": id_token, "client_id": provider.client_id}
    if after:
        params["post_logout_redirect_uri"] = after
    return str(endpoint) + ("&" if "?" in endpoint else "?") + urlencode(params)
