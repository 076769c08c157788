"""API tokens: shown once, stored hashed, expire, can be revoked; bad tokens get clear errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cadre.accounts.models import ApiToken, hash_token
from cadre.accounts.services import api_token_create
from cadre.core.errors import ApplicationError
from cadre.core.testing.world import World


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_me_tells_who_and_which_roles(world: World) -> None:
    _token, key = api_token_create(actor=world.users["hr_a"], name="ci")
    body = _client(key).get("/api/v1/me/").json()
    assert body["username"] == "hr_a"
    assert [(r["role"], r["organisation_name"]) for r in body["roles"]] == [
        ("hr_officer", "Body A")
    ]


def test_only_the_hash_of_the_key_is_stored(world: World) -> None:
    token, key = api_token_create(actor=world.users["hr_a"], name="ci")
    assert key.startswith("cdr_") and len(key) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_token(key)
    assert key not in {stored.key_hash, stored.prefix, stored.name}


def test_expired_token_is_refused_with_its_reason(world: World) -> None:
    token, key = api_token_create(actor=world.users["hr_a"], name="ci")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _client(key).get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "errors": [{"field": None, "code": "token_expired", "message": "The token has expired."}],
    }


def test_revoked_and_forged_tokens_are_invalid(world: World) -> None:
    token, key = api_token_create(actor=world.users["hr_a"], name="ci")
    client = _client(key)
    assert client.delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    assert client.get("/api/v1/me/").json()["errors"][0]["code"] == "token_invalid"
    assert _client("cdr_forged").get("/api/v1/me/").json()["errors"][0]["code"] == "token_invalid"


def test_malformed_header_is_named(world: World) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token two parts")
    response = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["errors"][0] == {
        "field": None,
        "code": "malformed",
        "message": "Malformed Authorization header: expected 'Token <key>'.",
    }


def test_token_lifetime_is_checked(world: World) -> None:
    with pytest.raises(ApplicationError) as info:
        api_token_create(actor=world.users["hr_a"], name="ci", days=400)
    assert info.value.errors == {"days": ["A token must be valid for 1 to 366 days."]}
    assert not ApiToken.objects.filter(user=world.users["hr_a"]).exists()


def test_token_api_creates_and_shows_the_key_once(world: World) -> None:
    _t, key = api_token_create(actor=world.users["hr_a"], name="bootstrap")
    client = _client(key)
    response = client.post("/api/v1/tokens/", {"name": "etl", "days": 30}, format="json")
    assert response.status_code == 201
    new_key = response.json()["key"]
    assert _client(new_key).get("/api/v1/me/").status_code == 200
    listed = client.get("/api/v1/tokens/").json()["results"]
    assert {t["name"] for t in listed} == {"bootstrap", "etl"}
    assert all("key" not in t for t in listed)


def test_one_cannot_see_or_revoke_someone_elses_token(world: World) -> None:
    other, _ = api_token_create(actor=world.users["hr_b"], name="theirs")
    _t, key = api_token_create(actor=world.users["admin"], name="mine")
    client = _client(key)
    assert client.get(f"/api/v1/tokens/{other.pk}/").status_code == 404
    assert client.delete(f"/api/v1/tokens/{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_profile_page_creates_a_token_and_shows_it_once(as_user, world: World) -> None:
    client = as_user("manager_a1")
    response = client.post("/accounts/profile/", {"name": "laptop", "days": 10})
    body = response.content.decode()
    token = ApiToken.objects.get(user=world.users["manager_a1"])
    assert 'id="new-token"' in body
    assert 'id="new-token"' not in client.get("/accounts/profile/").content.decode()
    assert token.name == "laptop"
    assert (token.expires_at - timezone.now()).days in (9, 10)


def test_api_creates_a_user_with_a_first_role_atomically(api_as, world: World) -> None:
    from cadre.accounts.models import User

    client = api_as("hr_a")
    unit = world.orgs["unit_a1"]
    response = client.post(
        "/api/v1/users/",
        {
            "username": "new_one",
            "password": "a-long-enough-password",
            "role": "employee",
            "organisation": unit.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["roles"] == [
        {
            "id": response.json()["roles"][0]["id"],
            "role": "employee",
            "organisation": unit.pk,
            "organisation_name": "Unit A1",
        }
    ]
    assert client.get(f"/api/v1/users/{response.json()['id']}/").status_code == 200
    # A role the HR officer may not grant: refused, and no user is left behind.
    response = client.post(
        "/api/v1/users/",
        {"username": "boss", "password": "a-long-enough-password", "role": "national_admin"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "role"
    assert not User.objects.filter(username="boss").exists()


def test_api_refuses_a_weak_password_with_the_reason(api_as, world: World) -> None:
    response = api_as("hr_a").post(
        "/api/v1/users/",
        {
            "username": "weak",
            "password": "12345",
            "role": "employee",
            "organisation": world.orgs["unit_a1"].pk,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {
        "field": "password",
        "code": "password",
        "message": "This password is too short. It must contain at least 10 characters.",
    } in errors
