"""The ratings' charts through HTTP (decision 0029): the numbers behind each chart for a
built world, the dashboard's filters, the CSV of each chart and of the scores, the public
scores' chart."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cadre.core.testing.charts import chart_figure, chart_table, csv_rows
from cadre.ratings.models import UnitScore


def _page(as_user: Any, user: str, query: str = "") -> str:
    response = as_user(user).get(f"/ratings/{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return str(response.content.decode())


def _name(month: dt.date) -> str:
    return month.strftime("%B %Y")


def test_the_trend_and_criteria_charts_carry_exactly_the_months_in_scope(rated, as_user) -> None:
    page = _page(as_user, "hr_a")
    m1, m2 = _name(rated.m1), _name(rated.m2)
    assert chart_table(page, "trend") == [
        ["Month", "Ratings", "Negative", "Average (1–5)"],
        [m1, "3", "33%", "3.33"],
        [m2, "6", "33%", "3.50"],
    ]
    figure = chart_figure(page, "trend")
    bars, line = figure["data"]
    assert (bars["type"], bars["x"], bars["y"]) == ("bar", [m1, m2], [3, 6])
    assert (line["yaxis"], line["text"]) == ("y2", ["33%", "33%"])
    assert figure["layout"]["yaxis2"]["tickformat"] == ".0%"
    assert figure["layout"]["xaxis"]["title"]["text"] == "Month"
    assert figure["layout"]["separators"] == ".,"
    # courtesy was answered on all 9 ratings of body A: (5+4+1+2+5+3+1+5+5) / 9 = 3.44
    assert chart_table(page, "criteria")[1:] == [
        ["Courtesy and competence of the employee", "3.44", "9"]
    ]
    # The national auditor sees both bodies: body B's 3 ratings join last month.
    assert chart_table(_page(as_user, "auditor"), "trend")[1:] == [
        [m1, "3", "33%", "3.33"],
        [m2, "9", "33%", "3.33"],
    ]


def test_the_filters_narrow_the_months(rated, as_user) -> None:
    m1, m2 = _name(rated.m1), _name(rated.m2)
    by_point = _page(as_user, "hr_a", f"?point={rated.p2.pk}")
    assert chart_table(by_point, "trend")[1:] == [[m2, "4", "25%", "3.50"]]
    by_type = _page(as_user, "auditor", f"?service_type={rated.desk.service_type.pk}")
    # T1: P1's five ratings and body B's three.
    assert chart_table(by_type, "trend")[1:] == [[m1, "3", "33%", "3.33"], [m2, "5", "40%", "3.20"]]
    by_body = _page(as_user, "auditor", f"?body={rated.desk.world.orgs['body_b'].pk}")
    assert chart_table(by_body, "trend")[1:] == [[m2, "3", "33%", "3.00"]]
    assert [row[0] for row in chart_table(by_body, "funnel")[1:]] == ["Body B"]
    since = _page(as_user, "hr_a", f"?since={rated.m2:%Y-%m}")
    assert chart_table(since, "trend")[1:] == [[m2, "6", "33%", "3.50"]]
    until = _page(as_user, "hr_a", f"?until={rated.m1:%Y-%m}")
    assert chart_table(until, "trend")[1:] == [[m1, "3", "33%", "3.33"]]
    # A body, a point or a type the user may not see is not a choice.
    other = as_user("hr_a").get(f"/ratings/?point={rated.p3.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert "Select a valid choice" in other.content.decode()
    backwards = _page(as_user, "hr_a", f"?since={rated.m2:%Y-%m}&until={rated.m1:%Y-%m}")
    assert "The last month comes before the first." in backwards


def test_the_funnel_plot_has_its_axes_limits_and_the_bodies(rated, as_user) -> None:
    page = _page(as_user, "auditor")
    table = chart_table(page, "funnel")
    # Network rate 4/12; A: 9 ratings, 3 negative; B: 3 ratings, 1 negative (phi stays 1:
    # fewer than three bodies). Limits: 1/3 ± z·sqrt(p0(1 − p0)/n), within 0–100%.
    assert table == [
        [
            "Body",
            "Ratings",
            "Negative",
            "Share negative",
            "Lower 95% limit",
            "Upper 95% limit",
            "Lower 99.8% limit",
            "Upper 99.8% limit",
        ],
        ["Body A", "9", "3", "33.3%", "2.5%", "64.1%", "0.0%", "81.9%"],
        ["Body B", "3", "1", "33.3%", "0.0%", "86.7%", "0.0%", "100.0%"],
    ]
    figure = chart_figure(page, "funnel")
    layout = figure["layout"]
    assert layout["xaxis"]["title"]["text"] == "Number of ratings"
    assert layout["yaxis"]["title"]["text"] == "Share of negative ratings (1 or 2)"
    names = [trace["name"] for trace in figure["data"]]
    assert names == [
        "Network rate",
        "95% limits",
        "95% limits",
        "99.8% limits",
        "99.8% limits",
        "Bodies",
    ]
    assert figure["data"][0]["y"][0] == pytest.approx(1 / 3)
    assert figure["data"][-1]["x"] == [9, 3]


def test_each_chart_and_the_scores_export_as_csv(rated, as_user) -> None:
    client = as_user("hr_a")
    trend = client.get(
        f"/ratings/?point={rated.p2.pk}&export=chart-trend", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert trend["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(trend.content) == [
        ["Month", "Ratings", "Negative", "Average (1–5)"],
        [f"{rated.m2:%Y-%m}", "4", "0.25", "3.5"],
    ]
    funnel = csv_rows(client.get("/ratings/?export=chart-funnel").content)
    assert funnel[1][:4] == ["Body A", "9", "3", "0.333333"]
    streamed = client.get("/ratings/?export=scores", HTTP_ACCEPT_LANGUAGE="en")
    scores = csv_rows(b"".join(streamed.streaming_content))
    assert scores[0][:5] == ["Employee", "Links issued", "Answered", "Ratings", "Negative"]
    assert [row[:5] for row in scores[1:]] == [["Alpha T", "9", "9", "9", "3"]]
    # A reader in Russian gets the headers in Russian, the numbers still plain.
    russian = client.get("/ratings/?export=chart-trend", HTTP_ACCEPT_LANGUAGE="ru")
    assert csv_rows(russian.content)[0] == ["Месяц", "Оценки", "Отрицательные", "Среднее (1–5)"]
    # The page links to both.
    page = _page(as_user, "hr_a", f"?point={rated.p2.pk}")
    assert f'href="?point={rated.p2.pk}&amp;export=chart-trend"' in page
    assert f'href="?point={rated.p2.pk}&amp;export=scores"' in page


def test_numbers_are_written_in_the_users_language(rated, as_user) -> None:
    page = as_user("auditor").get("/ratings/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert chart_table(page, "trend")[1][1:] == ["3", "33\xa0%", "3,33"]
    assert chart_figure(page, "trend")["layout"]["separators"][0] == ","


def test_the_public_scores_page_draws_each_page_of_bodies(rated, client) -> None:
    page = client.get("/ratings/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    bodies = chart_table(page, "bodies")
    assert bodies[0] == ["Name", "Score (1–5)", "At least satisfied", "Ratings"]
    # Best first: A's 31 points in 9 ratings, B's 9 in 3, both pulled towards 40/12.
    assert [(row[0], row[1], row[3]) for row in bodies[1:]] == [
        ("Body A", "3.39", "9"),
        ("Body B", "3.26", "3"),
    ]
    means = dict(UnitScore.objects.filter(kind="organisation").values_list("ratings", "mean"))
    assert (round(means[9], 2), round(means[3], 2)) == (3.39, 3.26)
    figure = chart_figure(page, "bodies")
    assert figure["data"][0]["y"] == ["Body A", "Body B"]
    assert figure["layout"]["xaxis"]["range"] == [1, 5]
    points = chart_table(page, "points")
    assert sorted(row[0] for row in points[1:]) == ["Annex A", "Desk B", "Front office A"]
    csv = csv_rows(client.get("/ratings/public/?export=chart-points").content)
    assert sorted(row[3] for row in csv[1:]) == ["3", "4", "5"]


def test_a_bodys_public_page_draws_its_months_and_its_service_points(rated, client) -> None:
    body = rated.desk.world.orgs["body_a"]
    page = client.get(f"/ratings/public/{body.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert chart_table(page, "trend")[1:] == [
        [_name(rated.m1), "3", "33%", "3.33"],
        [_name(rated.m2), "6", "33%", "3.50"],
    ]
    assert chart_figure(page, "trend")["config"]["displayModeBar"] is False
    # Body A's two points, best first (Annex 14/4, front office 17/5); not body B's desk.
    assert [row[0] for row in chart_table(page, "points")[1:]] == ["Annex A", "Front office A"]
    assert '<details class="chart-data" open>' in page  # no other table: the chart's is open
    csv = csv_rows(client.get(f"/ratings/public/{body.pk}/?export=chart-trend").content)
    assert [row[1] for row in csv[1:]] == ["3", "6"]
