"""A person signs in to Cadre in a real browser (Debian's chromium) through the real test
identity provider, with password sign-in switched off, and signs out at both."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.core.testing.world import build_world
from cadre.core.tests.test_browser import HAVE_BROWSER, REQUIRED, _shot, browser, console_errors
from cadre.identity import oidc
from cadre.identity.tests.flow import PASSWORD
from cadre.identity.tests.provider.process import RealProvider

__all__ = ["browser"]  # the fixture, shared with core's browser tests

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not HAVE_BROWSER and not REQUIRED, reason="chromium is not installed"),
]


def test_sign_in_through_the_provider_and_out_again(
    browser: Any, live_server: Any, real_provider: RealProvider, settings: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from cadre.accounts.models import User

    settings.CADRE_OIDC_PROVIDERS = [real_provider.config()]
    settings.CADRE_PASSWORD_LOGIN = False
    # What settings.py adds to form-action for a configured provider: sign-out continues there.
    csp = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **csp["DIRECTIVES"],
            "form-action": [*csp["DIRECTIVES"]["form-action"], real_provider.url],
        }
    }
    oidc.forget_metadata()
    world = build_world()
    employee = world.users["employee_a1"]
    User.objects.filter(pk=employee.pk).update(email="employee.a1@example.gov")
    real_provider.setup(
        redirect_uris=[live_server.url + "/identity/testid/callback/"],
        users=[
            {
                "username": "a1-at-idp",
                "password": PASSWORD,
                "claims": {"email": "employee.a1@example.gov", "email_verified": True},
            }
        ],
    )
    d = browser
    wait = WebDriverWait(d, 15)
    d.get(live_server.url + "/accounts/login/")
    assert d.find_elements(By.ID, "id_password") == []  # no password form here
    d.find_element(By.LINK_TEXT, "Sign in with TestID").click()
    wait.until(lambda drv: drv.current_url.startswith(real_provider.url + "/login/"))
    d.find_element(By.ID, "id_username").send_keys("a1-at-idp")
    d.find_element(By.ID, "id_password").send_keys(PASSWORD)
    d.find_element(By.ID, "provider-submit").click()
    wait.until(lambda drv: drv.current_url == live_server.url + "/")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "header.top")))
    assert "employee_a1" in d.page_source
    _shot(d, "oidc-signed-in")
    assert console_errors(d) == []

    # Signing out ends Cadre's session, then the provider's, and comes back to sign-in.
    d.find_element(By.CSS_SELECTOR, "form[action='/accounts/logout/'] button").click()
    wait.until(lambda drv: drv.current_url.startswith(live_server.url + "/accounts/login/"))
    d.get(live_server.url + "/")
    assert "/accounts/login/" in d.current_url
    # The provider's session is over too: starting again asks for the password there.
    d.find_element(By.LINK_TEXT, "Sign in with TestID").click()
    wait.until(lambda drv: drv.current_url.startswith(real_provider.url + "/login/"))
    oidc.forget_metadata()
