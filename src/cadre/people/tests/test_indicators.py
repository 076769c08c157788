"""Indicators are computed from records, scoped, and every one opens to the rows behind it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from cadre.core.testing.world import World
from cadre.orgs.models import Organisation, Post
from cadre.orgs.services import organisation_update, post_create
from cadre.people import services
from cadre.people.models import Specialty
from cadre.people.selectors import indicators

START = dt.date(2025, 1, 1)


@pytest.fixture
def staffed(world: World) -> World:
    admin = world.users["admin"]
    organisation_update(actor=admin, organisation=world.orgs["unit_a1"], is_it_unit=True)
    organisation_update(actor=admin, organisation=world.orgs["unit_b1"], is_it_unit=True)
    it_post = post_create(
        actor=admin,
        organisation=world.orgs["unit_a1"],
        code="IT-A",
        title="Analyst",
        salary_min=Decimal(1),
        salary_max=Decimal(2),
        currency="KZT",
        positions=5,
    )
    duty = post_create(
        actor=admin,
        organisation=world.orgs["body_a"],
        code="DUTY-A",
        title="Digital duty",
        salary_min=Decimal(0),
        salary_max=Decimal(0),
        currency="KZT",
        is_digital_lead=True,
        positions=0,
    )
    post_b = post_create(
        actor=admin,
        organisation=world.orgs["unit_b1"],
        code="IT-B",
        title="Analyst",
        salary_min=Decimal(1),
        salary_max=Decimal(2),
        currency="KZT",
        positions=1,
    )
    it, law = Specialty.objects.get(code="09.03.01"), Specialty.objects.get(code="40.03.01")
    people = [
        ("A1", world.orgs["unit_a1"], it_post, 4, it),
        ("A2", world.orgs["unit_a1"], it_post, 3, it),
        ("A3", world.orgs["unit_a1"], it_post, 3, law),
        ("B1", world.orgs["unit_b1"], post_b, 3, law),
    ]
    for pid, org, post, level, specialty in people:
        person = services.employee_create(
            actor=admin,
            personal_id=pid,
            last_name=pid,
            first_name="X",
            birth_date=dt.date(1990, 1, 1),
            gender="M",
            organisation=org,
        )
        services.assignment_create(actor=admin, employee=person, post=post, start_date=START)
        services.education_add(actor=admin, employee=person, level=level, specialty=specialty)
        if pid == "A3":
            services.assignment_create(
                actor=admin, employee=person, post=duty, kind="concurrent", start_date=START
            )
    return world


def test_figures_for_a_body_and_the_country(staffed: World) -> None:
    admin = staffed.users["admin"]
    a = indicators(user=admin, root=staffed.orgs["body_a"])
    assert (a.headcount, a.it_headcount, a.it_without_it_specialty) == (3, 3, 1)
    assert a.share_without_it_specialty == pytest.approx(1 / 3)
    assert a.it_by_level == {1: 0, 2: 0, 3: 1, 4: 1, 5: 0}
    assert (a.positions, a.filled, a.vacancies) == (5, 3, 2)
    assert (a.concurrent_it_duties, a.bodies_with_digital_lead, a.it_units_without_specialist) == (
        1,
        1,
        0,
    )
    country = indicators(user=admin, root=staffed.orgs["country"])
    assert (country.it_headcount, country.it_without_it_specialty) == (4, 2)
    assert country.it_units_without_specialist == 1  # unit B1: its only officer studied law


def test_figures_are_limited_to_what_the_user_may_see(staffed: World) -> None:
    seen_by_hr_a = indicators(user=staffed.users["hr_a"], root=staffed.orgs["country"])
    assert seen_by_hr_a.it_headcount == 3


def test_a_new_main_post_closes_the_previous_one(staffed: World) -> None:
    from cadre.people.models import Assignment, Employee

    person = Employee.objects.get(personal_id="A1")
    new_post = post_create(
        actor=staffed.users["admin"],
        organisation=staffed.orgs["body_a"],
        code="NEW",
        title="Head",
        salary_min=Decimal(1),
        salary_max=Decimal(2),
        currency="KZT",
    )
    services.assignment_create(
        actor=staffed.users["admin"], employee=person, post=new_post, start_date=dt.date(2025, 6, 1)
    )
    old = Assignment.objects.get(employee=person, post__code="IT-A")
    assert old.end_date == dt.date(2025, 5, 31)
    a = indicators(user=staffed.users["admin"], root=staffed.orgs["body_a"])
    assert (a.it_headcount, a.filled) == (2, 3)


def _count(page: str) -> int:
    match = re.search(r"(\d+) results?", page)
    assert match, page[:500]
    return int(match.group(1))


def _get(client, url: str) -> str:
    return client.get(url.replace("&amp;", "&"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def _csv(client, url: str) -> list[dict[str, str]]:
    import csv
    import io

    url = url.replace("&amp;", "&") + "&export=csv"
    body = b"".join(client.get(url, HTTP_ACCEPT_LANGUAGE="en").streaming_content)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _assert_every_figure_opens_to_its_rows(client, root) -> dict[str, int]:
    """Follow every link of the dashboard of ``root``: the list behind each figure has
    exactly as many rows as the figure says (vacant places: the posts listed, whose vacant
    places add up to the figure). Returns the figures by label."""
    page = _get(client, f"/people/dashboard/?within={root.pk}")
    cards = re.findall(
        r'<li><a href="([^"]+)"><span class="value">(\d+)[^<]*</span>'
        r'<span class="label">([^<]+)</span>(?:<span class="note">in (\d+) posts?</span>)?',
        page,
    )
    assert len(cards) == 7, page
    bars = re.findall(r'<th scope="row">[^<]+</th><td><a href="([^"]+)">(\d+)</a></td>', page)
    assert len(bars) == 6
    # The same figures drawn as a chart (decision 0029), its table, and its links.
    from cadre.core.testing.charts import chart_figure, chart_table

    assert [row[1] for row in chart_table(page, "levels")[1:]] == [v for _h, v in bars]
    (levels,) = chart_figure(page, "levels")["data"]
    assert levels["customdata"] == [h.replace("&amp;", "&") for h, _v in bars]
    assert 'class="bar' not in page
    figures = {}
    for href, value, label, posts in cards:
        figures[label] = int(value)
        rows = _count(_get(client, href))
        if label == "Vacant places":
            assert rows == int(posts), href
            vacant = sum(int(row["vacant"]) for row in _csv(client, href))
            assert vacant == int(value), href
        else:
            assert rows == int(value), (label, href)
    for href, value in bars:
        assert _count(_get(client, href)) == int(value), href
    return figures


def test_every_dashboard_figure_opens_to_exactly_its_rows(as_user, api_as, staffed: World) -> None:
    admin = staffed.users["admin"]
    # Someone who left the service and one who never held a post are listed by no figure
    # but the headcount, whatever their records say.
    left = services.employee_create(
        actor=admin,
        personal_id="GONE",
        last_name="Gone",
        first_name="X",
        birth_date=dt.date(1980, 1, 1),
        gender="F",
        organisation=staffed.orgs["unit_a1"],
        is_active=False,
    )
    services.assignment_create(
        actor=admin, employee=left, post=Post.objects.get(code="IT-A"), start_date=START
    )
    services.employee_create(
        actor=admin,
        personal_id="NOPOST",
        last_name="Nopost",
        first_name="X",
        birth_date=dt.date(1980, 1, 1),
        gender="F",
        organisation=staffed.orgs["body_b"],
    )
    client = as_user("admin")
    for org in staffed.orgs.values():
        _assert_every_figure_opens_to_its_rows(client, org)
    figures = _assert_every_figure_opens_to_its_rows(client, staffed.orgs["country"])
    assert figures["Headcount"] == 5  # not the 6 people on file: one has left
    assert figures["IT-unit staff"] == 4
    # IT-A has 5 places, 3 held by people in service and 1 by someone who left: 1 vacant;
    # IT-B's 1 place is held; the digital duty is no staffing position (0 positions).
    assert figures["Vacant places"] == 1
    assert figures["Bodies with a digital lead"] == 1  # body A: its duty is held
    # The same through the API: the figure, and the list with the same filter.
    api = api_as("admin")
    for org in staffed.orgs.values():
        body = api.get(f"/api/v1/indicators/?within={org.pk}").json()
        people = api.get(f"/api/v1/employees/?within={org.pk}&figure=headcount").json()
        assert people["count"] == body["headcount"], org
        posts = api.get(f"/api/v1/posts/?within={org.pk}&vacant=true").json()
        assert posts["count"] == body["posts_with_vacancies"], org


def test_stored_figures_open_to_exactly_their_rows(as_user, staffed: World) -> None:
    from cadre.people.selectors import figures_refresh

    figures_refresh()
    client = as_user("hr_a")
    page = _get(client, f"/people/dashboard/?within={staffed.orgs['body_a'].pk}")
    assert "Figures as of" in page
    _assert_every_figure_opens_to_its_rows(client, staffed.orgs["body_a"])


def test_the_indicators_api(api_as, staffed: World) -> None:
    body = api_as("hr_a").get(f"/api/v1/indicators/?within={staffed.orgs['body_a'].pk}").json()
    assert body["it_headcount"] == 3
    assert body["it_by_level"] == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 0}
    assert (
        api_as("hr_a").get(f"/api/v1/indicators/?within={staffed.orgs['body_b'].pk}").status_code
        == 404
    )
    bad = api_as("hr_a").get("/api/v1/indicators/?within=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "within"


def test_dashboard_queries_do_not_grow_with_the_number_of_children(as_user, staffed: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cadre.orgs.services import organisation_create

    client = as_user("admin")
    url = f"/people/dashboard/?within={staffed.orgs['country'].pk}"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(8):
        organisation_create(
            actor=staffed.users["admin"],
            name=f"Body {i}",
            code=f"EXTRA{i}",
            kind="central_body",
            parent=staffed.orgs["country"],
        )
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert "Body 7" in page
    assert len(after.captured_queries) == len(before.captured_queries)


def _plain(figures: object) -> dict[str, object]:
    import dataclasses

    values = dataclasses.asdict(figures)  # type: ignore[call-overload]
    values.pop("computed_at")
    return values


def test_stored_figures_equal_a_fresh_count_everywhere(staffed: World) -> None:
    from cadre.orgs.models import Organisation
    from cadre.people.selectors import counted_breakdown, figures_refresh, precomputed

    assert figures_refresh() == Organisation.objects.count() == 5
    admin = staffed.users["admin"]
    for org in Organisation.objects.all():
        children = list(Organisation.objects.filter(parent=org))
        stored = precomputed([org, *children])
        assert stored is not None
        total, per_child = counted_breakdown(user=admin, root=org, children=children)
        assert [_plain(f) for f in stored] == [_plain(f) for f in [total, *per_child]]
    country = precomputed([staffed.orgs["country"]])[0]  # type: ignore[index]
    assert (country.headcount, country.it_headcount, country.it_units_without_specialist) == (
        4,
        4,
        1,
    )


def _headcount(page: str) -> int:
    match = re.search(r'<span class="value">(\d+)</span><span class="label">Headcount<', page)
    assert match, page
    return int(match.group(1))


def test_the_dashboard_reads_stored_figures_until_they_are_recounted(
    as_user, staffed: World, django_capture_on_commit_callbacks
) -> None:
    from cadre.people.selectors import figures_refresh

    figures_refresh()
    client = as_user("hr_a")
    url = f"/people/dashboard/?within={staffed.orgs['body_a'].pk}"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Figures as of" in page
    assert _headcount(page) == 3
    services.employee_create(
        actor=staffed.users["hr_a"],
        personal_id="NEW-0001",
        last_name="Новая",
        first_name="Айгерим",
        birth_date=dt.date(1995, 1, 1),
        gender="F",
        organisation=staffed.orgs["unit_a1"],
    )
    assert (
        _headcount(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()) == 3
    )  # stored, as the page says
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/people/dashboard/recount/")
    assert response.status_code == 302
    assert _headcount(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()) == 4


def test_stored_figures_are_not_shown_to_those_who_may_not_see_the_people(
    as_user, staffed: World
) -> None:
    from cadre.people.selectors import figures_refresh

    figures_refresh()
    client = as_user("employee_a1")
    page = client.get("/people/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Counted now from the records." in page
    assert "Figures as of" not in page
    assert "Recount now" not in page
    assert client.post("/people/dashboard/recount/").status_code == 403
    assert as_user("manager_a1").post("/people/dashboard/recount/").status_code == 403


@pytest.fixture
def ministry(world: World) -> World:
    """Body A keeps the books of its staff, who hold their posts in its digitalisation
    department (unit A1, an IT unit); one more person is on body A's books with no post."""
    admin = world.users["admin"]
    organisation_update(actor=admin, organisation=world.orgs["unit_a1"], is_it_unit=True)
    post = post_create(
        actor=admin,
        organisation=world.orgs["unit_a1"],
        code="DIG",
        title="Digitalisation officer",
        salary_min=Decimal(1),
        salary_max=Decimal(2),
        currency="KZT",
        positions=4,
    )
    for pid in ("M1", "M2", "M3", "M4"):
        person = services.employee_create(
            actor=admin,
            personal_id=pid,
            last_name=pid,
            first_name="X",
            birth_date=dt.date(1990, 1, 1),
            gender="M",
            organisation=world.orgs["body_a"],
        )
        if pid != "M4":
            services.assignment_create(actor=admin, employee=person, post=post, start_date=START)
        if pid == "M1":
            services.employee_link_user(actor=admin, employee=person, user=world.employee_a1)
    return world


