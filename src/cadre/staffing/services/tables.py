"""Staffing-table versions and their lines: a draft is edited, then approved by an order,
which puts it in force and closes the version before it; versions never overlap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation, Post
from cadre.staffing.choices import TableStatus
from cadre.staffing.models import QUARTER, StaffingLine, StaffingTable

MAX_ORDER_BYTES = 10 * 1024 * 1024
ORDER_TYPES = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8"}
LINE_FIELDS = ("units", "grade", "salary", "supplements", "currency", "is_critical", "functions")


def units_check(value: Any, *, field: str = "units") -> Decimal:
    """Staff units as a Decimal above zero in steps of 0.25, or the refusal naming ``field``."""
    try:
        units = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("Give the staff units as a number."), field=field) from None
    if not units.is_finite() or units <= 0:
        raise ApplicationError(_("Staff units must be above zero."), field=field)
    if units % QUARTER != 0:
        raise ApplicationError(
            _("Staff units are counted in quarters: %(units)s is not a multiple of 0.25.")
            % {"units": units},
            field=field,
            code="quarters",
        )
    return units


def order_file_check(upload: Any) -> None:
    """An order is a PDF or a scan (PNG, JPEG) of at most 10 MB whose content matches its
    name."""
    if upload.size > MAX_ORDER_BYTES:
        raise ApplicationError(
            _("The order file is larger than %(mb)s MB.") % {"mb": MAX_ORDER_BYTES // 2**20},
            field="order_file",
            code="too_large",
        )
    suffix = Path(upload.name or "").suffix.lower()
    magic = ORDER_TYPES.get(suffix)
    head = upload.read(8)
    upload.seek(0)
    if magic is None or not head.startswith(magic):
        raise ApplicationError(
            _("The order must be a PDF, PNG or JPEG file."), field="order_file", code="type"
        )


def _draft(table: StaffingTable) -> None:
    if table.status != TableStatus.DRAFT:
        raise ApplicationError(
            _("An approved version is never changed: make a new version."), code="state"
        )


@transaction.atomic
def table_create(
    *,
    actor: Any,
    organisation: Organisation,
    effective_from: dt.date,
    copy_from: StaffingTable | None = None,
    note: str = "",
    source: str = AuditSource.WEB,
    reason: str = "",
) -> StaffingTable:
    """A draft version of the body's table, empty or with the lines of ``copy_from``."""
    require_reach(actor, StaffingTable, "add", organisation)
    number = (
        StaffingTable.objects.filter(organisation=organisation).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    table = create_audited(
        actor=actor,
        obj=StaffingTable(
            organisation=organisation, number=number, effective_from=effective_from, note=note
        ),
        audited=("organisation", "number", "effective_from", "note"),
        source=source,
        reason=reason,
    )
    if copy_from is not None:
        if copy_from.organisation_id != organisation.pk:
            raise ApplicationError(
                _("Copy a version of the same body."), field="copy_from", code="invalid"
            )
        StaffingLine.objects.bulk_create(
            StaffingLine(
                table=table,
                post_id=line.post_id,
                created_by=actor,
                updated_by=actor,
                **{f: getattr(line, f) for f in LINE_FIELDS},
            )
            for line in copy_from.lines.all()
        )
    return table


def _post_check(table: StaffingTable, post: Post) -> None:
    org = table.organisation
    if not post.organisation.path.startswith(org.path):
        raise ApplicationError(
            _("The post “%(post)s” is not in “%(org)s”.") % {"post": post.title, "org": org},
            field="post",
        )


@transaction.atomic
def line_create(
    *,
    actor: Any,
    table: StaffingTable,
    post: Post,
    units: Any,
    salary: Decimal,
    currency: str,
    supplements: Decimal = Decimal(0),
    grade: str = "",
    is_critical: bool = False,
    functions: list[str] | None = None,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> StaffingLine:
    """A line of a draft version."""
    require_reach(actor, StaffingTable, "change", table.organisation)
    table = StaffingTable.objects.select_for_update().get(pk=table.pk)
    _draft(table)
    _post_check(table, post)
    if StaffingLine.objects.filter(table=table, post=post).exists():
        raise ApplicationError(
            _("A post appears once in a staffing table."), field="post", code="duplicate"
        )
    line = StaffingLine(
        table=table,
        post=post,
        units=units_check(units),
        grade=grade or post.category,
        salary=salary,
        supplements=supplements,
        currency=currency,
        is_critical=is_critical,
        functions=_functions(functions),
    )
    return create_audited(
        actor=actor, obj=line, audited=("post", *LINE_FIELDS), source=source, reason=reason
    )


def _functions(functions: list[str] | None) -> list[str]:
    clean = sorted({str(f).strip() for f in functions or [] if str(f).strip()})
    if any(len(f) > 64 for f in clean):
        raise ApplicationError(_("A function's name is at most 64 characters."), field="functions")
    return clean


@transaction.atomic
def line_update(
    *,
    actor: Any,
    line: StaffingLine,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> StaffingLine:
    """Change a line of a draft version."""
    unknown = set(fields) - set(LINE_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown field."), field=sorted(unknown)[0], code="unknown")
    require_reach(actor, StaffingTable, "change", line.table.organisation)
    line = StaffingLine.objects.select_for_update().select_related("table").get(pk=line.pk)
    _draft(line.table)
    if "units" in fields:
        fields["units"] = units_check(fields["units"])
    if "functions" in fields:
        fields["functions"] = _functions(fields["functions"])
    return update_audited(
        actor=actor, obj=line, fields=fields, audited=LINE_FIELDS, source=source, reason=reason
    )


@transaction.atomic
def line_delete(
    *, actor: Any, line: StaffingLine, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    require_reach(actor, StaffingTable, "change", line.table.organisation)
    _draft(line.table)
    delete_audited(
        actor=actor, obj=line, audited=("post", *LINE_FIELDS), source=source, reason=reason
    )


def overlap_check(
    organisation: Organisation, start: dt.date, *, exclude: int | None = None
) -> None:
    """Refuse a version starting on ``start`` if an approved version starts on or after it
    or a closed one ends on or after it (versions follow one another, never overlap)."""
    clash = (
        StaffingTable.objects.filter(organisation=organisation, status=TableStatus.APPROVED)
        .filter(Q(effective_from__gte=start) | Q(effective_to__gte=start))
        .exclude(pk=exclude)
        .order_by("effective_from")
        .first()
    )
    if clash is not None:
        raise ApplicationError(
            _(
                "The version would overlap version %(number)s, in force from %(start)s%(end)s; "
                "a new version must start after it."
            )
            % {
                "number": clash.number,
                "start": clash.effective_from.isoformat(),
                "end": f" {_('until')} {clash.effective_to.isoformat()}"
                if clash.effective_to
                else "",
            },
            field="effective_from",
            code="overlap",
        )


@transaction.atomic
def table_approve(
    *,
    actor: Any,
    table: StaffingTable,
    order_number: str,
    order_date: dt.date,
    order_file: Any = None,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> StaffingTable:
    """Approve a draft by its order: it is in force from its date and the open version
    before it ends the day before."""
    require_reach(actor, StaffingTable, "change", table.organisation)
    table = (
        StaffingTable.objects.select_for_update().select_related("organisation").get(pk=table.pk)
    )
    _draft(table)
    problems = Problems()
    if not (order_number or "").strip():
        problems.add(_("Give the number of the order."), field="order_number")
    if order_date is None:
        problems.add(_("Give the date of the order."), field="order_date")
    elif order_date > table.effective_from:
        problems.add(
            _("The order cannot be dated after the version comes into force."), field="order_date"
        )
    if not table.lines.exists():
        problems.add(_("A staffing table needs at least one line."), field="lines")
    if order_file is not None:
        try:
            order_file_check(order_file)
        except ApplicationError as exc:
            problems.add_error(exc)
    problems.raise_if_any()
    open_before = (
        StaffingTable.objects.select_for_update()
        .filter(
            organisation=table.organisation,
            status=TableStatus.APPROVED,
            effective_to__isnull=True,
            effective_from__lt=table.effective_from,
        )
        .first()
    )
    overlap_check(table.organisation, table.effective_from, exclude=table.pk)
    if open_before is not None:
        update_audited(
            actor=actor,
            obj=open_before,
            fields={"effective_to": table.effective_from - dt.timedelta(days=1)},
            audited=("effective_to",),
            source=source,
            reason=reason,
        )
    fields: dict[str, Any] = {
        "status": TableStatus.APPROVED,
        "order_number": order_number.strip(),
        "order_date": order_date,
        "approved_at": timezone.now(),
    }
    if order_file is not None:
        fields["order_file"] = order_file
    update_audited(
        actor=actor,
        obj=table,
        fields=fields,
        audited=("status", "order_number", "order_date"),
        source=source,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="staffing.approve",
        obj=table,
        changes={
            "lines": [None, table.lines.count()],
            "order_file": [None, table.order_file.name if table.order_file else ""],
        },
        source=source,
        reason=reason,
    )
    return table
