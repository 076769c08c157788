"""Rating tokens for real interactions, the public page and the API, and the defences:
every refusal names its reason and counts nothing twice."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cadre.accounts.services import api_token_create
from cadre.ratings.models import EmployeeScore, Interaction, Rating
from cadre.ratings.scores import scores_fold
from cadre.ratings.tests.conftest import Desk, issue

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _desk_api(desk: Desk) -> APIClient:
    _token, key = api_token_create(actor=desk.user, name="desk")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _quarter_start(now: dt.datetime) -> dt.datetime:
    """The first moment of ``now``'s quarter, in ``now``'s time zone."""
    return now.replace(
        month=3 * ((now.month - 1) // 3) + 1, day=1, hour=0, minute=0, second=0, microsecond=0
    )


def _report(desk: Desk, **overrides: object) -> dict[str, object]:
    return {
        "external_id": "CRM-1",
        "service_point": desk.point.pk,
        "service_type": "certificates",
        "employees": [desk.officer.pk],
        "outcome": "granted",
        "channel": "in_person",
        "citizen_id": "+7 701 555 01 02",
        **overrides,
    }


def test_a_token_is_issued_once_per_interaction_and_kept_only_as_a_hash(desk) -> None:
    client = _desk_api(desk)
    first = client.post("/api/v1/rating-tokens/", _report(desk), format="json")
    assert first.status_code == 201, first.json()
    again = client.post("/api/v1/rating-tokens/", _report(desk), format="json")
    assert again.status_code == 200
    token = first.json()["token"]
    assert again.json()["token"] == token and len(token) == 22
    assert first.json()["url"] == f"http://testserver/r/{token}/"
    assert first.json()["qr_svg"].startswith('<svg width="')
    interaction = Interaction.objects.get()
    assert interaction.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(str(v) for v in Interaction.objects.values().get().values())
    assert token not in stored and "7015550102" not in stored  # neither token nor phone


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"service_type": "no-such-service"}, "service_type"),
        ({"service_type": "a\x00"}, "service_type"),
        ({"employees": []}, "employees"),
        ({"outcome": "maybe"}, "outcome"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_report_is_refused_with_the_field(desk, overrides, field) -> None:
    response = _desk_api(desk).post(
        "/api/v1/rating-tokens/", _report(desk, **overrides), format="json"
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not Interaction.objects.exists()


def test_staff_of_another_body_cannot_be_named_and_managers_cannot_issue(desk, api_as) -> None:
    from cadre.people import services as people

    stranger = people.employee_create(
        actor=desk.world.users["admin"],
        personal_id="KZ-9100",
        last_name="Stranger",
        first_name="B",
        birth_date=dt.date(1990, 1, 1),
        gender="M",
        organisation=desk.world.orgs["unit_b1"],
    )
    response = _desk_api(desk).post(
        "/api/v1/rating-tokens/", _report(desk, employees=[stranger.pk]), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "employees"
    assert (
        api_as("manager_a1")
        .post("/api/v1/rating-tokens/", _report(desk), format="json")
        .status_code
        == 403
    )
    assert not Interaction.objects.exists()


def test_the_citizen_rates_once_on_the_public_page(client, desk) -> None:
    token = issue(desk, "CRM-2")
    page = client.get(f"/r/{token}/", **EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Overall, how satisfied are you with the service?" in html
    assert "<script" not in html  # works without JavaScript
    response = client.post(
        f"/r/{token}/",
        {"overall": "4", "courtesy": "5", "need_met": "yes", "comment": "Quick and polite."},
        **EN,
    )
    assert response.status_code == 302 and response["Location"] == "/r/thanks/"
    rating = Rating.objects.get()
    assert (rating.overall, rating.courtesy, rating.waiting, rating.status) == (
        4,
        5,
        None,
        "counted",
    )
    # The rating is the officer's, who served (the interaction's employees).
    scores_fold(until=timezone.now() + dt.timedelta(seconds=1))
    assert EmployeeScore.objects.get(employee=desk.officer).ratings == 1
    again = client.get(f"/r/{token}/", **EN)
    assert again.status_code == 410
    assert "This service has already been rated with this link." in again.content.decode()
    assert client.post(f"/r/{token}/", {"overall": "1"}, **EN).status_code == 410
    assert Rating.objects.count() == 1


def test_the_public_page_speaks_kazakh(client, desk) -> None:
    token = issue(desk, "CRM-KK")
    html = client.get(f"/r/{token}/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert '<html lang="kk">' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"overall": "7"}, "Select a valid choice. 7 is not one of the available choices."),
        ({}, "This field is required."),
        (
            {"overall": "3", "comment": "x" * 2001},
            "Ensure this value has at most 2000 characters (it has 2001).",
        ),
    ],
)
def test_bad_answers_are_refused_and_the_link_stays_usable(client, desk, data, message) -> None:
    token = issue(desk, "CRM-3")
    response = client.post(f"/r/{token}/", data, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Rating.objects.exists()
    assert Interaction.objects.get().used_at is None


def test_malformed_forged_and_expired_links(client, desk) -> None:
    assert client.get("/r/abc/", **EN).status_code == 404
    forged = client.get("/r/" + "A" * 22 + "/", **EN)
    assert forged.status_code == 404
    assert "This rating link is not valid." in forged.content.decode()
    token = issue(desk, "CRM-4")
    Interaction.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    expired = client.post(f"/r/{token}/", {"overall": "5"}, **EN)
    assert expired.status_code == 410
    assert "This rating link has expired." in expired.content.decode()
    assert not Rating.objects.exists()


def test_one_counted_rating_per_citizen_per_day(client, desk) -> None:
    first, second = (
        issue(desk, "CRM-5", "+7 701 555 01 02"),
        issue(desk, "CRM-6", "+7 (701) 555-01-02"),
    )
    assert client.post(f"/r/{first}/", {"overall": "5"}, **EN).status_code == 302
    refused = client.post(f"/r/{second}/", {"overall": "1"}, **EN)
    assert refused.status_code == 400
    assert "You have already rated a service today; one rating a day counts." in (
        refused.content.decode()
    )
    assert Rating.objects.count() == 1
    assert Interaction.objects.get(external_id="CRM-6").used_at is None


def test_a_cap_per_citizen_per_employee_per_quarter(client, desk, settings) -> None:
    settings.CADRE_RATING_QUARTER_CAP = 1
    now = timezone.localtime()
    quarter_start = _quarter_start(now)
    if quarter_start.date() == now.date():
        pytest.skip("on the first day of a quarter the daily cap answers first")
    first, second = issue(desk, "CRM-7", "ID-1"), issue(desk, "CRM-8", "ID-1")
    assert client.post(f"/r/{first}/", {"overall": "5"}, **EN).status_code == 302
    Rating.objects.update(submitted_at=quarter_start)
    refused = client.post(f"/r/{second}/", {"overall": "2"}, **EN)
    assert refused.status_code == 400
    assert "You have already rated this employee 1 times this quarter." in (
        refused.content.decode()
    )
    assert Rating.objects.count() == 1


def test_the_quarter_cap_counts_this_quarter_and_this_employee_only(client, desk, settings) -> None:
    settings.CADRE_RATING_QUARTER_CAP = 1
    now = timezone.localtime()
    quarter_start = _quarter_start(now)
    first = issue(desk, "CRM-71", "ID-2")
    assert client.post(f"/r/{first}/", {"overall": "5"}, **EN).status_code == 302
    # Rated last quarter: this quarter's cap is not reached.
    Rating.objects.update(submitted_at=quarter_start - dt.timedelta(seconds=1))
    second = issue(desk, "CRM-72", "ID-2")
    assert client.post(f"/r/{second}/", {"overall": "4"}, **EN).status_code == 302
    if quarter_start.date() == now.date():
        return  # the rest would meet the daily cap first
    # This quarter, but before today: the same employee is capped, a colleague is not.
    Rating.objects.filter(interaction__external_id="CRM-72").update(submitted_at=quarter_start)
    colleague = issue(desk, "CRM-73", "ID-2", employees=[desk.other])
    same = issue(desk, "CRM-74", "ID-2")
    refused = client.post(f"/r/{same}/", {"overall": "3"}, **EN)
    assert refused.status_code == 400
    assert "You have already rated this employee 1 times this quarter." in (
        refused.content.decode()
    )
    assert client.post(f"/r/{colleague}/", {"overall": "3"}, **EN).status_code == 302
    assert sorted(Rating.objects.values_list("interaction__external_id", flat=True)) == [
        "CRM-71",
        "CRM-72",
        "CRM-73",
    ]


def test_a_rating_by_a_colleague_is_recorded_but_not_counted(client, desk) -> None:
    token = issue(desk, "CRM-9", citizen_id=desk.other.personal_id)
    assert client.post(f"/r/{token}/", {"overall": "5"}, **EN).status_code == 302
    assert Rating.objects.values_list("status", "reason").get() == (
        "not_counted",
        "conflict_of_interest",
    )


def test_a_rating_sent_too_soon_after_the_service_is_held(client, desk, settings) -> None:
    settings.CADRE_RATING_MIN_SECONDS = 600
    token = issue(desk, "CRM-10")
    assert client.post(f"/r/{token}/", {"overall": "1"}, **EN).status_code == 302
    assert Rating.objects.values_list("status", "reason").get() == ("held", "too_fast")


def test_a_burst_from_one_network_is_held_and_then_throttled(client, desk, settings) -> None:
    settings.CADRE_RATING_NETWORK_BURST = 2
    settings.CADRE_RATING_NETWORK_PER_MINUTE = 3
    import uuid

    # A network of this run's own, so that other tests' requests do not count against it.
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"
    tokens = [issue(desk, f"CRM-B{i}", citizen_id=f"ID-B{i}") for i in range(4)]
    for token in tokens[:3]:
        response = client.post(f"/r/{token}/", {"overall": "1"}, REMOTE_ADDR=address, **EN)
        assert response.status_code == 302
    assert list(Rating.objects.order_by("id").values_list("status", flat=True)) == [
        "counted",
        "counted",
        "held",
    ]
    throttled = client.post(f"/r/{tokens[3]}/", {"overall": "1"}, REMOTE_ADDR=address, **EN)
    assert throttled.status_code == 429
    assert Rating.objects.count() == 3


def test_the_same_through_the_api(desk) -> None:
    token = issue(desk, "CRM-11")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    bad = client.post("/api/v1/ratings/", {"token": token, "overall": 0}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "overall"
    extra = client.post(
        "/api/v1/ratings/", {"token": token, "overall": 4, "stars": 5}, format="json"
    )
    assert extra.status_code == 400 and extra.json()["errors"][0]["field"] == "stars"
    ok = client.post("/api/v1/ratings/", {"token": token, "overall": 4}, format="json")
    assert ok.status_code == 201 and ok.json() == {"received": True}
    used = client.post("/api/v1/ratings/", {"token": token, "overall": 4}, format="json")
    assert used.status_code == 400
    assert used.json()["errors"] == [
        {
            "field": "token",
            "code": "used",
            "message": "This service has already been rated with this link.",
        }
    ]
    assert Rating.objects.count() == 1


def test_the_previous_release_still_reads_a_ratings_employees(desk) -> None:
    """During an upgrade the previous release reads ``ratings_rating_employees``: on
    PostgreSQL a view of the interactions' employees (migration 0019)."""
    from django.db import connection

    from cadre.ratings.services import rating_submit

    if connection.vendor != "postgresql":
        pytest.skip("SQLite is upgraded at once: no view")
    received = rating_submit(token=issue(desk, "VIEW-1", "ID-V1"), answers={"overall": 4})
    with connection.cursor() as cursor:
        cursor.execute("SELECT rating_id, employee_id FROM ratings_rating_employees")
        assert cursor.fetchall() == [(received.rating_id, desk.officer.pk)]


