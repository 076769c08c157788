"""Payroll export of an approved run: CSV, XLSX and XML with the same rows and a control
total (layout in ``docs/pay.md``). The same run gives the same bytes every time: no clock
is read, the XLSX's dates and its zip entries' times are the run's approval time."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from django.db.models import BooleanField, Case, Value, When

from cadre.pay import extensions, services
from cadre.pay.models import Run
from cadre.people.privacy import personal_data_q

FORMATS = ("csv", "xlsx", "xml")
COLUMNS = (
    "batch_id",
    "national_id",
    "employee_code",
    "component_code",
    "period",
    "amount_minor",
    "currency",
)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xml": "application/xml",
}


@dataclass(frozen=True)
class Export:
    content: bytes
    filename: str
    content_type: str
    rows: int
    total: int


def rows_of(run: Run, *, actor: Any) -> list[tuple[str, str, str, str, str, int, str]]:
    """One row per person paid (amount > 0), by employee id. A correction pays only what
    changed: one row per person whose amount differs from what the corrected run paid, with
    the difference (negative: to recover), so that exporting both never pays twice; a
    person whose line of the corrected run an appeal held out of every file of it is paid
    in full. Lines held by an appeal under way are left out until it is decided
    (``extensions.held_employees``). The national identifier is the ``personal`` class's:
    it is empty on the rows of the people whose personal data ``actor`` does not see
    (``people.privacy``), as the people list leaves it out for them."""
    fund = run.fund
    held = extensions.held_employees(run)
    lines = run.lines.exclude(employee_id__in=sorted(held)).order_by("employee_id")
    unpaid: set[int] = set()
    if run.corrects_id is None:
        lines = lines.filter(amount__gt=0)
    else:
        unpaid = set(Run.objects.get(pk=run.corrects_id).never_paid or [])
    personal = personal_data_q(actor, via="employee__")  # empty: the class everywhere
    seen = (
        Case(When(personal, then=Value(True)), default=Value(False), output_field=BooleanField())
        if personal
        else Value(True, output_field=BooleanField())
    )
    rows = lines.annotate(personal_seen=seen).values_list(
        "employee__personal_id", "personal_seen", "employee_id", "amount", "previous_amount"
    )
    out = []
    for stored_pid, pid_seen, eid, amount, previous in rows:
        pid = stored_pid if pid_seen else ""
        paid_before = 0 if eid in unpaid else (previous or 0)
        value = amount if run.corrects_id is None else amount - paid_before
        if value:
            out.append(
                (
                    run.batch_id,
                    pid,
                    f"{eid}",
                    fund.component_code,
                    fund.period.code,
                    value,
                    run.currency,
                )
            )
    return out


def run_export(*, actor: Any, run: Run, fmt: str, source: str = "web") -> Export:
    """The payroll file of an approved run, audited with its digest."""
    run = Run.objects.select_related("fund__period", "fund__organisation").get(pk=run.pk)
    services.run_export_check(run)
    if fmt not in FORMATS:
        raise ValueError(fmt)
    rows = rows_of(run, actor=actor)
    total = sum(r[5] for r in rows)
    content = {"csv": _csv, "xlsx": _xlsx, "xml": _xml}[fmt](run, rows, total)
    digest = hashlib.sha256(content).hexdigest()
    services.run_exported(
        actor=actor,
        run=run,
        fmt=fmt,
        digest=digest,
        held=extensions.held_employees(run),
        source=source,
    )
    return Export(
        content=content,
        filename=f"{run.batch_id}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
        rows=len(rows),
        total=total,
    )


def _csv(run: Run, rows: list[tuple[Any, ...]], total: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    writer.writerow(("CONTROL", "", "", "", run.fund.period.code, total, run.currency))
    return out.getvalue().encode("utf-8")


def _fixed_time(run: Run) -> dt.datetime:
    when = run.approved_at or run.proposed_at
    return when.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)


def _xlsx(run: Run, rows: list[tuple[Any, ...]], total: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "payroll"
    ws.append(COLUMNS)
    for row in rows:
        ws.append(row)
    ws.append(("CONTROL", "", "", "", run.fund.period.code, total, run.currency))
    when = _fixed_time(run)
    wb.properties.creator = "Cadre"
    wb.properties.created = when
    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps the save time into docProps/core.xml and the zip entries: rewrite both.
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "docProps/core.xml":
                data = _restamp(data, stamp)
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, data)
    return out.getvalue()


def _restamp(core: bytes, stamp: str) -> bytes:
    import re

    return re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
        lambda m: m.group(1) + stamp.encode() + m.group(2),
        core,
    )


def _xml(run: Run, rows: list[tuple[Any, ...]], total: int) -> bytes:
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    corrects = f" corrects={quoteattr(run.corrects.batch_id)}" if run.corrects is not None else ""
    out.write(
        f"<payroll batch={quoteattr(run.batch_id)} period={quoteattr(run.fund.period.code)} "
        f"currency={quoteattr(run.currency)}{corrects}>\n"
    )
    for _batch, pid, code, component, period, amount, currency in rows:
        out.write(
            f"  <payment national_id={quoteattr(pid)} employee_code={quoteattr(code)} "
            f"component={quoteattr(component)} period={quoteattr(period)} "
            f'amount_minor="{amount}" currency={quoteattr(currency)}/>\n'
        )
    out.write(f'  <control rows="{len(rows)}" total_minor="{total}"/>\n')
    out.write("</payroll>\n")
    return out.getvalue().encode("utf-8")
