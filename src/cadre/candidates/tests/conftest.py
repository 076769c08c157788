"""Fixtures of the candidates tests: a clean cache (the throttles count there), the robot
check's minimum time off unless a test sets it, and helpers that go through HTTP."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from cadre.candidates.forms import started_stamp

PASSWORD = "Lantern-orbit-42"
LINK = re.compile(r"http://testserver(/candidates/verify/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _clean(settings: Any) -> Any:
    cache.clear()
    settings.CADRE_CANDIDATE_SIGNUP = True
    settings.CADRE_CANDIDATE_SIGNUP_MIN_SECONDS = 0
    yield
    cache.clear()


def form(email: str = "aigerim@example.kz", **extra: Any) -> dict[str, Any]:
    data = {
        "first_name": "Aigerim",
        "last_name": "Sadykova",
        "email": email,
        "password": PASSWORD,
        "password_again": PASSWORD,
        "language": "en",
        "website": "",
        "started": started_stamp(),
    }
    data.update(extra)
    return data


def sign_up(
    client: Client,
    capture: Any,
    email: str = "aigerim@example.kz",
    ip: str = "203.0.113.7",
    **extra: Any,
) -> Any:
    """POST the sign-up form; the mail goes out on commit."""
    with capture(execute=True):
        return client.post(
            "/candidates/signup/", form(email, **extra), REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="en"
        )


def last_link() -> str:
    match = LINK.search(str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def verified_candidate(client: Client, capture: Any, email: str = "aigerim@example.kz") -> Any:
    """A candidate signed up and verified through the pages; ``client`` is signed in."""
    from cadre.accounts.models import User

    assert sign_up(client, capture, email).status_code == 302
    response = client.post(last_link(), {"password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(username=email)
