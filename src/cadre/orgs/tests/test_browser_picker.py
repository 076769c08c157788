"""The organisation tree picker in headless chromium, by keyboard only: type part of a name,
see the matches with their paths, arrow down, Enter — the list filters itself."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.core.testing.world import PASSWORD, build_world
from cadre.core.tests.test_browser import (
    HAVE_BROWSER,
    REQUIRED,
    _shot,
    console_errors,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not HAVE_BROWSER and not REQUIRED, reason="chromium is not installed"),
]


def test_an_organisation_is_picked_by_typing_its_name(browser: Any, live_server: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    world = build_world()
    d = browser
    wait = WebDriverWait(d, 10)
    d.get(live_server.url + "/accounts/login/?next=/accounts/roles/")
    d.find_element(By.ID, "id_username").send_keys("admin")
    d.find_element(By.ID, "id_password").send_keys(PASSWORD + "\n")
    wait.until(lambda drv: "/accounts/roles/" in drv.current_url)
    rows = lambda: d.find_elements(By.CSS_SELECTOR, "#object-table tbody tr")  # noqa: E731
    assert len(rows()) > 2
    # the label leads to the search box; the select behind it is hidden
    picker = d.find_element(By.ID, "id_organisation")
    assert picker.get_attribute("role") == "combobox"
    assert not d.find_element(By.ID, "id_organisation-select").is_displayed()
    picker.send_keys("unit")
    wait.until(lambda drv: len(drv.find_elements(By.CSS_SELECTOR, "[role=option]")) == 2)
    options = d.find_elements(By.CSS_SELECTOR, "[role=option]")
    assert [o.text.splitlines() for o in options] == [
        ["Unit A1", "Country › Body A"],
        ["Unit B1", "Country › Body B"],
    ]
    _shot(d, "picker-open")
    picker.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    pk = world.orgs["unit_a1"].pk
    wait.until(lambda drv: f"organisation={pk}" in drv.current_url)  # htmx pushed the URL
    assert d.current_url.count("organisation=") == 1  # replaced, not piled up
    wait.until(lambda drv: len(rows()) == 2)  # the manager and the employee of Unit A1
    assert picker.get_attribute("value") == "Unit A1"
    assert picker.get_attribute("aria-expanded") == "false"
    # clearing the box clears the filter
    picker.send_keys(Keys.CONTROL, "a")
    picker.send_keys(Keys.BACKSPACE)
    wait.until(lambda drv: f"organisation={pk}" not in drv.current_url)
    wait.until(lambda drv: len(rows()) > 2)
    assert console_errors(d) == []
