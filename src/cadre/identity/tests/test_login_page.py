"""The sign-in page offers each configured provider; password sign-in can be switched off;
the providers' configuration is checked when Cadre starts."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from cadre.core.testing.world import PASSWORD
from cadre.identity import config

ISSUER = "https://idp.example.gov"


def _providers(*names: str) -> list[dict[str, str]]:
    return [
        {"name": n, "label": n.upper(), "issuer": ISSUER, "client_id": "c", "client_secret": "s"}
        for n in names
    ]


def test_the_sign_in_page_has_a_button_per_provider(db, settings) -> None:
    settings.CADRE_OIDC_PROVIDERS = _providers("egov", "esia")
    page = html.unescape(
        Client().get("/accounts/login/?next=/people/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert (
        '<a class="button" href="/identity/egov/start/?next=%2Fpeople%2F">Sign in with EGOV</a>'
        in page
    )
    assert (
        '<a class="button" href="/identity/esia/start/?next=%2Fpeople%2F">Sign in with ESIA</a>'
        in page
    )
    assert 'name="password"' in page


def test_without_providers_only_the_password_form(db, settings) -> None:
    settings.CADRE_OIDC_PROVIDERS = []
    page = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign in with" not in page
    assert 'name="password"' in page


def test_password_sign_in_switched_off(world, settings) -> None:
    settings.CADRE_OIDC_PROVIDERS = _providers("egov")
    settings.CADRE_PASSWORD_LOGIN = False
    client = Client()
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="password"' not in page
    assert "Sign in with EGOV" in page
    refused = client.post(
        "/accounts/login/",
        {"username": "hr_a", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 403
    assert (
        "Signing in with a password is switched off here. Use one of the buttons below."
        in refused.content.decode()
    )
    assert "_auth_user_id" not in client.session
    ru = client.post(
        "/accounts/login/", {"username": "hr_a", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "Вход по паролю здесь отключён" in ru.content.decode()


def test_an_unknown_provider_is_not_found(db, settings) -> None:
    settings.CADRE_OIDC_PROVIDERS = _providers("egov")
    assert Client().get("/identity/esia/start/").status_code == 404
    assert Client().get("/identity/esia/callback/?code=x&state=y").status_code == 404


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ({"issuer": ISSUER, "client_id": "c"}, "CADRE_OIDC_PROVIDERS[0]: 'name' is required"),
        (
            {"name": "Bad Name", "issuer": ISSUER, "client_id": "c", "client_secret": "s"},
            "'name' must be lower-case letters, digits and '-'",
        ),
        (
            {"name": "x", "issuer": ISSUER, "client_id": "c"},
            "a client secret is needed ('client_secret' or CADRE_OIDC_X_CLIENT_SECRET)",
        ),
        (
            {"name": "x", "issuer": ISSUER, "client_id": "c", "client_auth": "signer"},
            "client_auth 'signer' needs 'signer' (a dotted path)",
        ),
        (
            {"name": "x", "issuer": ISSUER, "client_id": "c", "secret": "s"},
            "unknown key(s) secret",
        ),
        (
            {
                "name": "x",
                "issuer": ISSUER,
                "client_id": "c",
                "client_secret": "s",
                "match": "phone",
            },
            "'match' must be one of email, personal_id",
        ),
    ],
)
def test_a_wrong_provider_entry_names_the_problem(settings, entry, error) -> None:
    settings.CADRE_OIDC_PROVIDERS = [entry]
    with pytest.raises(ImproperlyConfigured) as caught:
        config.providers()
    assert error in str(caught.value)


def test_the_secret_may_come_from_its_own_variable(settings, monkeypatch) -> None:
    monkeypatch.setenv("CADRE_OIDC_E_GOV_CLIENT_SECRET", "from-env")
    settings.CADRE_OIDC_PROVIDERS = [{"name": "e-gov", "issuer": ISSUER, "client_id": "c"}]
    provider = config.providers()["e-gov"]
    assert provider.client_secret == "from-env"
    assert provider.label == "e-gov"


def test_settings_read_the_providers_and_let_sign_out_continue_there(tmp_path) -> None:
    import json
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "CADRE_DATA_DIR": str(tmp_path),
        "CADRE_PASSWORD_LOGIN": "false",
        "CADRE_OIDC_PROVIDERS": json.dumps(_providers("egov")),
    }
    code = (
        "import cadre.settings as s; "
        "print(s.CADRE_PASSWORD_LOGIN, s.CADRE_OIDC_PROVIDERS[0]['name'], "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False egov [\"'self'\", 'https://idp.example.gov']"
    env["CADRE_OIDC_PROVIDERS"] = "[{"
    broken = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert "CADRE_OIDC_PROVIDERS is not valid JSON" in broken.stderr
