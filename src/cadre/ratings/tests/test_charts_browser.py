"""The charts in headless chromium (decision 0029): drawn by plotly.js with script on and
nothing refused by the Content-Security-Policy; the table of the data with script off;
the public scores at 360 px without sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.core.testing.world import PASSWORD
from cadre.core.tests.test_browser import (
    CHROMEDRIVER,
    CHROMIUM,
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


def _sign_in(d: Any, url: str, username: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    d.get(url + "/accounts/login/")
    d.find_element(By.ID, "id_username").send_keys(username)
    d.find_element(By.ID, "id_password").send_keys(PASSWORD + "\n")
    WebDriverWait(d, 20).until(lambda driver: "/accounts/login/" not in driver.current_url)


def _no_script_browser(width: int) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},900")
    options.add_argument("--lang=en")
    options.add_experimental_option(
        "prefs", {"profile.managed_default_content_settings.javascript": 2}
    )
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def test_the_dashboard_draws_its_charts_with_script_on(
    browser: Any, live_server: Any, rated: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    d = browser
    _sign_in(d, live_server.url, "auditor")
    console_errors(d)
    d.get(live_server.url + "/ratings/")
    wait = WebDriverWait(d, 30)
    drawn = "#chart-trend.drawn, #chart-criteria.drawn, #chart-funnel.drawn"
    wait.until(lambda drv: len(drv.find_elements(By.CSS_SELECTOR, drawn)) == 3)
    assert len(d.find_elements(By.CSS_SELECTOR, "figure.chart svg.main-svg")) >= 3
    # Plotly drew the bars of the two months, and the funnel's six traces.
    assert len(d.find_elements(By.CSS_SELECTOR, "#chart-trend g.trace.bars g.point")) == 2
    assert len(d.find_elements(By.CSS_SELECTOR, "#chart-funnel g.scatterlayer g.trace")) == 6
    axis_titles = [
        e.text
        for e in d.find_elements(
            By.CSS_SELECTOR, "#chart-funnel .g-xtitle, #chart-funnel .g-ytitle"
        )
    ]
    assert axis_titles == ["Number of ratings", "Share of negative ratings (1 or 2)"]
    # With script, the table is folded away, one click from the reader.
    table = d.find_element(By.CSS_SELECTOR, "#chart-funnel details.chart-data")
    assert table.get_attribute("open") is None
    assert console_errors(d) == []  # the policy refused nothing: no eval, no inline style
    _shot(d, "ratings-dashboard-charts")
    d.execute_script("document.getElementById('chart-trend').scrollIntoView()")
    _shot(d, "ratings-trend")
    d.find_element(By.CSS_SELECTOR, "#chart-funnel details.chart-data summary").click()
    assert d.find_element(By.CSS_SELECTOR, "#chart-funnel details.chart-data table").is_displayed()
    d.execute_script("document.getElementById('chart-funnel').scrollIntoView()")
    _shot(d, "ratings-funnel-with-table")


def test_without_script_the_table_is_the_chart(live_server: Any, rated: Any) -> None:
    from selenium.webdriver.common.by import By

    d = _no_script_browser(1280)
    try:
        _sign_in(d, live_server.url, "auditor")
        d.get(live_server.url + "/ratings/")
        d.find_element(By.CSS_SELECTOR, "#chart-trend")
        assert d.find_elements(By.CSS_SELECTOR, "svg.main-svg") == []
        assert not d.find_element(By.CSS_SELECTOR, "#chart-trend .chart-plot").is_displayed()
        rows = d.find_elements(By.CSS_SELECTOR, "#chart-trend details.chart-data tbody tr")
        assert [r.is_displayed() for r in rows] == [True, True]
        assert rows[1].find_elements(By.TAG_NAME, "td")[1].text == "9"
        _shot(d, "ratings-dashboard-no-script")
    finally:
        d.quit()


def test_the_public_scores_fit_a_phone_with_and_without_script(
    browser: Any, live_server: Any, rated: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    d = browser
    d.set_window_size(360, 800)
    d.get(live_server.url + "/ratings/public/")
    WebDriverWait(d, 30).until(
        lambda drv: drv.find_elements(By.CSS_SELECTOR, "#chart-bodies.drawn svg.main-svg")
    )
    assert d.execute_script("return document.documentElement.scrollWidth") <= 360
    assert console_errors(d) == []
    _shot(d, "public-scores-360")
    d.get(live_server.url + f"/ratings/public/{rated.desk.world.orgs['body_a'].pk}/")
    WebDriverWait(d, 30).until(
        lambda drv: len(drv.find_elements(By.CSS_SELECTOR, "figure.chart.drawn svg.main-svg")) >= 2
    )
    assert d.execute_script("return document.documentElement.scrollWidth") <= 360
    assert console_errors(d) == []
    _shot(d, "public-body-360")
    quiet = _no_script_browser(360)
    try:
        quiet.set_window_size(360, 800)
        quiet.get(live_server.url + "/ratings/public/")
        # The page's own table of the scores is the chart's fallback: the chart's copy of it
        # stays folded; the figure shows no empty plot.
        assert not quiet.find_element(By.CSS_SELECTOR, "#chart-bodies .chart-plot").is_displayed()
        assert (
            quiet.find_element(By.CSS_SELECTOR, "#chart-bodies details").get_attribute("open")
            is None
        )
        cells = quiet.find_elements(
            By.CSS_SELECTOR, "#bodies-h ~ table.stack tbody tr td:first-child"
        )
        assert [c.text for c in cells] == ["Body A", "Body B"]
        assert quiet.execute_script("return document.documentElement.scrollWidth") <= 360
        _shot(quiet, "public-scores-360-no-script")
    finally:
        quiet.quit()
