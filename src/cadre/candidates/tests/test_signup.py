"""Sign-up, verification and a new link, through the pages: the full flow, and every
refusal with its exact message and nothing saved."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import mail, signing
from django.test import Client

from cadre.accounts.models import RoleAssignment, User
from cadre.candidates import tokens
from cadre.candidates.models import CandidateProfile
from cadre.candidates.tests.conftest import PASSWORD, form, last_link, sign_up, verified_candidate
from cadre.core.choices import Role
from cadre.core.models import AuditEvent

pytestmark = pytest.mark.django_db

DUPLICATE = (
    "This e-mail address cannot be used for a new sign-up. If you already have an account, "
    "sign in; if you signed up and lost the letter, ask for a new link."
)


def _text(response: Any) -> str:
    return response.content.decode()


def test_full_flow_sign_up_verify_sign_in(django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    page = client.get("/candidates/signup/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Sign up as an external candidate" in _text(page)

    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == "/candidates/signup/sent/"
    user = User.objects.get(username="aigerim@example.kz")
    assert (user.is_active, user.email, user.first_name, user.language) == (
        False,
        "aigerim@example.kz",
        "Aigerim",
        "en",
    )
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert CandidateProfile.objects.get(user=user).verified_at is None
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["aigerim@example.kz"]
    assert letter.subject == "Cadre: confirm your e-mail address"
    assert "valid for 48 hours" in letter.body

    # Not verified: the password does not sign in.
    assert not Client().login(username="aigerim@example.kz", password=PASSWORD)

    link = last_link()
    assert client.get(link, HTTP_ACCEPT_LANGUAGE="en").status_code == 200  # opening does nothing
    user.refresh_from_db()
    assert not user.is_active

    wrong = client.post(link, {"password": "not-it-at-all"}, HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 400
    assert "This is not the password chosen at sign-up." in _text(wrong)
    user.refresh_from_db()
    assert not user.is_active

    done = client.post(link, {"password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 302 and done["Location"] == "/candidates/me/"
    user.refresh_from_db()
    assert user.is_active
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.organisation_id) == (Role.EXTERNAL_CANDIDATE, None)
    assert CandidateProfile.objects.get(user=user).verified_at is not None
    actions = list(
        AuditEvent.objects.filter(actor=user).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["create", "user.activate", "role.grant", "update"]

    # Signed in by the verification; the profile page greets them.
    page = client.get("/candidates/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Your address is verified. Welcome to Cadre." in _text(page)
    # And the password signs in from now on.
    assert Client().login(username="aigerim@example.kz", password=PASSWORD)

    # The link is spent.
    again = Client().post(link, {"password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 302 and again["Location"] == "/accounts/login/"


def test_duplicate_address_refused_and_nothing_saved(
    django_capture_on_commit_callbacks: Any, world: Any
) -> None:
    world.users["hr_a"].email = "Hr.A@Body.kz"
    world.users["hr_a"].save()
    users, events = User.objects.count(), AuditEvent.objects.count()
    response = sign_up(Client(), django_capture_on_commit_callbacks, "hr.a@body.kz")
    assert response.status_code == 400
    assert DUPLICATE in _text(response)
    assert (User.objects.count(), AuditEvent.objects.count(), len(mail.outbox)) == (
        users,
        events,
        0,
    )


def test_duplicate_of_a_verified_candidate_refused(django_capture_on_commit_callbacks: Any) -> None:
    verified_candidate(Client(), django_capture_on_commit_callbacks)
    users = User.objects.count()
    response = sign_up(Client(), django_capture_on_commit_callbacks, "AIGERIM@example.kz")
    assert response.status_code == 400
    assert DUPLICATE in _text(response)
    assert User.objects.count() == users
    assert User.objects.get(username="aigerim@example.kz").is_active


def test_a_new_sign_up_replaces_one_never_verified(django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    sign_up(client, django_capture_on_commit_callbacks)
    first_link = last_link()
    first = User.objects.get(username="aigerim@example.kz")
    response = sign_up(client, django_capture_on_commit_callbacks, first_name="Aigul")
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.username, first.email, first.is_active) == (f"closed-{first.pk}", "", False)
    assert User.objects.get(username="aigerim@example.kz").first_name == "Aigul"
    assert not CandidateProfile.objects.filter(user=first).exists()
    old = client.post(first_link, {"password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert old.status_code == 400
    assert (
        "This link is no longer valid: the sign-up was replaced by a newer one or removed. "
        "Use the link in the latest letter."
    ) in _text(old)
    assert client.post(last_link(), {"password": PASSWORD}).status_code == 302


def test_bad_token(django_capture_on_commit_callbacks: Any) -> None:
    sign_up(Client(), django_capture_on_commit_callbacks)
    link = last_link()
    forged = link.replace(link.split("/")[-2], link.split("/")[-2][:-3] + "abc")
    opened = Client().get(forged, HTTP_ACCEPT_LANGUAGE="en")
    assert opened.status_code == 400 and "This link is not valid." in _text(opened)
    response = Client().post(forged, {"password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "This link is not valid." in _text(response)
    assert "Ask for a new link" in _text(response)
    assert not User.objects.get(username="aigerim@example.kz").is_active


class _Clock:
    """``time`` as django.core.signing reads it, at a fixed moment."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


