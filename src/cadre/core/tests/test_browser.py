"""The shell in a real headless browser (Debian's chromium): sign in, switch language,
filter a list live with htmx. Screenshots go to $CADRE_ARTIFACTS (default var/artifacts)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cadre.core.testing.world import PASSWORD, build_world

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HAVE_BROWSER = os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)
REQUIRED = os.environ.get("CADRE_REQUIRE_BROWSER") == "1"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not HAVE_BROWSER and not REQUIRED, reason="chromium is not installed"),
]

ARTIFACTS = Path(os.environ.get("CADRE_ARTIFACTS", "var/artifacts"))


@pytest.fixture
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        "--lang=en",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


def _shot(driver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def test_sign_in_switch_language_and_filter(browser, live_server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.ui import WebDriverWait

    build_world()
    d = browser
    wait = WebDriverWait(d, 10)
    d.get(live_server.url + "/")
    assert "/accounts/login/" in d.current_url
    # Keyboard only: type, Tab to the password, Enter to submit.
    d.find_element(By.ID, "id_username").send_keys("hr_a")
    d.find_element(By.ID, "id_password").send_keys(PASSWORD + "\n")
    wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "section[aria-labelledby=roles-h]"))
    )
    # The stylesheet is served by the app itself and applied.
    header = d.find_element(By.CSS_SELECTOR, "header.top")
    assert header.value_of_css_property("background-color") == "rgba(16, 38, 61, 1)"
    _shot(d, "home-ru")
    Select(d.find_element(By.ID, "language-select")).select_by_value("en")
    wait.until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Welcome"))
    assert "Body HR officer" in d.page_source
    Select(d.find_element(By.ID, "language-select")).select_by_value("kk")
    wait.until(lambda drv: drv.find_element(By.TAG_NAME, "html").get_attribute("lang") == "kk")
    assert "Ұйымдар" in d.find_element(By.CSS_SELECTOR, "header nav").text
    _shot(d, "home-kk")
    Select(d.find_element(By.ID, "language-select")).select_by_value("en")
    wait.until(lambda drv: drv.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")

    d.get(live_server.url + "/orgs/")
    rows = d.find_elements(By.CSS_SELECTOR, "#object-table tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows] == ["Body A", "Unit A1"]
    d.find_element(By.ID, "id_q").send_keys("unit")
    wait.until(lambda drv: "q=unit" in drv.current_url)  # htmx pushed the filtered URL
    wait.until(lambda drv: len(drv.find_elements(By.CSS_SELECTOR, "#object-table tbody tr")) == 1)
    assert d.find_element(By.CSS_SELECTOR, "#object-table tbody td a").text == "Unit A1"
    _shot(d, "organisations-filtered")
