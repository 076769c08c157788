"""The client's authentication at the token endpoint: a private-key JWT, and a deployment's
signer plugin (a test double standing for ESIA's GOST signature) through a real exchange."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from joserfc import jwk, jwt

from cadre.accounts import services as account_services
from cadre.identity import oidc
from cadre.identity.clientauth import session_for
from cadre.identity.config import Provider
from cadre.identity.tests import doubles
from cadre.identity.tests.flow import PASSWORD, callback, code_from_provider
from cadre.identity.tests.provider.process import RealProvider


def test_private_key_jwt_signs_an_assertion_the_provider_can_check(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem_file = tmp_path / "cadre.pem"
    pem_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    provider = Provider(
        name="x",
        label="X",
        issuer="https://idp.example.gov",
        client_id="cadre",
        client_auth="private_key_jwt",
        private_key_file=str(pem_file),
        private_key_id="k1",
    )
    endpoint = "https://idp.example.gov/token"
    session = session_for(provider, endpoint, "https://cadre.example/cb")
    auth = session.client_auth("private_key_jwt")
    _uri, _headers, body = auth.prepare("POST", endpoint, {}, "grant_type=authorization_code")
    from urllib.parse import parse_qs

    form = parse_qs(body)
    assert form["client_assertion_type"] == [
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    ]
    public = jwk.import_key(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        "RSA",
    )
    token = jwt.decode(form["client_assertion"][0], public)
    assert token.header["kid"] == "k1"
    assert token.claims["iss"] == token.claims["sub"] == "cadre"
    assert token.claims["aud"] == endpoint
    assert token.claims["exp"] > time.time()
    assert "client_secret" not in form


def test_a_signer_plugin_authenticates_a_real_sign_in(
    world, real_provider: RealProvider, settings
) -> None:
    settings.CADRE_OIDC_PROVIDERS = [
        real_provider.config(
            client_auth="signer",
            signer="cadre.identity.tests.doubles.FakeGostSigner",
            client_secret="cadre-test-secret-0123456789",
        )
    ]
    oidc.forget_metadata()
    doubles.SIGNED.clear()
    user: Any = account_services.user_create(
        actor=world.users["admin"], username="gost", password="x-Unused-1234", email="g@example.org"
    )
    real_provider.setup(
        redirect_uris=["http://testserver/identity/testid/callback/"],
        users=[
            {
                "username": "g",
                "password": PASSWORD,
                "claims": {"email": "g@example.org", "email_verified": True},
            }
        ],
    )
    client = Client()
    url = code_from_provider(client, "g")
    assert callback(client, url).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    # signed twice: the authorization request and the token request
    assert len(doubles.SIGNED) == 2
    authorization, token = doubles.SIGNED
    assert authorization.startswith("openid email") and "cadre-test" in authorization
    assert "cadre-test" in token
    oidc.forget_metadata()