def test_people_count_where_their_main_post_is(as_user, api_as, ministry: World) -> None:
    from cadre.people.selectors import counted_breakdown, figures_refresh, precomputed

    admin, unit, body = ministry.users["admin"], ministry.orgs["unit_a1"], ministry.orgs["body_a"]
    department = indicators(user=admin, root=unit)
    # The department's three officers count in it, as staff and as IT-unit staff.
    assert (department.headcount, department.it_headcount) == (3, 3)
    whole = indicators(user=admin, root=body)
    assert (whole.headcount, whole.it_headcount) == (4, 3)  # and the one with no post
    # The list behind the department, and its roll-up under body A, say the same.
    client = as_user("admin")
    listed = _get(client, f"/people/?within={unit.pk}")
    assert _count(listed) == 3
    # By the name as listed: a bare "M4" turns up in a random CSRF token now and then.
    assert "M1 X" in listed
    assert "M4 X" not in listed
    assert _count(_get(client, f"/people/?within={body.pk}")) == 4
    _, (row,) = counted_breakdown(user=admin, root=body, children=[unit])
    assert (row.headcount, row.it_headcount) == (3, 3)
    # Stored figures follow the same rule.
    figures_refresh()
    for org in Organisation.objects.all():
        children = list(Organisation.objects.filter(parent=org))
        stored = precomputed([org, *children])
        total, per_child = counted_breakdown(user=admin, root=org, children=children)
        assert [_plain(f) for f in stored] == [_plain(f) for f in [total, *per_child]]  # type: ignore[union-attr]
    # The department's manager sees the people who work there; its employee counts too.
    assert _count(_get(as_user("manager_a1"), f"/people/?within={unit.pk}")) == 3
    assert indicators(user=ministry.users["manager_a1"], root=unit).headcount == 3
    mine = _get(as_user("employee_a1"), "/people/dashboard/")
    assert _headcount(mine) == 1  # the employee sees themself, counted where they work
    # A manager sees them, but cannot change people whose books are kept elsewhere.
    api = api_as("manager_a1")
    assert api.get(f"/api/v1/employees/?within={unit.pk}").json()["count"] == 3
    hr_of_unit = _only_hr_of(ministry, unit)
    assert api_as(hr_of_unit).get("/api/v1/employees/").json()["count"] == 3
    m2 = api_as(hr_of_unit).get("/api/v1/employees/?q=M2").json()["results"][0]
    refused = api_as(hr_of_unit).patch(
        f"/api/v1/employees/{m2['id']}/", {"first_name": "Y"}, format="json"
    )
    assert refused.status_code == 403


def _only_hr_of(world: World, org: Organisation) -> str:
    from cadre.accounts import services as account_services
    from cadre.accounts.choices import Role
    from cadre.core.testing.world import PASSWORD

    user = account_services.user_create(
        actor=world.users["admin"], username="hr_unit", password=PASSWORD
    )
    account_services.role_assignment_create(
        actor=world.users["admin"], user=user, role=Role.HR_OFFICER, organisation=org
    )
    world.users["hr_unit"] = user
    return "hr_unit"


def test_the_dashboard_writes_its_figures_as_the_users_language_does(
    as_user, staffed: World
) -> None:
    """A share is ``33,3 %`` in Russian and ``33.3%`` in English, not Python's ``33.3%``
    everywhere (issue 18)."""
    url = f"/people/dashboard/?within={staffed.orgs['body_a'].pk}"
    client = as_user("hr_a")
    ru = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    en = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    ru_share = re.search(r'<span class="value">\d+ \((\d+,\d)\xa0%\)</span>', ru)
    en_share = re.search(r'<span class="value">\d+ \((\d+\.\d)%\)</span>', en)
    assert ru_share and en_share, (ru, en)
    assert ru_share.group(1).replace(",", ".") == en_share.group(1)
