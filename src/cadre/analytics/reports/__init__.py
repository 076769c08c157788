"""The reports of analytics (decision 0037): what a report says (``content``), written as
XLSX with native charts (``xlsx``) or as PDF with the bundled DejaVu font (``pdf``), in the
language of the user who asked, by the ``analytics.report`` job."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadre.analytics import dashboard, selectors
from cadre.analytics.choices import Measure, ReportKind
from cadre.analytics.models import Report
from cadre.orgs.models import Organisation


@dataclass
class Table:
    heading: str
    columns: list[str]
    rows: list[list[Any]]
    # A bar chart of column ``chart`` against the first column, if set.
    chart: int | None = None
    percent: set[int] = field(default_factory=set)


@dataclass
class Content:
    title: str
    subtitle: str
    tables: list[Table]


def report_dir() -> Path:
    return Path(settings.DATA_DIR) / "reports"


def report_path(report: Report) -> Path:
    return report_dir() / f"{report.pk}.{report.format}"


def _n(v: float | None, places: int = 4) -> Any:
    return None if v is None else round(v, places)


def regions_content(user: Any, root: Organisation, *, period: dt.date | None = None) -> Content:
    """The regional comparison: per measure, the evenness figures and the regions ranked;
    then every body's rows of the first measure."""
    known = selectors.periods(user, root)
    period = period or (known[0] if known else None)
    tables: list[Table] = []
    summary_rows: list[list[Any]] = []
    for measure in Measure.values:
        fig = selectors.evenness_of(user, root, measure, period)
        r = fig.result
        label = str(Measure(measure).label)
        if r is None:
            summary_rows.append([label, None, None, None, None, None, None, None, None])
            continue
        summary_rows.append(
            [
                label,
                _n(r.value),
                _n(r.theil),
                _n(r.between),
                _n(r.within),
                _n(r.spread.cv),
                _n(r.spread.gini),
                _n(r.spread.max_min),
                r.units_with_none,
            ]
        )
        ranked = sorted(
            (x for x in r.regions if x.value is not None), key=lambda x: (-(x.value or 0), x.region)
        )
        tables.append(
            Table(
                heading=label,
                columns=[
                    _("Region"),
                    _("Value"),
                    _("Bodies counted"),
                    _("Bodies with none"),
                    _("Gini within"),
                    _("Theil within"),
                ],
                rows=[
                    [
                        fig.names.get(x.region, str(x.region)),
                        _n(x.value),
                        x.units,
                        x.units_with_none,
                        _n(x.spread.gini),
                        _n(x.theil),
                    ]
                    for x in ranked
                ],
                chart=1,
            )
        )
    tables.insert(
        0,
        Table(
            heading=_("Evenness of the measures across regions"),
            columns=[
                _("Measure"),
                _("Value"),
                _("Theil T"),
                _("Between regions"),
                _("Within regions"),
                _("Coefficient of variation"),
                _("Gini"),
                _("Max/min"),
                _("Bodies with none"),
            ],
            rows=summary_rows,
        ),
    )
    if period is not None:
        rows = selectors.unit_rows(user, root, Measure.IT_QUALIFIED, period, None)
        tables.append(
            Table(
                heading=_("Bodies: %(measure)s") % {"measure": Measure.IT_QUALIFIED.label},
                columns=[_("Region"), _("Body"), _("Numerator"), _("Denominator"), _("Value")],
                rows=[
                    [
                        str(x.region),
                        str(x.unit),
                        x.numerator,
                        x.denominator,
                        _n(x.numerator / x.denominator) if x.denominator else None,
                    ]
                    for x in rows
                ],
            )
        )
    when = date_format(period, "YEAR_MONTH_FORMAT") if period else _("no snapshot yet")
    return Content(
        title=_("Regional comparison: %(name)s") % {"name": root.display_name},
        subtitle=_("Period: %(period)s. Made on %(day)s.")
        % {"period": when, "day": date_format(timezone.localdate(), "DATE_FORMAT")},
        tables=tables,
    )


def body_content(user: Any, root: Organisation) -> Content:
    """A body's digital-workforce report: its registry figures, by unit; its measures; gaps,
    training targets, bonus funds, ratings, reserve and projects."""
    b = dashboard.build(user, root)
    reg = b.registry
    tables = [
        Table(
            heading=_("Registry indicators"),
            columns=[_("Indicator"), _("Value")],
            rows=[
                [_("Headcount"), reg.headcount],
                [_("IT staff"), reg.it_headcount],
                [_("IT staff without an IT specialty"), reg.it_without_it_specialty],
                [_("IT units"), reg.it_units],
                [_("Positions"), reg.positions],
                [_("Vacancies"), reg.vacancies],
                [_("Talent reserve"), b.reserve],
                [_("Open vacancies"), b.vacancies],
                [_("Projects"), b.projects_count],
            ],
        ),
        Table(
            heading=_("IT staff by organisation"),
            columns=[_("Organisation"), _("Headcount"), _("IT staff"), _("With an IT specialty")],
            rows=[
                [str(c), p.headcount, p.it_headcount, p.it_headcount - p.it_without_it_specialty]
                for c, p in zip(b.children, b.child_registry, strict=True)
            ],
            chart=2,
        ),
        Table(
            heading=_("Capacity measures"),
            columns=[_("Measure"), _("Value")],
            rows=[[str(Measure(m).label), _n(v)] for m, v in b.measures.items()],
        ),
        Table(
            heading=_("Largest competency gaps"),
            columns=[_("Competency"), _("People required"), _("Below the required level")],
            rows=[[g.code, g.people, g.below] for g in b.gaps],
            chart=2,
        ),
        Table(
            heading=_("Training targets"),
            columns=[_("Target"), _("Organisation"), _("Goal"), _("By")],
            rows=[[t.title, str(t.organisation), t.target, t.due_on] for t in b.targets],
        ),
        Table(
            heading=_("Bonus funds distributed"),
            columns=[_("Fund"), _("Currency"), _("Fund amount"), _("Allocated"), _("People paid")],
            rows=[
                [str(r.fund), r.currency, r.fund_amount / 100, r.allocated / 100, r.paid]
                for r in b.runs
            ],
        ),
        Table(
            heading=_("Citizen ratings a month"),
            columns=[_("Month"), _("Ratings"), _("Negative")],
            rows=[[f"{t['month']:%Y-%m}", t["ratings"], t["negatives"]] for t in b.tallies],
            chart=1,
        ),
    ]
    return Content(
        title=_("Digital workforce: %(name)s") % {"name": root.display_name},
        subtitle=_("Made on %(day)s.") % {"day": date_format(timezone.localdate(), "DATE_FORMAT")},
        tables=tables,
    )


def content_of(report: Report, user: Any) -> Content:
    if report.kind == ReportKind.REGIONS:
        return regions_content(user, report.root)
    return body_content(user, report.root)
