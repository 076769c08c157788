"""How Cadre proves who it is at a provider's token endpoint (docs/identity.md).

- ``client_secret_basic`` / ``client_secret_post``: the shared secret (RFC 6749 §2.3.1).
- ``private_key_jwt``: a JWT signed with Cadre's private key (OIDC Core §9, RFC 7523).
- ``signer``: a deployment's own scheme, e.g. ESIA's client secret, which is a detached
  GOST R 34.10-2012 signature of ``scope + timestamp + client_id + state`` made with the
  organisation's certificate. Cadre cannot make those signatures itself (the keys stay in a
  certified module: CryptoPro CSP, an HSM); the deployment supplies a class implementing
  ``ClientSigner`` and names it by dotted path in the provider's ``signer``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode

from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django.utils.module_loading import import_string

from cadre.identity.config import Provider


class ClientSigner(Protocol):
    """A deployment's client authentication. Cadre creates one per provider with
    ``Signer(provider)`` and calls it for each request it sends:

    - ``authorization_params`` with the parameters of the authorization request (the browser
      carries them to the provider) → the parameters to send (add ``client_secret``,
      ``timestamp``… as the scheme wants; keep the others);
    - ``token_params`` likewise for the token request (sent from Cadre's server); it may
      also return extra HTTP headers.

    Both must be pure functions of their input and the signer's key: no other state.
    """

    def __init__(self, provider: Provider) -> None: ...

    def authorization_params(self, params: dict[str, str]) -> dict[str, str]: ...

    def token_params(self, params: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]: ...


def signer_for(provider: Provider) -> ClientSigner | None:
    if provider.client_auth != "signer":
        return None
    cls = import_string(provider.signer)
    signer: ClientSigner = cls(provider)
    return signer


class _SignerAuth:
    """Authlib's client-auth hook, handing the token request's form to the signer."""

    name = "signer"

    def __init__(self, signer: ClientSigner) -> None:
        self.signer = signer

    def __call__(
        self, auth: Any, method: str, uri: str, headers: dict[str, str], body: str
    ) -> tuple[str, dict[str, str], str]:
        params, extra = self.signer.token_params(dict(parse_qsl(body, keep_blank_values=True)))
        return uri, {**headers, **extra}, urlencode(params)


def session_for(provider: Provider, token_endpoint: str, redirect_uri: str) -> OAuth2Session:
    """An Authlib session that authenticates as ``provider`` says."""
    secret: Any = provider.client_secret
    if provider.client_auth == "private_key_jwt":
        secret = Path(provider.private_key_file).read_text(encoding="ascii")
    session = OAuth2Session(
        client_id=provider.client_id,
        client_secret=secret,
        token_endpoint_auth_method=provider.client_auth,
        redirect_uri=redirect_uri,
        scope=provider.scopes,
    )
    if provider.client_auth == "private_key_jwt":
        headers = {"kid": provider.private_key_id} if provider.private_key_id else None
        session.register_client_auth_method(PrivateKeyJWT(token_endpoint, headers=headers))
    signer = signer_for(provider)
    if signer is not None:
        session.register_client_auth_method(_SignerAuth(signer))
    return session
