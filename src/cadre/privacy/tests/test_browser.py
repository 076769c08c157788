"""The breach register in a real headless browser (Debian's chromium): a national
administrator records an incident through the form and sees its clocks; no console error
(the Content-Security-Policy holds). Screenshot in $CADRE_ARTIFACTS."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.core.testing.world import PASSWORD, build_world
from cadre.core.tests.test_browser import (
    HAVE_BROWSER,
    REQUIRED,
    _shot,
    browser,  # noqa: F401  (the fixture)
    console_errors,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not HAVE_BROWSER and not REQUIRED, reason="chromium is not installed"),
]


def test_an_administrator_records_a_breach_and_sees_its_clocks(
    browser: Any,  # noqa: F811
    live_server: Any,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    build_world()
    d: Any = browser
    url = live_server.url
    wait = WebDriverWait(d, 10)
    d.get(url + "/accounts/login/")
    d.find_element(By.ID, "id_username").send_keys("admin")
    d.find_element(By.ID, "id_password").send_keys(PASSWORD + "\n")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "a.who")))
    d.get(url + "/privacy/breaches/record/?lang=en")
    find = d.find_element
    find(By.ID, "id_title").send_keys("Lost laptop")
    find(By.ID, "id_description").send_keys("The pay register was on it.")
    d.execute_script("document.getElementById('id_detected_at').value = '2026-03-02T08:00'")
    find(By.CSS_SELECTOR, "select#id_country option[value=RU]").click()
    find(By.CSS_SELECTOR, "input[name=data_classes][value=pay]").click()
    find(By.ID, "id_people_count").send_keys("250")
    find(By.CSS_SELECTOR, "main form button[type=submit]").click()
    try:
        wait.until(ec.presence_of_element_located((By.ID, "clocks-h")))
    except Exception:
        _shot(d, "privacy-breach-failed")
        raise AssertionError(d.page_source[:6000])  # noqa: B904
    rows = d.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=clocks-h] tbody tr")
    assert len(rows) == 2
    _shot(d, "privacy-breach")
    assert console_errors(d) == []