def test_taking_ratings_in_the_order_issued_writes_no_index_entries(desk, settings) -> None:
    """PostgreSQL: links rated one after another in the order they were issued — the rows
    of one page in quick succession — are each a HOT update (migration 0021): no new entry
    in the interaction's seven indexes, among them the random-key token index."""
    from django.db import connection

    from cadre.ratings.services import rating_submit

    if connection.vendor != "postgresql":
        pytest.skip("HOT updates are PostgreSQL's")
    settings.CADRE_RATING_MIN_SECONDS = 0
    tokens = [issue(desk, f"HOT-{i}", f"ID-H{i}") for i in range(40)]

    def updates() -> tuple[int, int]:
        # The counts not yet reported to the statistics: they only grow inside the test's
        # transaction (and may hold an earlier test's), so the difference is this test's.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables "
                "WHERE relname = 'ratings_interaction'"
            )
            row = cursor.fetchone()
        return (row[0], row[1]) if row else (0, 0)

    before = updates()
    for token in tokens:
        rating_submit(token=token, answers={"overall": 4})
    after = updates()
    # All in one transaction: no earlier version could be pruned to make room.
    assert (after[0] - before[0], after[1] - before[1]) == (40, 40)
    assert Rating.objects.filter(status="counted").count() == 40


