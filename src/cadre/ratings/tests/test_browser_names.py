"""Names per language in a real browser at a cheap phone's width (issue 18, item 5): an
organisation's page and the public scores in Kazakh and Vietnamese. Screenshots go to
$CADRE_ARTIFACTS (default var/artifacts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cadre.core.testing.world import PASSWORD, build_world
from cadre.core.tests.test_browser import HAVE_BROWSER, REQUIRED, _shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not HAVE_BROWSER and not REQUIRED, reason="chromium is not installed"),
]

NAMES = {
    "kk": ("Цифрлық даму министрлігі", "Халыққа қызмет көрсету орталығы, 12-терезе"),
    "vi": ("Bộ Thông tin và Truyền thông", "Trung tâm phục vụ hành chính công, quầy số 12"),
}


def test_an_organisation_and_the_public_scores_read_in_kazakh_and_vietnamese_on_a_phone(
    browser: Any, live_server: Any, settings: Any
) -> None:
    from selenium.webdriver.common.by import By

    from cadre.accounts.choices import Role
    from cadre.accounts.services import user_create_with_role
    from cadre.orgs.services import organisation_update
    from cadre.people.services import employee_create
    from cadre.ratings.models import ServiceType
    from cadre.ratings.scores import scores_recompute
    from cadre.ratings.services import interaction_report, rating_submit, service_point_create

    settings.CADRE_RATING_NETWORK_PER_MINUTE = 10**6
    settings.CADRE_RATING_MIN_SECONDS = 0
    world = build_world()
    admin, body = world.users["admin"], world.orgs["body_a"]
    organisation_update(
        actor=admin,
        organisation=body,
        name="Министерство цифрового развития",
        names={lang: org for lang, (org, _point) in NAMES.items()},
    )
    point = service_point_create(
        actor=admin,
        organisation=body,
        code="SP-NAMES",
        name="Центр обслуживания населения, окно 12",
        names={lang: p for lang, (_org, p) in NAMES.items()},
    )
    officer = employee_create(
        actor=admin,
        personal_id="KZ-7102",
        last_name="Nguyễn Thị",
        first_name="Lan",
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        organisation=world.orgs["unit_a1"],
    )
    desk = user_create_with_role(
        actor=admin,
        username="desk_names",
        password="desk-password-2026",
        role=Role.SERVICE_DESK,
        organisation=body,
    )
    kind, _ = ServiceType.objects.get_or_create(
        code="registration", defaults={"names": {"en": "Registration of residence"}}
    )
    for n in range(3):
        token = interaction_report(
            actor=desk,
            external_id=f"NAMES-{n}",
            service_point=point,
            service_type=kind,
            employees=[officer],
            outcome="granted",
            channel="in_person",
        )[1]
        rating_submit(token=token, answers={"overall": 4 + n % 2}, network=f"10.1.{n}.0/24")
    scores_recompute(until=timezone.now() + dt.timedelta(days=1))

    d, base = browser, live_server.url
    d.set_window_size(360, 800)
    width = "return [document.documentElement.scrollWidth, window.innerWidth]"
    d.get(base + "/accounts/login/")
    d.find_element(By.ID, "id_username").send_keys("admin")
    d.find_element(By.ID, "id_password").send_keys(PASSWORD + "\n")
    d.find_element(By.CSS_SELECTOR, "header.top")
    for lang, (org_name, point_name) in NAMES.items():
        d.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "path": "/"})
        d.get(f"{base}/orgs/{body.pk}/")
        assert d.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
        assert org_name in d.find_element(By.TAG_NAME, "h1").text
        _shot(d, f"phone-organisation-{lang}")
        d.get(f"{base}/ratings/public/")
        source = d.page_source
        assert org_name in source and point_name in source
        assert "Министерство цифрового развития" not in source
        page, viewport = d.execute_script(width)
        assert page <= viewport, (lang, page, viewport)
        _shot(d, f"phone-public-scores-{lang}")
        d.get(f"{base}/ratings/public/{body.pk}/")
        assert d.find_element(By.TAG_NAME, "h1").text == org_name
        page, viewport = d.execute_script(width)
        assert page <= viewport, (lang, page, viewport)
        _shot(d, f"phone-public-body-{lang}")
