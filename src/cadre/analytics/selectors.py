"""Reads of analytics, scoped to what the user may see: the organisation a page or report
is about, the evenness of a measure in a period, its trend and its rows (decision 0037)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cadre.analytics.choices import Measure
from cadre.analytics.evenness import Evenness, RegionFigures, evenness
from cadre.analytics.models import MeasureSnapshot, Report, Subscription
from cadre.core.errors import ApplicationError
from cadre.core.fields import subtree_q
from cadre.orgs.models import Organisation

PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.restrict(user, "view")


def top_organisation(user: Any) -> Organisation | None:
    """The highest organisation the user sees (the dashboards' and the API's default)."""
    return visible_organisations(user).order_by("depth", "name").first()


def access_root(user: Any, pk: Any, *, field: str = "root") -> Organisation:
    """The organisation ``pk`` if ``user`` may see it; otherwise refused, naming the field."""
    root = None
    if str(pk).isascii() and str(pk).isdigit():
        root = visible_organisations(user).filter(pk=int(pk)).first()
    if root is None:
        raise ApplicationError(
            _("This organisation is not in your scope (or does not exist): no figures of it."),
            field=field,
            code="scope",
        )
    return root


ALL_COUNTRIES = 0


def evenness_root(user: Any, pk: Any) -> Organisation:
    """The root of an evenness page: an organisation the user may see, or ``0`` — every
    country the user sees, their regions compared together (Bắc Kạn, Kaluga and the Kazakh
    regions side by side). The latter is a stand-in, never saved."""
    if str(pk) == str(ALL_COUNTRIES):
        return Organisation(pk=ALL_COUNTRIES, name=_("All countries"), path="/", kind="country")
    return access_root(user, pk)


def parse_measure(value: str | None) -> str:
    value = value or Measure.IT_QUALIFIED
    if value not in Measure.values:
        raise ApplicationError(
            _("Unknown measure “%(value)s”.") % {"value": value}, field="measure", code="invalid"
        )
    return value


def periods(user: Any, root: Organisation) -> list[dt.date]:
    """The periods with a snapshot under ``root`` that ``user`` may see, newest first."""
    return list(
        snapshots(user, root).order_by("-period").values_list("period", flat=True).distinct()
    )


def parse_period(value: str | None, known: list[dt.date]) -> dt.date | None:
    """The period ``YYYY-MM`` among ``known`` (the newest when not given; ``None`` when
    there is no snapshot yet); an unknown one is refused."""
    if not value:
        return known[0] if known else None
    match = PERIOD.match(value)
    day = None
    if match and 1 <= int(match[2]) <= 12:
        day = dt.date(int(match[1]), int(match[2]), 1)
    if day is None or day not in known:
        raise ApplicationError(
            _("No figures for the period “%(value)s”: choose a month that has a snapshot.")
            % {"value": value},
            field="period",
            code="invalid",
        )
    return day


def snapshots(user: Any, root: Organisation) -> QuerySet[MeasureSnapshot]:
    """The monthly figures under ``root``: read from the streaming replica when one is
    configured and caught up (core/replica.py), else from the primary."""
    from cadre.core.replica import read_alias

    return (
        MeasureSnapshot.objects.using(read_alias())
        .restrict(user, "view")
        .filter(subtree_q("unit__path", root.path))
    )


@dataclass
class Figures:
    measure: str
    period: dt.date | None
    result: Evenness | None
    names: dict[int, str]


def evenness_of(user: Any, root: Organisation, measure: str, period: dt.date | None) -> Figures:
    """The evenness of ``measure`` in ``period`` over the units under ``root`` the user may
    see: one query for the rows, NumPy for the figures."""
    if period is None:
        return Figures(measure, None, None, {})
    rows = list(
        snapshots(user, root)
        .filter(measure=measure, period=period)
        .values_list("region_id", "numerator", "denominator")
    )
    if not rows:
        return Figures(measure, period, None, {})
    data = np.array(rows, dtype=np.float64)
    result = evenness(data[:, 0].astype(np.int64), data[:, 1], data[:, 2])
    # Each region's name in the reader's language (decision 0044), as the page shows it.
    regions = Organisation.objects.filter(pk__in=[r.region for r in result.regions])
    names = {o.pk: o.display_name for o in regions.only("pk", "name", "names")}
    return Figures(measure, period, result, names)


def ranked(figures: Figures) -> list[RegionFigures]:
    """The regions of ``figures``, the highest value first (those without one last)."""
    if figures.result is None:
        return []
    return sorted(
        figures.result.regions, key=lambda r: (r.value is None, -(r.value or 0), r.region)
    )


def trend_of(user: Any, root: Organisation, measure: str, known: list[dt.date]) -> list[Figures]:
    """The evenness in each of the last twelve periods, oldest first."""
    return [evenness_of(user, root, measure, p) for p in reversed(known[:12])]


def unit_rows(
    user: Any, root: Organisation, measure: str, period: dt.date, region: Organisation | None
) -> QuerySet[MeasureSnapshot]:
    """The rows behind a figure: each unit's numerator and denominator."""
    qs = (
        snapshots(user, root)
        .filter(measure=measure, period=period)
        .select_related("unit", "region")
    )
    if region is not None:
        qs = qs.filter(region=region)
    return qs.order_by("region__name", "unit__name")


def reports(user: Any) -> QuerySet[Report]:
    return (
        Report.objects.restrict(user, "view")
        .filter(requested_by=user)
        .select_related("root", "job")
    )


def subscriptions(user: Any) -> QuerySet[Subscription]:
    return Subscription.objects.filter(user=user).select_related("root")


def measure_totals(
    user: Any, root: Organisation, period: dt.date | None
) -> dict[str, float | None]:
    """Each measure's value over the units under ``root`` in ``period``: ``Σy / Σw`` in one
    grouped query."""
    from django.db.models import Sum

    out: dict[str, float | None] = dict.fromkeys(Measure.values)
    if period is None:
        return out
    rows = (
        snapshots(user, root)
        .filter(period=period)
        .order_by()
        .values_list("measure")
        .annotate(y=Sum("numerator"), w=Sum("denominator"))
    )
    for measure, y, w in rows:
        out[measure] = (y / w) if w else None
    return out
