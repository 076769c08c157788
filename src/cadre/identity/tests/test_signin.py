"""Signing in through a real OIDC provider (django-oauth-toolkit in its own process):
the first sign-in links by a verified claim, later ones by the link; every bad answer —
forged, expired, wrong audience, replayed code, mismatched state, claims matching nobody or
two users — is refused with a clear message, audited, and nobody is signed in."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from cadre.accounts import services as account_services
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.identity.models import IdentityLink
from cadre.identity.tests.flow import PASSWORD, callback, code_from_provider
from cadre.identity.tests.provider.process import RealProvider

REDIRECT = "http://testserver/identity/testid/callback/"
REFUSED_TOKEN = "The identity provider's answer could not be trusted, so you were not signed in."


def _user(world: World, username: str, email: str) -> Any:
    return account_services.user_create(
        actor=world.users["admin"], username=username, password="x-Unused-1234", email=email
    )


def _at_provider(username: str, **claims: Any) -> dict[str, Any]:
    return {"username": username, "password": PASSWORD, "claims": claims}


@pytest.fixture
def alice(world: World, provider: RealProvider) -> Any:
    user = _user(world, "alice", "alice@example.org")
    provider.setup(
        redirect_uris=[REDIRECT],
        users=[
            _at_provider(
                "alice-idp",
                email="Alice@Example.org",
                email_verified=True,
                roles=["national_admin"],  # a claim Cadre never reads
            ),
            _at_provider("unverified", email="alice@example.org", email_verified=False),
            _at_provider("stranger", email="nobody@example.org", email_verified=True),
            _at_provider("twin", email="twin@example.org", email_verified=True),
        ],
    )
    return user


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _signed_in_as(client: Client) -> str | None:
    from django.contrib.auth import SESSION_KEY

    return client.session.get(SESSION_KEY)


def _refusals() -> list[str]:
    return list(
        AuditEvent.objects.filter(action="identity.refused")
        .order_by("id")
        .values_list("reason", flat=True)
    )


def test_first_sign_in_links_by_verified_email_then_by_the_link(alice, provider) -> None:
    client = Client()
    response = callback(client, code_from_provider(client, "alice-idp"))
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_as(client) == str(alice.pk)
    link = IdentityLink.objects.get()
    assert (link.user, link.provider, link.matched_on) == (alice, "testid", "email")
    actions = list(
        AuditEvent.objects.filter(action__startswith="identity.")
        .order_by("id")
        .values_list("action", "actor_id")
    )
    assert actions == [("identity.link", alice.pk), ("identity.sign_in", alice.pk)]
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You are signed in as <strong>alice</strong>." in home

    # The e-mail changes in Cadre: the link, not the claim, finds alice the next time.
    from cadre.accounts.models import User

    User.objects.filter(pk=alice.pk).update(email="alice@elsewhere.org")
    again = Client()
    assert callback(again, code_from_provider(again, "alice-idp")).status_code == 302
    assert _signed_in_as(again) == str(alice.pk)
    assert IdentityLink.objects.count() == 1
    assert AuditEvent.objects.filter(action="identity.sign_in").count() == 2


def test_next_is_kept_through_the_provider(alice, provider) -> None:
    client = Client()
    url = code_from_provider(
        client, "alice-idp", start="/identity/testid/start/?next=/accounts/profile/"
    )
    assert callback(client, url)["Location"] == "/accounts/profile/"
    evil = Client()
    url = code_from_provider(
        evil, "alice-idp", start="/identity/testid/start/?next=https://evil.example/"
    )
    assert callback(evil, url)["Location"] == "/"


def test_the_authorization_request_uses_pkce_state_and_nonce(alice, provider) -> None:
    start = Client().get("/identity/testid/start/")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert start["Location"].startswith(provider.issuer + "/authorize/")
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert query["redirect_uri"] == [REDIRECT]
    assert "code_verifier" not in query


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("forge", "ID token signature not valid: BadSignatureError"),
        ("unknown-key", "ID token signature not valid: InvalidKeyIdError"),
        ("expire", "ID token expired"),
        ("audience", "ID token audience 'someone-else'"),
    ],
)
def test_a_bad_id_token_is_refused(alice, provider, mode: str, reason: str, monkeypatch) -> None:
    from cadre.identity import oidc

    fetched: list[str] = []
    get_json = oidc._get_json

    def counted(url: str) -> Any:
        fetched.append(url)
        return get_json(url)

    monkeypatch.setattr(oidc, "_get_json", counted)
    client = Client()
    url = code_from_provider(client, "alice-idp")
    provider.fault(mode)
    response = callback(client, url)
    assert response.status_code == 403
    assert REFUSED_TOKEN in _text(response)
    assert _signed_in_as(client) is None
    assert not IdentityLink.objects.exists()
    refusals = _refusals()
    assert len(refusals) == 1
    assert refusals[0].startswith(reason)
    # A key id not yet seen has the keys fetched again once (the provider may have rotated).
    jwks = [u for u in fetched if u.endswith("/jwks.json")]
    assert len(jwks) == (2 if mode == "unknown-key" else 1)


def test_a_replayed_code_is_refused_by_the_provider(alice, provider) -> None:
    first = Client()
    url = code_from_provider(first, "alice-idp")
    assert callback(first, url).status_code == 302
    # An attacker who saw the callback URL starts a sign-in of their own and replays the code.
    attacker = Client()
    start = attacker.get("/identity/testid/start/")
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    code = parse_qs(urlsplit(url).query)["code"][0]
    response = attacker.get(
        f"/identity/testid/callback/?code={code}&state={state}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert (
        "The identity provider refused the sign-in (invalid_grant). Please start again."
        in _text(response)
    )
    assert _signed_in_as(attacker) is None
    assert _refusals()[0].startswith("token request refused")


def test_a_mismatched_state_is_refused_before_the_code_is_used(alice, provider) -> None:
    client = Client()
    url = code_from_provider(client, "alice-idp")
    other = Client()  # the callback arrives in a session that did not start this sign-in
    response = callback(other, url)
    assert response.status_code == 403
    assert "This sign-in was not started here or has expired. Please start again." in _text(
        response
    )
    assert _refusals() == ["state does not match a sign-in started here"]
    # The code was not spent: the session that started it still signs in with it.
    assert callback(client, url).status_code == 302
    # …once: the same state a second time is refused.
    assert callback(client, url).status_code == 403


def test_claims_matching_nobody_are_refused(alice, provider) -> None:
    client = Client()
    response = callback(client, code_from_provider(client, "stranger"))
    assert response.status_code == 403
    assert (
        "No Cadre account matches your TestID identity. Ask your HR officer to record your "
        "details in Cadre, then try again." in _text(response)
    )
    assert _refusals() == ["email matches no user"]
    assert not IdentityLink.objects.exists()


def test_claims_matching_two_users_are_refused(alice, provider, world) -> None:
    _user(world, "twin1", "twin@example.org")
    _user(world, "twin2", "TWIN@example.org")
    client = Client()
    response = callback(client, code_from_provider(client, "twin"))
    assert response.status_code == 403
    assert (
        "Your TestID identity matches more than one Cadre account, so you were not signed "
        "in. Ask your HR officer to correct the accounts." in _text(response)
    )
    assert _refusals() == ["email matches 2 users"]
    assert _signed_in_as(client) is None


def test_an_unverified_email_is_not_used(alice, provider) -> None:
    client = Client()
    response = callback(client, code_from_provider(client, "unverified"))
    assert response.status_code == 403
    assert (
        "TestID has not verified your e-mail address, so it cannot be used to find your "
        "Cadre account." in _text(response)
    )
    assert _refusals() == ["email not verified"]


def test_the_refusal_is_in_the_users_language(alice, provider) -> None:
    client = Client()
    url = code_from_provider(client, "stranger")
    parts = urlsplit(url)
    response = client.get(parts.path + "?" + parts.query, HTTP_ACCEPT_LANGUAGE="ru")
    assert "Ни одна учётная запись Cadre не соответствует" in _text(response)


def test_sign_in_by_national_identifier_of_the_linked_person(
    world, real_provider, settings
) -> None:
    import datetime as dt

    from cadre.identity import oidc
    from cadre.people.services import employee_create, employee_link_user

    settings.CADRE_OIDC_PROVIDERS = [
        real_provider.config(match="personal_id", personal_id_claim="personal_id")
    ]
    oidc.forget_metadata()
    employee = world.users["employee_a1"]
    person = employee_create(
        actor=world.users["hr_a"],
        personal_id="KZ-0042",
        last_name="Ахметова",
        first_name="Дина",
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        organisation=world.orgs["unit_a1"],
    )
    employee_link_user(actor=world.users["hr_a"], employee=person, user=employee)
    real_provider.setup(
        redirect_uris=[REDIRECT],
        users=[
            _at_provider("dina", personal_id="KZ-0042"),
            _at_provider("nobody", personal_id="KZ-9999"),
            _at_provider("no-claim"),
        ],
    )
    client = Client()
    assert callback(client, code_from_provider(client, "dina")).status_code == 302
    assert _signed_in_as(client) == str(employee.pk)
    assert IdentityLink.objects.get().matched_on == "personal_id"
    for who, reason in (
        ("nobody", "personal_id matches no user"),
        ("no-claim", "no personal_id claim"),
    ):
        other = Client()
        assert callback(other, code_from_provider(other, who)).status_code == 403
        assert _refusals()[-1] == reason
    oidc.forget_metadata()


def test_roles_come_from_cadre_not_from_the_provider(alice, provider) -> None:
    client = Client()
    callback(client, code_from_provider(client, "alice-idp"))
    from cadre.accounts.models import RoleAssignment

    assert not RoleAssignment.objects.filter(user=alice).exists()
    assert client.get("/accounts/roles/add/").status_code == 403


def test_rp_initiated_logout_continues_at_the_provider(alice, provider) -> None:
    client = Client()
    callback(client, code_from_provider(client, "alice-idp"))
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    onward = urlsplit(response["Location"])
    assert f"{onward.scheme}://{onward.netloc}{onward.path}" == provider.issuer + "/logout/"
    query = parse_qs(onward.query)
    assert query["client_id"] == ["cadre-test"]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert _signed_in_as(client) is None
    # A password sign-out stays at Cadre.
    assert Client().post("/accounts/logout/")["Location"] == "/accounts/login/"