def test_the_quarter_cap_counts_from_the_local_quarter_start_in_utcs_previous_month(
    client, desk, settings
) -> None:
    """In Hanoi (UTC+7) the quarter begins at 17:00 UTC on the last day of the month before:
    the citizen's index is read month by month in UTC (migration 0022), and that month must
    be among those read."""
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    settings.CADRE_RATING_QUARTER_CAP = 1
    now = timezone.localtime()
    quarter_start = _quarter_start(now)
    if quarter_start.date() == now.date():
        pytest.skip("on the first day of a quarter the daily cap answers first")
    assert quarter_start.astimezone(dt.UTC).month != quarter_start.month
    first = issue(desk, "CRM-81", "ID-8")
    assert client.post(f"/r/{first}/", {"overall": "5"}, **EN).status_code == 302
    # A second before the quarter began: not this quarter's.
    Rating.objects.update(submitted_at=quarter_start - dt.timedelta(seconds=1))
    second = issue(desk, "CRM-82", "ID-8")
    assert client.post(f"/r/{second}/", {"overall": "4"}, **EN).status_code == 302
    # The quarter's first moment, in UTC the month before: this quarter's.
    Rating.objects.filter(interaction__external_id="CRM-82").update(submitted_at=quarter_start)
    third = issue(desk, "CRM-83", "ID-8")
    refused = client.post(f"/r/{third}/", {"overall": "3"}, **EN)
    assert refused.status_code == 400
    assert "You have already rated this employee 1 times this quarter." in (
        refused.content.decode()
    )
    assert Rating.objects.count() == 2


