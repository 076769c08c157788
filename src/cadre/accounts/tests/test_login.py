"""Sign-in: lockout after repeated failures, audited; the home page says who you are."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from cadre.accounts.models import LoginThrottle, User
from cadre.core.models import AuditEvent
from cadre.core.testing.world import PASSWORD, World

LOGIN = "/accounts/login/"


def _try(client: Client, username: str, password: str, lang: str = "en"):
    return client.post(
        LOGIN, {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE=lang
    )


def test_good_password_signs_in_and_home_lists_roles(world: World) -> None:
    client = Client()
    response = _try(client, "hr_a", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You are signed in as <strong>hr_a</strong>." in home
    assert "Body HR officer" in home
    assert "Body A" in home


def test_the_username_is_found_whatever_its_case(world: World) -> None:
    assert _try(Client(), "HR_A", PASSWORD).status_code == 302
    # Two accounts equal without case (made before that was refused): the exact one signs
    # in, another spelling finds neither and is refused like an unknown name.
    User.objects.create_user(username="Hr_A", password=PASSWORD)
    assert _try(Client(), "hr_a", PASSWORD).status_code == 302
    refused = _try(Client(), "HR_a", PASSWORD)
    assert refused.status_code == 200
    assert "Please enter a correct username and password." in refused.content.decode()


HOME_NET, ELSEWHERE = "198.51.100.7", "203.0.113.9"
PAUSED = "Too many failed attempts. Signing in from here is paused until"


def _at(client: Client, address: str, username: str, password: str, lang: str = "en"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE=lang,
        REMOTE_ADDR=address,
    )


def test_wrong_password_names_the_problem_and_counts(world: World) -> None:
    response = _try(Client(), "hr_a", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert LoginThrottle.objects.filter(failures=1).count() == 3  # network, account, both


def test_five_failures_pause_the_account_there_even_for_the_right_password(world) -> None:
    client = Client()
    for _ in range(4):
        assert PAUSED not in _at(client, ELSEWHERE, "hr_a", "wrong").content.decode()
    response = _at(client, ELSEWHERE, "hr_a", "wrong")
    assert PAUSED in response.content.decode()
    response = _at(client, ELSEWHERE, "hr_a", PASSWORD)
    assert response.status_code == 200 and PAUSED in response.content.decode()
    assert "_auth_user_id" not in client.session
    user = User.objects.get(username="hr_a")
    assert AuditEvent.objects.filter(action="user.locked", object_id=str(user.pk)).count() == 1


def test_nobody_can_lock_an_account_out_from_a_network_that_has_not_failed(world) -> None:
    """The national administrator, attacked from elsewhere, still signs in at the office
    (issue 17, item 21)."""
    attacker = Client()
    for _ in range(12):
        _at(attacker, ELSEWHERE, "admin", "guess")
    assert PAUSED in _at(attacker, ELSEWHERE, "admin", PASSWORD).content.decode()
    office = Client()
    response = _at(office, HOME_NET, "admin", PASSWORD)
    assert response.status_code == 302
    assert office.session["_auth_user_id"] == str(world.users["admin"].pk)


def test_a_guess_from_many_networks_pauses_the_account_only_where_it_failed(
    world, settings
) -> None:
    settings.CADRE_LOGIN_ACCOUNT_MAX_FAILURES = 6
    for i in range(6):  # three networks, two guesses each: no network reaches its own limit
        _at(Client(), f"192.0.2.{i // 2}", "hr_a", "guess")
    assert PAUSED in _at(Client(), "192.0.2.0", "hr_a", PASSWORD).content.decode()
    assert PAUSED in _at(Client(), "192.0.2.2", "hr_a", PASSWORD).content.decode()
    assert _at(Client(), HOME_NET, "hr_a", PASSWORD).status_code == 302


def test_unknown_and_real_usernames_get_the_same_answers(world: World) -> None:
    """Nothing tells whether an account exists: not the first answer, not the pause."""

    def answers(username: str, address: str) -> list[tuple[int, str]]:
        client, seen = Client(), []
        for password in ["wrong"] * 6:
            response = _at(client, address, username, password)
            text = response.content.decode()
            seen.append((response.status_code, "paused" if PAUSED in text else "invalid"))
            assert "Please enter a correct username and password." in text or PAUSED in text
        return seen

    real, ghost = answers("hr_b", "192.0.2.10"), answers("ghost", "192.0.2.11")
    assert real == ghost == [(200, "invalid")] * 4 + [(200, "paused")] * 2
    assert not AuditEvent.objects.filter(object_repr__icontains="ghost").exists()


def test_a_network_that_tries_many_usernames_is_paused_for_all(world, settings) -> None:
    settings.CADRE_LOGIN_NETWORK_MAX_FAILURES = 10
    spray = Client()
    for i in range(10):
        _at(spray, ELSEWHERE, f"user{i}", "Password1")
    response = _at(spray, ELSEWHERE, "hr_a", PASSWORD)
    assert PAUSED in response.content.decode()
    assert AuditEvent.objects.filter(action="login.network_paused", object_id=ELSEWHERE).exists()
    assert _at(Client(), HOME_NET, "hr_a", PASSWORD).status_code == 302


def test_pauses_double_each_time(world, settings) -> None:
    from cadre.accounts import throttle

    assert [throttle.pause_after(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [
        15,
        30,
        60,
        120,
    ]
    assert throttle.pause_after(20).total_seconds() / 60 == settings.CADRE_LOGIN_LOCKOUT_MAX_MINUTES
    client = Client()
    for _ in range(5):
        _at(client, ELSEWHERE, "hr_a", "wrong")
    keys = throttle.Keys.of(username="hr_a", address=ELSEWHERE)
    first = LoginThrottle.objects.get(key=keys.account_at_network)
    assert first.strikes == 1
    # The pause passes; five more failures pause it for twice as long.
    LoginThrottle.objects.filter(pk=first.pk).update(
        blocked_until=timezone.now() - timedelta(seconds=1)
    )
    for _ in range(5):
        _at(client, ELSEWHERE, "hr_a", "wrong")
    second = LoginThrottle.objects.get(key=keys.account_at_network)
    assert second.strikes == 2 and second.blocked_until is not None
    left = (second.blocked_until - timezone.now()).total_seconds() / 60
    assert 29 < left <= 30


def test_the_pause_message_is_in_the_users_language(world: World) -> None:
    client = Client()
    for _ in range(5):
        _at(client, ELSEWHERE, "hr_a", "wrong")
    response = _at(client, ELSEWHERE, "hr_a", PASSWORD, lang="ru")
    assert "Слишком много неудачных попыток" in response.content.decode()


def test_after_the_pause_the_right_password_works_and_resets(world: World) -> None:
    from cadre.accounts import throttle

    client = Client()
    for _ in range(5):
        _at(client, ELSEWHERE, "hr_a", "wrong")
    LoginThrottle.objects.update(blocked_until=timezone.now() - timedelta(seconds=1))
    assert _at(client, ELSEWHERE, "hr_a", PASSWORD).status_code == 302
    keys = throttle.Keys.of(username="hr_a", address=ELSEWHERE)
    assert not LoginThrottle.objects.filter(key=keys.account_at_network).exists()


def test_api_tokens_are_not_throttled(world: World, api_as) -> None:
    client = Client()
    for _ in range(5):
        _at(client, "127.0.0.1", "hr_a", "wrong")
    assert PAUSED in _at(client, "127.0.0.1", "hr_a", PASSWORD).content.decode()
    assert api_as("hr_a").get("/api/v1/me/").status_code == 200


def test_the_throttle_keeps_no_address_or_username_in_clear(world: World) -> None:
    _at(Client(), ELSEWHERE, "hr_a", "wrong")
    keys = " ".join(LoginThrottle.objects.values_list("key", flat=True))
    assert "hr_a" not in keys and ELSEWHERE not in keys


def test_language_switch_translates_the_shell(world: World) -> None:
    client = Client()
    client.force_login(world.users["hr_a"])
    for code, word in [
        ("kk", "Ұйымдар"),
        ("vi", "Tổ chức"),
        ("ru", "Организации"),
        ("en", "Organisations"),
    ]:
        response = client.post("/i18n/setlang/", {"language": code, "next": "/"})
        assert response.status_code == 302
        page = client.get("/").content.decode()
        assert f'<html lang="{code}">' in page
        assert word in page
