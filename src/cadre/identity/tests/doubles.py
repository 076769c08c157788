"""A stand-in for a national client-authentication scheme (``clientauth.ClientSigner``):
what ESIA's GOST signer does, with HMAC-SHA256 in place of GOST R 34.10-2012 and the client
secret as the key. It records what it signed, so tests can see it was asked."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from django.utils import timezone

SIGNED: list[str] = []


class FakeGostSigner:
    def __init__(self, provider: Any) -> None:
        self.provider = provider

    def _sign(self, params: dict[str, str]) -> dict[str, str]:
        stamp = timezone.now().strftime("%Y.%m.%d %H:%M:%S +0000")
        message = (
            params.get("scope", "") + stamp + self.provider.client_id + params.get("state", "")
        )
        SIGNED.append(message)
        digest = hmac.new(self.provider.client_secret.encode(), message.encode(), hashlib.sha256)
        return {
            **params,
            "timestamp": stamp,
            "client_signature": base64.urlsafe_b64encode(digest.digest()).decode(),
        }

    def authorization_params(self, params: dict[str, str]) -> dict[str, str]:
        return self._sign(params)

    def token_params(self, params: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
        # The test provider (django-oauth-toolkit) knows only the shared secret: send it
        # too, so the real exchange goes through with the signer in the path.
        signed = self._sign(params)
        signed["client_id"] = self.provider.client_id
        signed["client_secret"] = self.provider.client_secret
        return signed, {"X-Signed-By": "fake-gost"}
