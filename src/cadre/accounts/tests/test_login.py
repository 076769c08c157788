"""Sign-in: lockout after repeated failures, audited; the home page says who you are."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from cadre.accounts.models import User
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


def test_wrong_password_names_the_problem_and_counts(world: World) -> None:
    response = _try(Client(), "hr_a", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert User.objects.get(username="hr_a").failed_logins == 1


def test_five_failures_lock_the_account_even_for_the_right_password(world: World) -> None:
    client = Client()
    for _ in range(4):
        _try(client, "hr_a", "wrong")
    response = _try(client, "hr_a", "wrong")
    assert "Too many failed attempts. This account is locked until" in response.content.decode()
    user = User.objects.get(username="hr_a")
    assert user.is_locked
    response = _try(client, "hr_a", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="user.locked", object_id=str(user.pk)).count() == 1


def test_the_lock_message_is_in_the_users_language(world: World) -> None:
    User.objects.filter(username="hr_a").update(locked_until=timezone.now() + timedelta(minutes=5))
    response = _try(Client(), "hr_a", PASSWORD, lang="ru")
    assert "Слишком много неудачных попыток" in response.content.decode()


def test_after_the_lock_expires_the_right_password_works_and_resets(world: World) -> None:
    User.objects.filter(username="hr_a").update(
        locked_until=timezone.now() - timedelta(seconds=1), failed_logins=3
    )
    client = Client()
    assert _try(client, "hr_a", PASSWORD).status_code == 302
    user = User.objects.get(username="hr_a")
    assert (user.failed_logins, user.locked_until) == (0, None)


def test_unknown_user_gets_the_same_answer_and_nothing_is_written(world: World) -> None:
    before = AuditEvent.objects.count()
    response = _try(Client(), "ghost", "whatever")
    assert "Please enter a correct username and password." in response.content.decode()
    assert AuditEvent.objects.count() == before


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
