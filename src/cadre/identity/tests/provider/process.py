"""Start the test provider as a process (tests' fixture and bench/oidc_signin.py)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import cadre

CLIENT_ID = "cadre-test"
CLIENT_SECRET = "cadre-test-secret-0123456789"


@dataclass
class RealProvider:
    url: str

    @property
    def issuer(self) -> str:
        return self.url + "/o"

    def setup(self, *, redirect_uris: list[str], users: list[dict[str, Any]]) -> None:
        """Replace the provider's client (Cadre, with these redirect URIs) and users."""
        answer = requests.post(
            self.url + "/test/setup",
            data=json.dumps(
                {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": redirect_uris,
                    "post_logout_redirect_uris": [
                        u.split("/identity/")[0] + "/accounts/login/" for u in redirect_uris
                    ],
                    "users": users,
                }
            ),
            timeout=10,
        )
        answer.raise_for_status()

    def fault(self, mode: str) -> None:
        """Spoil the ID token of the next token answer: forge, expire or audience."""
        requests.post(
            self.url + "/test/fault", data=json.dumps({"mode": mode}), timeout=10
        ).raise_for_status()

    def config(self, **extra: Any) -> dict[str, Any]:
        """Cadre's CADRE_OIDC_PROVIDERS entry for this provider, named ``testid``."""
        return {
            "name": "testid",
            "label": "TestID",
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "scopes": "openid email",
            **extra,
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_provider() -> Iterator[RealProvider]:
    """The provider on a free loopback port with a new RS256 key, until the block ends."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    port = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="cadre-oidc-"))
    src = str(Path(cadre.__file__).parent.parent)
    env = {
        **os.environ,
        "PROVIDER_PORT": str(port),
        "PROVIDER_KEY": pem,
        "PROVIDER_DB": str(workdir / "provider.sqlite3"),
        "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = (workdir / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "cadre.identity.tests.provider.run"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = RealProvider(url=f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                discovery = provider.issuer + "/.well-known/openid-configuration"
                if requests.get(discovery, timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "the test identity provider did not start: "
                    + (workdir / "provider.log").read_text()
                )
            time.sleep(0.2)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