def test_expired_token(django_capture_on_commit_callbacks: Any, monkeypatch: Any) -> None:
    sign_up(Client(), django_capture_on_commit_callbacks)
    user = User.objects.get(username="aigerim@example.kz")
    real = time.time()
    monkeypatch.setattr(signing, "time", _Clock(real - 49 * 3600))
    token = tokens.make(user)
    monkeypatch.undo()
    opened = Client().get(f"/candidates/verify/{token}/", HTTP_ACCEPT_LANGUAGE="en")
    assert opened.status_code == 400
    assert "This link has expired. Ask for a new one below." in _text(opened)
    assert 'name="password"' not in _text(opened)
    response = Client().post(
        f"/candidates/verify/{token}/", {"password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "This link has expired. Ask for a new one below." in _text(response)
    user.refresh_from_db()
    assert not user.is_active
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_throttled_per_network(django_capture_on_commit_callbacks: Any, settings: Any) -> None:
    settings.CADRE_CANDIDATE_SIGNUP_NETWORK_MAX = 2
    client = Client()
    for n in range(2):
        assert (
            sign_up(client, django_capture_on_commit_callbacks, f"p{n}@example.kz").status_code
            == 302
        )
    users = User.objects.count()
    response = sign_up(client, django_capture_on_commit_callbacks, "p9@example.kz")
    assert response.status_code == 429
    assert "Too many sign-ups from your network. Try again after" in _text(response)
    assert User.objects.count() == users
    assert len(mail.outbox) == 2
    # Another network still signs up.
    other = sign_up(client, django_capture_on_commit_callbacks, "p9@example.kz", ip="198.51.100.4")
    assert other.status_code == 302


def test_throttled_per_domain(django_capture_on_commit_callbacks: Any, settings: Any) -> None:
    settings.CADRE_CANDIDATE_SIGNUP_DOMAIN_MAX = 1
    client = Client()
    assert (
        sign_up(
            client, django_capture_on_commit_callbacks, "a@spam.test", ip="198.51.100.1"
        ).status_code
        == 302
    )
    response = sign_up(client, django_capture_on_commit_callbacks, "b@SPAM.test", ip="198.51.100.2")
    assert response.status_code == 429
    assert (
        "Too many sign-ups with addresses of this e-mail domain just now. Try again after"
        in _text(response)
    )
    assert not User.objects.filter(username="b@spam.test").exists()
    assert (
        sign_up(
            client, django_capture_on_commit_callbacks, "b@ham.test", ip="198.51.100.2"
        ).status_code
        == 302
    )


def test_refused_attempts_count_too(
    django_capture_on_commit_callbacks: Any, settings: Any, world: Any
) -> None:
    """Probing addresses costs as much as signing up: duplicates count."""
    settings.CADRE_CANDIDATE_SIGNUP_NETWORK_MAX = 2
    world.users["hr_a"].email = "hr@body.kz"
    world.users["hr_a"].save()
    client = Client()
    for _n in range(2):
        assert sign_up(client, django_capture_on_commit_callbacks, "hr@body.kz").status_code == 400
    response = sign_up(client, django_capture_on_commit_callbacks, "hr@body.kz")
    assert response.status_code == 429


def test_robots(django_capture_on_commit_callbacks: Any, settings: Any) -> None:
    refused = "Your sign-up could not be accepted. Wait a few seconds and send it again."
    honeypot = sign_up(Client(), django_capture_on_commit_callbacks, website="http://spam.test")
    assert honeypot.status_code == 400 and refused in _text(honeypot)
    settings.CADRE_CANDIDATE_SIGNUP_MIN_SECONDS = 3
    fast = sign_up(Client(), django_capture_on_commit_callbacks)
    assert fast.status_code == 400 and refused in _text(fast)
    forged = sign_up(Client(), django_capture_on_commit_callbacks, started="1700000000")
    assert forged.status_code == 400 and refused in _text(forged)
    assert not User.objects.filter(username="aigerim@example.kz").exists()
    assert mail.outbox == []


def test_bad_input(django_capture_on_commit_callbacks: Any) -> None:
    weak = sign_up(
        Client(), django_capture_on_commit_callbacks, password="12345", password_again="12345"
    )
    assert weak.status_code == 400
    assert "This password is too short. It must contain at least" in _text(weak)
    differ = sign_up(
        Client(), django_capture_on_commit_callbacks, password_again="Lantern-orbit-43"
    )
    assert differ.status_code == 400 and "The two passwords differ." in _text(differ)
    odd = sign_up(Client(), django_capture_on_commit_callbacks, "o'brien@example.kz")
    assert odd.status_code == 400
    assert "This address cannot be used to sign in" in _text(odd)
    assert User.objects.count() == 0 and CandidateProfile.objects.count() == 0


def test_sign_up_switched_off(django_capture_on_commit_callbacks: Any, settings: Any) -> None:
    settings.CADRE_CANDIDATE_SIGNUP = False
    page = Client().get("/candidates/signup/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 404
    assert "Signing up is switched off" in _text(page)
    assert sign_up(Client(), django_capture_on_commit_callbacks).status_code == 404
    assert User.objects.count() == 0
    login = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert "/candidates/signup/" not in _text(login)
    settings.CADRE_CANDIDATE_SIGNUP = True
    login = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Sign up as an external candidate" in _text(login)


def test_resend(django_capture_on_commit_callbacks: Any, settings: Any) -> None:
    settings.CADRE_CANDIDATE_RESEND_MAX = 2
    sign_up(Client(), django_capture_on_commit_callbacks)
    neutral = (
        "If a sign-up waiting for verification exists for this address, a new link is on its "
        "way to it."
    )
    client = Client()
    for email, letters in (("aigerim@example.kz", 2), ("nobody@example.kz", 2)):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/candidates/signup/resend/",
                {"email": email},
                HTTP_ACCEPT_LANGUAGE="en",
                follow=True,
            )
        assert neutral in _text(response)
        assert len(mail.outbox) == letters
    assert client.post(last_link(), {"password": PASSWORD}).status_code == 302
    for _n in range(2):
        client.post("/candidates/signup/resend/", {"email": "again@example.kz"})
    refused = client.post(
        "/candidates/signup/resend/", {"email": "again@example.kz"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 429
    assert "Too many new links were asked for this address. Try again after" in _text(refused)


def test_verification_throttled_like_sign_in(
    django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.CADRE_LOGIN_MAX_FAILURES = 2
    sign_up(Client(), django_capture_on_commit_callbacks)
    link = last_link()
    client = Client()
    client.post(link, {"password": "wrong-one-1"}, REMOTE_ADDR="192.0.2.9")
    paused = client.post(
        link, {"password": "wrong-one-2"}, REMOTE_ADDR="192.0.2.9", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert paused.status_code == 429
    assert "Too many failed attempts. Try again after" in _text(paused)
    right = client.post(link, {"password": PASSWORD}, REMOTE_ADDR="192.0.2.9")
    assert right.status_code == 429  # paused: the right password waits too
    assert not User.objects.get(username="aigerim@example.kz").is_active


def test_form_in_the_users_language(django_capture_on_commit_callbacks: Any, world: Any) -> None:
    world.users["hr_a"].email = "hr@body.kz"
    world.users["hr_a"].save()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            "/candidates/signup/", form("hr@body.kz"), HTTP_ACCEPT_LANGUAGE="ru"
        )
    assert response.status_code == 400
    assert "Этот адрес электронной почты нельзя использовать" in _text(response)


def test_the_letter_is_in_the_chosen_language(django_capture_on_commit_callbacks: Any) -> None:
    sign_up(Client(), django_capture_on_commit_callbacks, language="kk")
    assert mail.outbox[0].subject != "Cadre: confirm your e-mail address"
