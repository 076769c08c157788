"""Taking a test with the keyboard and reading the gap heat map, in headless chromium."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.assessments.gaps import gaps_recompute
from cadre.assessments.models import Attempt, Question
from cadre.core.testing.world import PASSWORD
from cadre.core.tests.test_browser import HAVE_BROWSER, REQUIRED, _shot, console_errors

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
    # The login page has a heading too: wait until the sign-in has left it (a slow server
    # answering after the next navigation would leave the browser signed out).
    WebDriverWait(d, 20).until(lambda driver: "/accounts/login/" not in driver.current_url)
    d.find_element(By.CSS_SELECTOR, "main h1")


def test_an_employee_takes_a_test_with_the_keyboard(
    browser: Any, live_server: Any, exam: Any, staff: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.select import Select

    d = browser
    _sign_in(d, live_server.url, "employee_a1")
    d.get(live_server.url + "/assessments/")
    assert "NAT-ANALYST" in d.page_source
    _shot(d, "my-competencies")
    d.get(live_server.url + exam.get_absolute_url())
    start = d.find_element(By.CSS_SELECTOR, "form[action$='/start/'] button")
    start.send_keys(Keys.ENTER)
    d.find_element(By.CSS_SELECTOR, "fieldset.question")
    attempt = Attempt.objects.get()
    for part in attempt.draw:
        for qid in part["questions"]:
            q = Question.objects.get(pk=qid)
            if q.kind == "ordering":
                for position, option in enumerate(q.correct):
                    Select(d.find_element(By.ID, f"q{qid}_{position}")).select_by_value(str(option))
            else:
                for option in q.correct:
                    d.find_element(By.ID, f"q{qid}-{option}").send_keys(Keys.SPACE)
    _shot(d, "test-answered")
    d.find_element(By.CSS_SELECTOR, "form.edit button[type=submit]").send_keys(Keys.ENTER)
    d.find_element(By.CSS_SELECTOR, "table.list")
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, attempt.passed) == ("submitted", 7, True)
    _shot(d, "test-result")


def test_the_heat_map_opens_down_to_people(browser: Any, live_server: Any, staff: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    gaps_recompute()
    d = browser
    _sign_in(d, live_server.url, "auditor")
    d.get(live_server.url + "/assessments/gaps/?language=en")
    cells = d.find_elements(By.CSS_SELECTOR, "table.heat td a")
    assert [c.text for c in cells] == ["100%", "100%"]  # nobody assessed yet: all below
    shade = d.find_element(By.CSS_SELECTOR, "table.heat td").value_of_css_property(
        "background-color"
    )
    assert shade != "rgba(0, 0, 0, 0)"
    # The chart above the table: plotly.js's heat map with its colour legend (decision 0029).
    WebDriverWait(d, 30).until(
        lambda drv: drv.find_elements(By.CSS_SELECTOR, "#chart-gaps.drawn svg.main-svg")
    )
    legend = [li.text for li in d.find_elements(By.CSS_SELECTOR, "figure.heat-legend li")]
    assert legend[0] == "0%" and legend[-1] == "100%" and len(legend) == 11
    assert console_errors(d) == []
    _shot(d, "gap-heat-map")
    d.find_element(By.CSS_SELECTOR, "table.heat thead a").click()  # down to the bodies
    assert [h.text for h in d.find_elements(By.CSS_SELECTOR, "table.heat thead th")][1:] == [
        "Body A",
        "Body B",
    ]
    d.find_element(By.CSS_SELECTOR, "table.heat td a").click()
    names = [
        a.text for a in d.find_elements(By.CSS_SELECTOR, "main table.list tbody td:first-child a")
    ]
    assert sorted(names) == ["Aliya Test", "Bolat Test", "Dana Test"]
    _shot(d, "gap-people")
