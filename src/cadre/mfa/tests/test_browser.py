"""In chromium: a national administrator signs in with their password, is sent to enrol,
reads the secret off the page, types the code computed from it (as their app would), keeps
the recovery codes shown, and reaches home; a second sign-in asks for a fresh code."""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest

from cadre.core.testing.world import PASSWORD, build_world
from cadre.core.tests.test_browser import HAVE_BROWSER, REQUIRED, _shot, browser, console_errors
from cadre.mfa import services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not HAVE_BROWSER and not REQUIRED, reason="chromium is not installed"),
]
__all__ = ["browser"]  # the fixture, shared with core's browser tests


def _code_from_secret(shown: str, at: float) -> str:
    """What an authenticator app shows: RFC 6238 from the base32 secret on the page."""
    key_hex = base64.b32decode(shown.replace(" ", "")).hex()
    return services.totp_code(key_hex, at)


def test_admin_signs_in_enrols_with_a_totp_code_and_reaches_home(
    browser: Any, live_server: Any, settings: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    settings.CADRE_MFA_REQUIRED = True
    build_world()
    d = browser
    wait = WebDriverWait(d, 10)
    d.get(live_server.url + "/accounts/login/")
    d.find_element(By.ID, "id_username").send_keys("admin")
    d.find_element(By.ID, "id_password").send_keys(PASSWORD + "\n")
    wait.until(ec.presence_of_element_located((By.ID, "mfa-secret")))
    assert "/mfa/enrol/" in d.current_url
    qr = d.find_element(By.ID, "mfa-qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert d.execute_script("return arguments[0].naturalWidth", qr) > 0  # the QR drew
    secret = d.find_element(By.ID, "mfa-secret").text
    # Not the last seconds of a step: the code typed is still current when it arrives.
    while time.time() % services.STEP > services.STEP - 5:
        time.sleep(0.5)
    d.find_element(By.ID, "id_code").send_keys(_code_from_secret(secret, time.time()) + "\n")
    wait.until(ec.presence_of_element_located((By.ID, "recovery-codes")))
    codes = d.find_elements(By.CSS_SELECTOR, "#recovery-codes li")
    assert len(codes) == 10
    _shot(d, "mfa-recovery-codes")
    d.find_element(By.ID, "mfa-continue").click()
    wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "section[aria-labelledby=roles-h]"))
    )
    assert d.current_url == live_server.url + "/"
    assert console_errors(d) == []  # the QR image and pages pass the Content-Security-Policy

    # Sign out and in again: the code of the next step is asked for and accepted.
    d.find_element(By.CSS_SELECTOR, "form[action='/accounts/logout/'] button").click()
    wait.until(ec.presence_of_element_located((By.ID, "id_username")))
    d.find_element(By.ID, "id_username").send_keys("admin")
    d.find_element(By.ID, "id_password").send_keys(PASSWORD + "\n")
    wait.until(ec.presence_of_element_located((By.ID, "id_code")))
    assert "/mfa/verify/" in d.current_url
    nxt = (int(time.time() // services.STEP) + 1) * services.STEP  # the step not yet used
    time.sleep(max(0.0, nxt - time.time()) + 0.2)
    d.find_element(By.ID, "id_code").send_keys(_code_from_secret(secret, time.time()) + "\n")
    wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "section[aria-labelledby=roles-h]"))
    )
    _shot(d, "mfa-home-after-verify")
