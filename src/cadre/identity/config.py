"""The identity providers, read from ``CADRE_OIDC_PROVIDERS`` (docs/configuration.md).

Each entry is a JSON object; ``name`` is the provider's key in Cadre's URLs and audit log.
A secret may be left out of the JSON and given as ``CADRE_OIDC_<NAME>_CLIENT_SECRET``
(``<NAME>`` upper-cased, ``-`` as ``_``); a private key as a file path.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CLIENT_AUTH = ("client_secret_basic", "client_secret_post", "private_key_jwt", "signer")
MATCH = ("email", "personal_id")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class Provider:
    """One identity provider Cadre's users may sign in with."""

    name: str
    label: str
    issuer: str
    client_id: str
    client_secret: str = ""
    scopes: str = "openid email"
    client_auth: str = "client_secret_basic"
    private_key_file: str = ""  # PEM, for private_key_jwt
    private_key_id: str = ""  # its "kid" as registered at the provider
    signer: str = ""  # dotted path of a ClientSigner class, for client_auth "signer"
    match: str = "email"  # which verified claim finds the user at the first sign-in
    personal_id_claim: str = "personal_id"  # the claim holding the national identifier
    logout: bool = True  # continue signing out at the provider (RP-initiated logout)

    @property
    def env_prefix(self) -> str:
        return "CADRE_OIDC_" + self.name.upper().replace("-", "_") + "_"


def _provider(raw: Any, index: int) -> Provider:
    where = f"CADRE_OIDC_PROVIDERS[{index}]"
    if not isinstance(raw, dict):
        raise ImproperlyConfigured(f"{where} must be a JSON object")
    known = set(Provider.__dataclass_fields__)
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ImproperlyConfigured(f"{where}: unknown key(s) {', '.join(unknown)}")
    for key in ("name", "issuer", "client_id"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise ImproperlyConfigured(f"{where}: '{key}' is required")
    if not _NAME.match(raw["name"]):
        raise ImproperlyConfigured(f"{where}: 'name' must be lower-case letters, digits and '-'")
    values = {k: v for k, v in raw.items() if k in known}
    values.setdefault("label", raw["name"])
    provider = Provider(**values)
    secret = os.environ.get(provider.env_prefix + "CLIENT_SECRET")
    if secret:
        provider = Provider(**{**values, "client_secret": secret})
    if provider.client_auth not in CLIENT_AUTH:
        raise ImproperlyConfigured(
            f"{where}: 'client_auth' must be one of {', '.join(CLIENT_AUTH)}"
        )
    if provider.match not in MATCH:
        raise ImproperlyConfigured(f"{where}: 'match' must be one of {', '.join(MATCH)}")
    if provider.client_auth.startswith("client_secret") and not provider.client_secret:
        raise ImproperlyConfigured(
            f"{where}: a client secret is needed "
            f"('client_secret' or {provider.env_prefix}CLIENT_SECRET)"
        )
    if provider.client_auth == "private_key_jwt" and not provider.private_key_file:
        raise ImproperlyConfigured(f"{where}: private_key_jwt needs 'private_key_file'")
    if provider.client_auth == "signer" and not provider.signer:
        raise ImproperlyConfigured(f"{where}: client_auth 'signer' needs 'signer' (a dotted path)")
    if "openid" not in provider.scopes.split():
        raise ImproperlyConfigured(f"{where}: 'scopes' must include openid")
    return provider


_cache: tuple[int, dict[str, Provider]] | None = None


def providers() -> dict[str, Provider]:
    """The configured providers by name, in the order given."""
    global _cache
    raw = settings.CADRE_OIDC_PROVIDERS
    if _cache is not None and _cache[0] == id(raw):
        return _cache[1]
    if not isinstance(raw, list):
        raise ImproperlyConfigured("CADRE_OIDC_PROVIDERS must be a JSON list")
    found: dict[str, Provider] = {}
    for index, entry in enumerate(raw):
        provider = _provider(entry, index)
        if provider.name in found:
            raise ImproperlyConfigured(f"CADRE_OIDC_PROVIDERS: '{provider.name}' is named twice")
        found[provider.name] = provider
    _cache = (id(raw), found)
    return found
