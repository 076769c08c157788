"""The gaps heat map's chart through HTTP (decision 0029): a column per competency, a row
per organisation, the share below as colour with its legend, the data and its CSV."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cadre.assessments.gaps import gaps_recompute
from cadre.assessments.tests.test_gaps import _evidence
from cadre.competencies.models import Competency
from cadre.core.testing.charts import chart_figure, chart_table, csv_rows
from cadre.core.testing.world import World


def test_the_heat_map_chart_has_a_column_per_competency_and_a_legend(
    world: World, staff: Any, as_user: Any
) -> None:
    _evidence(world, staff["aliya"], "SA.1", 3, "test")
    gaps_recompute()
    url = reverse("assessments:heatmap") + f"?within={world.orgs['body_a'].pk}"
    page = as_user("hr_a").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    table = chart_table(page, "gaps")
    assert table[0] == [
        "Organisation",
        "Code",
        "Competency",
        "People",
        "Below the required level",
        "Share below",
    ]
    assert [row[:2] + row[3:] for row in table[1:]] == [
        ["Unit A1", "SA.1", "3", "2", "67%"],
        ["Unit A1", "IS.1", "3", "3", "100%"],
    ]
    (heat,) = chart_figure(page, "gaps")["data"]
    assert heat["type"] == "heatmap"
    assert heat["x"] == ["SA.1", "IS.1"]  # a column per competency
    assert heat["y"] == ["Unit A1"]
    assert heat["z"] == [[2 / 3, 1.0]]
    assert (heat["zmin"], heat["zmax"]) == (0, 1)
    # The legend is the page's: the colours of the table's cells, 0% to 100%.
    assert heat["colorscale"][0] == [0.0, "hsl(4,70%,96%)"]
    assert heat["colorscale"][-1] == [1.0, "hsl(4,70%,46%)"]
    assert '<li class="heat-0">0%</li>' in page and '<li class="heat-10">100%</li>' in page
    fw = Competency.objects.get(code="SA.1").framework_id
    assert heat["customdata"][0][0] == (
        reverse("assessments:gap_people")
        + f"?within={world.orgs['unit_a1'].pk}&framework={fw}&code=SA.1"
    )
    exported = as_user("hr_a").get(url + "&export=chart-gaps", HTTP_ACCEPT_LANGUAGE="en")
    assert csv_rows(exported.content)[1:] == [
        ["Unit A1", "SA.1", table[1][2], "3", "2", "0.666667"],
        ["Unit A1", "IS.1", table[2][2], "3", "3", "1.0"],
    ]
    assert f'href="?within={world.orgs["body_a"].pk}&amp;export=chart-gaps"' in page
