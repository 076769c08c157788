"""Taking a test with the keyboard and reading the gap heat map, in headless chromium."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

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


def _answer_screen(d: Any, qids: list[int]) -> None:
    """Answer the questions on the screen rightly, with the keyboard."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.select import Select

    for qid in qids:
        q = Question.objects.get(pk=qid)
        if q.kind == "ordering":
            for position, option in enumerate(q.correct):
                Select(d.find_element(By.ID, f"q{qid}_{position}")).select_by_value(str(option))
        else:
            for option in q.correct:
                d.find_element(By.ID, f"q{qid}-{option}").send_keys(Keys.SPACE)


def _progress(d: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(d.find_element(By.ID, "attempt-progress").text)


def test_an_employee_takes_a_test_with_the_keyboard(
    browser: Any, live_server: Any, exam: Any, staff: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    _sign_in(d, live_server.url, "employee_a1")
    d.get(live_server.url + "/assessments/?language=en")
    assert "NAT-ANALYST" in d.page_source
    _shot(d, "my-competencies")
    d.get(live_server.url + exam.get_absolute_url())
    start = d.find_element(By.CSS_SELECTOR, "form[action$='/start/'] button")
    start.send_keys(Keys.ENTER)
    d.find_element(By.CSS_SELECTOR, "fieldset.question")
    attempt = Attempt.objects.get()
    for step, part in enumerate(attempt.draw):
        _answer_screen(d, part["questions"])
        if step == 0:
            _shot(d, "test-answered")
        d.find_element(By.CSS_SELECTOR, "form.attempt .actions button").send_keys(Keys.ENTER)
    d.find_element(By.CSS_SELECTOR, "table.review")  # the review screen
    d.find_element(By.CSS_SELECTOR, "button[value=submit]").send_keys(Keys.ENTER)
    d.find_element(By.CSS_SELECTOR, "section.what-next")
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, attempt.passed) == ("submitted", 7, True)
    _shot(d, "test-result")


def test_a_test_taken_to_the_end_with_a_reload_in_the_middle(
    browser: Any, live_server: Any, exam: Any, staff: Any
) -> None:
    """Answers saved by htmx as they are chosen, a reload that keeps them and the clock, the
    warning of the last minutes, the review, and the result with what to do next."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    d = browser
    _sign_in(d, live_server.url, "employee_a1")
    d.get(live_server.url + exam.get_absolute_url() + "?language=en")
    d.find_element(By.CSS_SELECTOR, "form[action$='/start/'] button").click()
    d.find_element(By.CSS_SELECTOR, "fieldset.question")
    attempt = Attempt.objects.get()
    first, second = (part["questions"] for part in attempt.draw)
    assert _progress(d).startswith("Answered 0 of 7")
    clock = d.find_element(By.CSS_SELECTOR, "[data-countdown-clock]").text
    assert clock in ("10:00", "9:59", "9:58")
    _shot(d, "test-screen-start")

    _answer_screen(d, first)  # no button pressed: htmx saves each change
    from selenium.common.exceptions import StaleElementReferenceException

    # htmx swaps the progress in as each save answers: a read may meet the one swapped out.
    WebDriverWait(d, 30, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda drv: _progress(drv).startswith("Answered 4 of 7")
    )
    attempt.refresh_from_db()
    assert sorted(attempt.answers) == sorted(str(q) for q in first)

    # The server's clock says 4 minutes are left; a reload shows them, warns, keeps answers.
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + dt.timedelta(minutes=4))
    d.refresh()
    assert _progress(d).startswith("Answered 4 of 7")
    checked = d.find_elements(By.CSS_SELECTOR, "fieldset.question input:checked")
    chosen = [
        s
        for s in d.find_elements(By.CSS_SELECTOR, "fieldset.question select")
        if s.get_attribute("value")
    ]
    assert len(checked) + len(chosen) >= 4
    minutes = int(d.find_element(By.CSS_SELECTOR, "[data-countdown-clock]").text.split(":")[0])
    assert minutes == 3
    alert = d.find_element(By.CSS_SELECTOR, "[data-countdown-alert]")
    assert alert.is_displayed() and alert.text.startswith("Five minutes left.")
    assert "warn" in d.find_element(By.CSS_SELECTOR, ".countdown").get_attribute("class")
    _shot(d, "test-screen-after-reload")

    d.find_element(By.CSS_SELECTOR, "button[value=next]").click()
    WebDriverWait(d, 20).until(lambda drv: "Section 2 of 2" in drv.page_source)
    _answer_screen(d, second[:2])  # one question left unanswered
    d.find_element(By.CSS_SELECTOR, "button[value=review]").click()
    d.find_element(By.CSS_SELECTOR, "table.review")
    assert _progress(d).startswith("Answered 6 of 7")
    assert len(d.find_elements(By.CSS_SELECTOR, "table.review tr.unanswered")) == 1
    _shot(d, "test-review")
    d.find_element(By.CSS_SELECTOR, "button[value=submit]").click()
    d.find_element(By.CSS_SELECTOR, "section.what-next")
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct) == ("submitted", 6)
    assert console_errors(d) == []
    _shot(d, "test-result-next")


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
