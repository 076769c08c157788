"""The public certificate check in headless chromium: no sign-in, the keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.core.tests.test_browser import HAVE_BROWSER, REQUIRED, _shot
from cadre.learning.models import Certificate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not HAVE_BROWSER and not REQUIRED, reason="chromium is not installed"),
]


def test_anyone_checks_a_certificate_with_the_keyboard(
    browser: Any, live_server: Any, world: Any, staff: Any, centre: Any
) -> None:
    from selenium.webdriver.common.by import By

    from cadre.learning import services

    services.enrolment_request(
        actor=world.users["hr_a"], session=centre["basic_session"], employee=staff["dana"]
    )
    services.enrolment_complete(
        actor=world.users["teacher"],
        session=centre["basic_session"],
        employee=staff["dana"],
        passed=True,
    )
    identifier = Certificate.objects.get().identifier
    d = browser
    d.get(live_server.url + "/v/")
    field = d.find_element(By.ID, "cert-id")
    field.send_keys(identifier + "\n")
    status = d.find_element(By.CSS_SELECTOR, "[role=status]")
    assert "Dana Test" in status.text
    _shot(d, "certificate-valid")
    d.get(live_server.url + "/v/" + identifier.replace(":", ":x") + "/")
    assert d.find_element(By.CSS_SELECTOR, "[role=status] strong").text.strip() != ""
    _shot(d, "certificate-forged")
