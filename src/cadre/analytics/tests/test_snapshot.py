"""The measures read from the other apps, the snapshot and the scoped evenness."""

from __future__ import annotations

import datetime as dt

import pytest

from cadre.analytics import selectors, services, sources
from cadre.analytics.choices import Measure
from cadre.analytics.models import MeasureSnapshot
from cadre.core.errors import ApplicationError

pytestmark = pytest.mark.django_db
MAY = dt.date(2026, 5, 1)


def test_units_are_the_bodies_under_regions(regions):
    u = sources.units()
    o = regions.orgs
    assert dict(zip(u.ids, u.regions, strict=True)) == {
        o["body_n1"].pk: o["north"].pk,
        o["body_s1"].pk: o["south"].pk,
        o["body_s2"].pk: o["south"].pk,
    }  # bodies A and B stand directly under the country: no region, not compared


def test_measure_rows_from_the_stored_figures(regions):
    o, u = regions.orgs, sources.units()
    assert sources.measure_rows(Measure.IT_QUALIFIED, u) == {
        o["body_n1"].pk: (2.0, 3.0),
        o["body_s1"].pk: (0.0, 1.0),
        o["body_s2"].pk: (0.0, 0.0),
    }
    assert sources.measure_rows(Measure.IT_PER_UNIT, u) == {
        o["body_n1"].pk: (3.0, 1.0),
        o["body_s1"].pk: (1.0, 1.0),
        o["body_s2"].pk: (0.0, 1.0),
    }
    assert sources.measure_rows(Measure.TRAINING, u)[o["body_n1"].pk] == (0.0, 3.0)
    assert sources.measure_rows(Measure.FAIR_RATIO, u) == {}


def test_snapshot_and_evenness_in_scope(regions):
    out = services.snapshot_take(period=dt.date(2026, 5, 17))
    assert out == {"units": 3, "rows": 9}  # 3 units × (qualified, per body, training)
    assert MeasureSnapshot.objects.filter(period=MAY).count() == 9
    services.snapshot_take(period=MAY)  # again: replaced, not doubled
    assert MeasureSnapshot.objects.filter(period=MAY).count() == 9
    country = regions.orgs["country"]
    f = selectors.evenness_of(regions.users["admin"], country, Measure.IT_QUALIFIED, MAY)
    r = f.result
    assert r is not None
    # North 2/3, South 0/1 (body S2 has no IT staff: no value). Σy = 2, Σw = 4.
    assert r.value == 0.5 and (r.units, r.units_with_none, r.units_without_data) == (2, 1, 1)
    assert r.spread.max_min is None and r.spread.gini == pytest.approx(0.5)
    # All the qualified are in North: T = ln(1 / (3/4)) = ln(4/3), all of it between regions.
    import math

    assert r.theil == pytest.approx(math.log(4 / 3))
    assert r.between == pytest.approx(math.log(4 / 3)) and r.within == pytest.approx(0.0)
    # The HR officer of body N1 sees its row only.
    mine = selectors.evenness_of(regions.users["hr_n"], country, Measure.IT_QUALIFIED, MAY)
    assert mine.result is not None
    assert [(g.region, g.value) for g in mine.result.regions] == [
        (regions.orgs["north"].pk, pytest.approx(2 / 3))
    ]


def test_unknown_measure_and_period_are_refused():
    with pytest.raises(ApplicationError) as e:
        selectors.parse_measure("happiness")
    assert e.value.errors == {"measure": ["Unknown measure “happiness”."]}
    with pytest.raises(ApplicationError) as e:
        selectors.parse_period("2026-13", [MAY])
    assert e.value.errors == {
        "period": ["No figures for the period “2026-13”: choose a month that has a snapshot."]
    }
    with pytest.raises(ApplicationError):
        selectors.parse_period("2026-04", [MAY])
    assert selectors.parse_period("2026-05", [MAY]) == MAY
    assert selectors.parse_period("", [MAY]) == MAY