def test_the_caps_read_the_citizens_index_by_month_in_the_cached_plan(desk, settings) -> None:
    """PostgreSQL: ``cadre_rating_submit`` keeps one generic plan for the caps, and that
    plan reads only the partitions of the quarter's months (migration 0026: the months
    also said in the partition key, pruned as each call runs) and seeks this month's by
    ``rating_citizen_month_idx``, by the four months and the citizen (migration 0022). Were
    the function's expression not the index's, the caps would walk the whole index; without
    the range, every month's partition would be read. (With the months as an array of
    unknown length, the generic plan was kept here but, at 10,000,000 ratings, costed above
    a custom one: every call planned the statement again, +0.2 ms. ``bench/README.md``.)"""
    from django.db import connection
    from django.db.utils import DatabaseError

    from cadre.ratings.services import rating_submit

    if connection.vendor != "postgresql":
        pytest.skip("the function runs on PostgreSQL")
    settings.CADRE_RATING_MIN_SECONDS = 0
    tokens = [issue(desk, f"PLAN-{i}", f"ID-P{i}") for i in range(8)]
    rating_submit(token=tokens.pop(), answers={"overall": 4})
    connection.ensure_connection()
    with connection.cursor() as cursor:
        # This month's ratings of 5,000 other citizens from as many networks, and the
        # statistics of a table in use: a generic plan is costed from them, and on a few
        # rows any index is as cheap as another.
        cursor.execute(
            "INSERT INTO ratings_rating (interaction_id, organisation_id, service_point_id, "
            "service_type_id, outcome, channel, submitted_at, overall, need_met, comment, "
            "status, reason, citizen_key, network_key, comment_status, published_comment, "
            "moderation_reason, answer) "
            "SELECT r.interaction_id, r.organisation_id, r.service_point_id, "
            "r.service_type_id, r.outcome, r.channel, r.submitted_at - n * interval '1 second', "
            "r.overall, r.need_met, '', 'counted', '', md5('citizen' || n), md5('net' || n), "
            "'', '', '', '' FROM ratings_rating r, generate_series(1, 5000) n"
        )
        cursor.execute("ANALYZE ratings_rating")
    plans: list[str] = []
    with connection.cursor() as cursor:
        try:
            cursor.execute("LOAD 'auto_explain'")
        except DatabaseError:
            pytest.skip("auto_explain cannot be loaded by this database user")
        cursor.execute("SET LOCAL auto_explain.log_min_duration = 0")
        cursor.execute("SET LOCAL auto_explain.log_nested_statements = on")
        cursor.execute("SET LOCAL auto_explain.log_level = notice")
        cursor.execute("SET LOCAL client_min_messages = notice")

    def collect(notice: Any) -> None:
        plans.append(notice.message_primary)

    connection.connection.add_notice_handler(collect)
    try:
        for token in tokens:
            rating_submit(token=token, answers={"overall": 4})
    finally:
        connection.connection.remove_notice_handler(collect)
    caps = [plan for plan in plans if "WITH mine AS MATERIALIZED" in plan]
    assert len(caps) == 7
    for plan in caps:
        # The generic plan (parameters, not the values of one call): the other months'
        # partitions removed as it ran, this month's sought by both columns of the
        # citizen's index, not walked with the citizen as a filter.
        assert re.search(r"Subplans Removed: \d+", plan), plan
        month = timezone.now().astimezone(dt.UTC).strftime("%Y_%m")
        scan = re.search(
            rf"Index Scan using ratings_rating_p{month}_int4_citizen_key_idx on "
            rf"ratings_rating_p{month} r_\d+ .*\n\s*"
            r"Index Cond: \(\(\(.*date_part\('month'.*\)::integer = ANY \(ARRAY\[\$\d+, "
            r"\(\$\d+ \+ 1\), \(\$\d+ \+ 2\), \(\$\d+ \+ 3\)\]\)\) "
            r"AND \(\(citizen_key\)::text = \(\$\d+\)::text\)\)",
            plan,
        )
        assert scan, plan
    # The eight submitted and the 5,000 inserted: none refused by a cap.
    assert Rating.objects.filter(status="counted").count() == 5008
