"""Import of KPI actuals from other systems (CSV or XLSX through the import page or
``POST /api/v1/imports/`` with kind ``kpi.actuals``): each row names the period, the KPI,
the person (national identifier) or the unit (organisation code), the value and the system
it came from; the file's SHA-256 is kept with every actual it wrote (decision 0006)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadre.core.audit import save_many_audited
from cadre.core.choices import AuditSource
from cadre.core.imports.cells import CellError, code, text
from cadre.core.imports.spec import (
    ImportColumn,
    ImportReport,
    ImportSpec,
    ParsedRow,
    RowError,
    in_chunks,
    register_import,
)
from cadre.core.scoping import reaches
from cadre.kpi.choices import Source
from cadre.kpi.models import Actual, Assignment, Definition, Period
from cadre.orgs.models import Organisation
from cadre.people.models import Employee


def number(value: str) -> Decimal:
    try:
        amount = Decimal(value.replace(" ", "").replace("\xa0", "").replace(",", "."))
    except InvalidOperation:
        raise CellError(_("Not a number.")) from None
    if not amount.is_finite() or abs(amount) >= Decimal("1e14"):
        raise CellError(_("Not a number."))
    if amount.as_tuple().exponent < -4:  # type: ignore[operator]
        raise CellError(_("At most 4 decimal places."))
    return amount


@register_import
class ActualImport(ImportSpec):
    kind = "kpi.actuals"
    label = gettext_lazy("KPI actuals")
    model = "kpi.Actual"
    key = ""  # a row is one (period, KPI, holder): checked in ``resolve``
    columns = (
        ImportColumn("period", True, code, gettext_lazy("Code of the KPI period."), "2026"),
        ImportColumn("kpi", True, code, gettext_lazy("Code of the KPI."), "KZ-EGOV-SHARE"),
        ImportColumn(
            "personal_id",
            False,
            text(32),
            gettext_lazy("National identifier of the person (empty for a unit's KPI)."),
            "900517400124",
        ),
        ImportColumn(
            "organisation_code",
            False,
            code,
            gettext_lazy("Code of the unit or body (for a unit's KPI)."),
            "",
        ),
        ImportColumn("value", True, number, gettext_lazy("The actual value."), "87.5"),
        ImportColumn(
            "source_system",
            True,
            text(100),
            gettext_lazy("The system the value comes from."),
            "eGov analytics",
        ),
    )

    def __init__(self, *, actor: Any) -> None:
        super().__init__(actor=actor)
        self.file_name = ""
        self.digest = ""
        self.found: dict[int, Assignment] = {}

    def run_bulk(
        self,
        path: Path,
        name: str,
        mode: str,
        report: ImportReport,
        progress: Callable[[int, int, str], None] | None,
    ) -> bool:
        # No set-based path: only the file's digest and name are taken here, for ``write``.
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        self.digest, self.file_name = digest.hexdigest(), Path(name).name[:200]
        return False

    def resolve(self, rows: list[ParsedRow], report: ImportReport) -> list[ParsedRow]:
        def values(column: str) -> set[str]:
            return {r.values[column] for r in rows if r.values.get(column)}

        periods = {p.code: p for p in Period.objects.filter(code__in=values("period"))}
        kpis = set(Definition.objects.filter(code__in=values("kpi")).values_list("code", flat=True))
        people = {
            e.personal_id: e
            for e in in_chunks(Employee.objects.all(), "personal_id", values("personal_id"))
        }
        orgs = {
            o.code: o for o in Organisation.objects.filter(code__in=values("organisation_code"))
        }
        wanted = [p.pk for p in periods.values()]
        assignments: dict[tuple[int, str, Any], Assignment] = {}
        for a in Assignment.objects.filter(
            period_id__in=wanted, definition__code__in=kpis
        ).select_related("definition", "organisation", "period"):
            key = ("e", a.employee_id) if a.employee_id else ("o", a.organisation_id)
            assignments[a.period_id, a.definition.code, key] = a
        taken = set(
            Actual.objects.filter(assignment__in=list(assignments.values())).values_list(
                "assignment_id", flat=True
            )
        )
        seen: dict[int, int] = {}
        out: list[ParsedRow] = []
        for row in rows:
            bad = set(row.bad)
            v = row.values

            def refuse(
                column: str, message: str, row: ParsedRow = row, bad: set[str] = bad
            ) -> None:
                report.add_error(RowError(row.number, column, message))
                bad.add(column)

            period = periods.get(v["period"]) if v.get("period") else None
            if v.get("period") and period is None:
                refuse("period", _("Unknown period “%(period)s”.") % {"period": v["period"]})
            if v.get("kpi") and v["kpi"] not in kpis:
                refuse("kpi", _("Unknown KPI “%(kpi)s”.") % {"kpi": v["kpi"]})
            holder: Any = None
            if v.get("personal_id"):
                person = people.get(v["personal_id"])
                if person is None:
                    refuse("personal_id", _("Unknown person."))
                else:
                    holder = ("e", person.pk)
            elif v.get("organisation_code"):
                org = orgs.get(v["organisation_code"])
                if org is None:
                    refuse(
                        "organisation_code",
                        _("Unknown organisation “%(code)s”.") % {"code": v["organisation_code"]},
                    )
                else:
                    holder = ("o", org.pk)
            elif "personal_id" not in row.bad:
                refuse("personal_id", _("Give the person or the unit the KPI is for."))
            if bad or period is None or holder is None:
                out.append(ParsedRow(row.number, v, frozenset(bad)))
                continue
            assignment = assignments.get((period.pk, v["kpi"], holder))
            if assignment is None:
                refuse(
                    "kpi",
                    _("“%(kpi)s” is not assigned to them for %(period)s.")
                    % {"kpi": v["kpi"], "period": period},
                )
            elif assignment.definition.origin != Source.IMPORTED:
                refuse(
                    "kpi",
                    _("“%(kpi)s” takes its actual from this source: %(origin)s.")
                    % {"kpi": v["kpi"], "origin": assignment.definition.get_origin_display()},
                )
            elif not reaches(self.actor, Actual, "add", assignment.organisation):
                refuse(
                    "kpi",
                    _("You may not record the KPI actuals of “%(org)s”.")
                    % {"org": assignment.organisation},
                )
            elif assignment.pk in taken:
                refuse("kpi", _("This KPI already has an actual for the period."))
            elif assignment.pk in seen:
                refuse("kpi", _("Repeats row %(row)s of this file.") % {"row": seen[assignment.pk]})
            else:
                seen[assignment.pk] = row.number
                self.found[row.number] = assignment
            out.append(ParsedRow(row.number, v, frozenset(bad)))
        return out

    def write(
        self, rows: list[ParsedRow], report: ImportReport, progress: Callable[[int], None]
    ) -> None:
        for start in range(0, len(rows), 1000):
            batch = rows[start : start + 1000]
            created, _updated = save_many_audited(
                actor=self.actor,
                model=Actual,
                create=[
                    Actual(
                        assignment=self.found[row.number],
                        value=row.values["value"],
                        origin=Source.IMPORTED,
                        source_system=row.values["source_system"],
                        file_name=self.file_name,
                        file_sha256=self.digest,
                    )
                    for row in batch
                ],
                update=[],
                audited=("assignment", "value", "origin", "source_system", "file_sha256"),
                source=AuditSource.TASK,
            )
            report.created += created
            progress(start + len(batch))
