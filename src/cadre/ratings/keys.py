"""Keyed hashes and tokens: the citizen is never stored in clear, tokens only as hashes.

Keys are derived from ``SECRET_KEY`` per purpose, so a leaked table of hashes cannot be
reversed by hashing every phone number without the key.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import ipaddress
import re

from django.conf import settings

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22}")


def _key(purpose: str) -> bytes:
    return hashlib.sha256(f"cadre.ratings.{purpose}:{settings.SECRET_KEY}".encode()).digest()


def keyed(purpose: str, value: str) -> str:
    return hmac.new(_key(purpose), value.encode(), hashlib.sha256).hexdigest()


def token_for(issuer_id: int, external_id: str) -> str:
    """The interaction's token: unguessable (132 bits of an HMAC) and the same on every
    re-issue of the same interaction, so issuing is idempotent without keeping the token."""
    digest = hmac.new(_key("token"), f"{issuer_id}:{external_id}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode()[:22]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def citizen_key(citizen_id: str) -> str:
    """A phone number or national identifier, normalised, as a keyed hash ("" if none)."""
    normal = re.sub(r"[^0-9A-Za-z]", "", citizen_id).upper()
    return keyed("citizen", normal) if normal else ""


@functools.lru_cache(maxsize=65536)
def network_key(address: str) -> str:
    """The client's network (IPv4 /24, IPv6 /48) as a keyed hash: enough to see many
    ratings from one place, never the address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    network = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    return keyed("network", str(network))
