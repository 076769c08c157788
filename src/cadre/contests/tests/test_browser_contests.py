"""A juror scores an entry with the keyboard, and the organiser reads the results, in
headless chromium."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.contests.models import Score
from cadre.contests.tests.conftest import admit, apply
from cadre.core.testing.world import PASSWORD, World
from cadre.core.tests.test_browser import (  # noqa: F401  (browser: the chromium fixture)
    HAVE_BROWSER,
    REQUIRED,
    _shot,
    browser,
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
    d.find_element(By.CSS_SELECTOR, "main h1")


def test_a_juror_scores_with_the_keyboard(
    browser: Any,  # noqa: F811
    live_server: Any,
    world: World,
    setup: dict[str, Any],
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    entry = admit(world, apply(world, setup, "ext", "Smart city"))
    d = browser
    _sign_in(d, live_server.url, "juror2")
    d.get(live_server.url + entry.get_absolute_url() + "?language=en")
    for code, score in (("IDEA", 4), ("TECH", 3), ("IMPACT", 5)):
        d.find_element(By.CSS_SELECTOR, f"input[name=c_{code}][value='{score}']").send_keys(
            Keys.SPACE
        )
    _shot(d, "contest-scorecard")
    d.find_element(By.CSS_SELECTOR, "form[action$='/score/'] button[type=submit]").send_keys(
        Keys.ENTER
    )
    d.find_element(By.CSS_SELECTOR, "section[aria-labelledby=cards-h]")
    got = dict(Score.objects.filter(application=entry).values_list("criterion__code", "value"))
    assert got == {"IDEA": 4, "TECH": 3, "IMPACT": 5}
    _shot(d, "contest-scored")
    assert console_errors(d) == []
