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


def test_a_citizen_rates_with_the_keyboard_and_no_javascript(live_server, settings) -> None:
    """The public rating page on a browser with JavaScript switched off, keyboard only."""
    # The per-network limit counts in the shared cache; other tests post from this address.
    settings.CADRE_RATING_NETWORK_PER_MINUTE = 10**6
    import datetime as dt

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from cadre.accounts.choices import Role
    from cadre.accounts.services import user_create_with_role
    from cadre.people.services import employee_create
    from cadre.ratings.models import Rating, ServicePoint, ServiceType
    from cadre.ratings.services import interaction_report

    world = build_world()
    officer = employee_create(
        actor=world.users["admin"],
        personal_id="KZ-7001",
        last_name="Officer",
        first_name="A",
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        organisation=world.orgs["unit_a1"],
    )
    desk = user_create_with_role(
        actor=world.users["admin"],
        username="desk_b",
        password="desk-password-2026",
        role=Role.SERVICE_DESK,
        organisation=world.orgs["body_a"],
    )
    point = ServicePoint.objects.create(
        organisation=world.orgs["body_a"], code="SP-B", name="Front office"
    )
    kind, _ = ServiceType.objects.get_or_create(
        code="consultation", defaults={"names": {"en": "Help"}}
    )
    _i, token, _c = interaction_report(
        actor=desk,
        external_id="BROWSER-1",
        service_point=point,
        service_type=kind,
        employees=[officer],
        outcome="granted",
        channel="in_person",
    )

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument("--lang=en")
    options.add_experimental_option(
        "prefs", {"profile.managed_default_content_settings.javascript": 2}
    )
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        d.get(f"{live_server.url}/r/{token}/")
        assert d.execute_script is not None
        # Every choice is a radio inside its label; every fieldset has a legend.
        radios = d.find_elements(By.CSS_SELECTOR, "input[type=radio]")
        assert len(radios) == 6 * 5 + 3
        assert all(r.find_element(By.XPATH, "..").tag_name == "label" for r in radios)
        assert len(d.find_elements(By.CSS_SELECTOR, "fieldset > legend")) == 7
        # Keyboard only: Space picks a radio, Tab moves on, Enter on the button sends.
        d.find_element(By.CSS_SELECTOR, "input[name=overall][value='4']").send_keys(Keys.SPACE)
        d.find_element(By.CSS_SELECTOR, "input[name=need_met][value=yes]").send_keys(Keys.SPACE)
        d.find_element(By.ID, "id_comment").send_keys("Clear answers, short queue.")
        _shot(d, "rate-no-js")
        d.find_element(By.CSS_SELECTOR, "form.rate button[type=submit]").send_keys(Keys.ENTER)
        assert "/r/thanks/" in d.current_url
        assert d.find_element(By.TAG_NAME, "h1").text == "Thank you"
    finally:
        d.quit()
    rating = Rating.objects.get()
    assert (rating.overall, rating.need_met, rating.comment) == (
        4,
        "yes",
        "Clear answers, short queue.",
    )
