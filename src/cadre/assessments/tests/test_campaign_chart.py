"""A campaign's progress as a chart (decision 0029): the share done per organisation and
part, the table behind it and its CSV; the page's own table keeps the counts."""

from __future__ import annotations

from typing import Any

from cadre.assessments import campaigns, services
from cadre.assessments.models import Test
from cadre.assessments.tests.test_campaigns import _campaign
from cadre.competencies.models import Competency
from cadre.core.testing.charts import chart_figure, chart_table, csv_rows
from cadre.core.testing.world import World


def test_the_progress_chart_shows_the_share_done_and_exports_its_numbers(
    world: World, staff: Any, exam: Test, as_user: Any
) -> None:
    campaign = _campaign(world, exam, manager_assessment=True)
    campaigns.campaign_launch(actor=world.users["hr_a"], campaign=campaign)
    attempt = services.attempt_start(actor=world.users["employee_a1"], test=exam)
    services.attempt_submit(actor=world.users["employee_a1"], attempt=attempt, answers={})
    sa = Competency.objects.get(code="SA.1")
    services.appraisal_submit(
        actor=world.users["manager_a1"], employee=staff["bolat"], role="manager", levels={sa.pk: 2}
    )
    client = as_user("hr_a")
    url = campaign.get_absolute_url()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert chart_table(page, "progress") == [
        ["Organisation", "People", "Test taken", "Self-assessment made", "Manager assessment made"],
        ["Unit A1", "3", "1", "0", "1"],
    ]
    traces = chart_figure(page, "progress")["data"]
    assert [(t["name"], t["y"], t["x"]) for t in traces] == [
        ("Test taken", ["Unit A1"], [1 / 3]),
        ("Self-assessment made", ["Unit A1"], [0]),
        ("Manager assessment made", ["Unit A1"], [1 / 3]),
    ]
    assert traces[0]["customdata"] == ["1 of 3 (33%)"]
    assert 'class="bar' not in page  # the hand-drawn bars are gone
    exported = client.get(url + "?export=chart-progress", HTTP_ACCEPT_LANGUAGE="en")
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(exported.content) == [
        ["Organisation", "People", "Test taken", "Self-assessment made", "Manager assessment made"],
        ["Unit A1", "3", "1", "0", "1"],
    ]
    # Another export name is not this page's: the page itself.
    assert client.get(url + "?export=chart-other").status_code == 200
