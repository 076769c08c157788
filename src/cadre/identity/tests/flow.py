"""A person signing in at the real test provider, the way a browser would (requests for the
provider's side, Django's test client for Cadre's)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from django.test import Client

PASSWORD = "provider-pass-1"


def code_from_provider(
    client: Client, username: str, *, start: str = "/identity/testid/start/"
) -> str:
    """Start at Cadre, sign in at the provider; the callback URL (with code and state) the
    provider sends the browser back to."""
    begin = client.get(start)
    assert begin.status_code == 302, begin.content
    browser = requests.Session()
    page = browser.get(begin["Location"], timeout=10)  # the provider's sign-in page
    assert page.status_code == 200
    onward = parse_qs(urlsplit(page.url).query)["next"][0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    signed = browser.post(
        page.url,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": PASSWORD,
            "next": onward,
        },
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=10,
    )
    assert signed.status_code == 302, signed.text
    authorised = browser.get(
        urljoin(page.url, signed.headers["Location"]), allow_redirects=False, timeout=10
    )
    assert authorised.status_code == 302, authorised.text
    return authorised.headers["Location"]


def callback(client: Client, url: str):
    parts = urlsplit(url)
    return client.get(parts.path + "?" + parts.query, HTTP_ACCEPT_LANGUAGE="en")
