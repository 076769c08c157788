"""Headcount scenarios: a copy of the staffing tables in force of a subtree, a cut by rules
or optimised, approval by someone other than the author, and applying it as new versions
of the tables. The live tables are never touched before "apply"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems
from cadre.core.fields import subtree_q
from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation
from cadre.staffing import compute, store
from cadre.staffing.choices import ScenarioMode, ScenarioStatus, TableStatus
from cadre.staffing.models import QUARTER, Scenario, ScenarioLine, StaffingLine, StaffingTable
from cadre.staffing.selectors import in_force_q
from cadre.staffing.services.tables import LINE_FIELDS, overlap_check

JOB_COMPUTE = "staffing.scenario_compute"
RULE_FIELDS = (
    "title",
    "mode",
    "cut_percent",
    "cut_units",
    "vacant_first",
    "protect_critical",
    "protect_digital_leads",
    "keep_coverage",
    "functions",
    "min_holders",
)


def _decimal(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        out = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("Give a number."), field=field) from None
    if not out.is_finite():
        raise ApplicationError(_("Give a number."), field=field)
    return out


def scenario_check(*, organisation: Organisation, values: dict[str, Any]) -> None:
    """Every problem of a scenario's rules, at once."""
    problems = Problems()
    percent = _decimal(values.get("cut_percent"), "cut_percent")
    units = _decimal(values.get("cut_units"), "cut_units")
    if (percent is None) == (units is None):
        problems.add(
            _("Give the cut either as a percentage or as staff units."), field="cut_percent"
        )
    if percent is not None and not Decimal(0) < percent <= 100:
        problems.add(_("The cut is a percentage above 0 and at most 100."), field="cut_percent")
    if units is not None:
        if units <= 0:
            problems.add(_("Staff units must be above zero."), field="cut_units")
        elif units % QUARTER != 0:
            problems.add(
                _("Staff units are counted in quarters: %(units)s is not a multiple of 0.25.")
                % {"units": units},
                field="cut_units",
            )
        else:
            total = live_lines(organisation).aggregate(u=Sum("units"))["u"] or Decimal(0)
            if units > total:
                problems.add(
                    _(
                        "The cut of %(cut)s units is more than the %(total)s units the tables "
                        "in force of “%(org)s” hold."
                    )
                    % {"cut": plain(units), "total": plain(total), "org": organisation},
                    field="cut_units",
                    code="too_much",
                )
    if values.get("mode") not in ScenarioMode.values:
        problems.add(_("Choose rule-based or optimised."), field="mode")
    if not str(values.get("title") or "").strip():
        problems.add(_("Give the scenario a title."), field="title")
    if int(values.get("min_holders") or 1) < 1:
        problems.add(_("At least one holder is needed."), field="min_holders")
    problems.raise_if_any()


def plain(number: Decimal) -> str:
    """A Decimal as people write it: 8.5, 10 (not 8.50 or 1E+1), whatever the database."""
    return format(number.normalize(), "f")


def live_lines(organisation: Organisation) -> Any:
    """The lines of the versions in force of every body in the subtree."""
    return StaffingLine.objects.filter(
        in_force_q(timezone.localdate(), "table__"),
        subtree_q("table__organisation__path", organisation.path),
    )


@transaction.atomic
def scenario_create(
    *,
    actor: Any,
    organisation: Organisation,
    source: str = AuditSource.WEB,
    reason: str = "",
    **values: Any,
) -> Scenario:
    """A scenario over the subtree with its own copy of the lines in force."""
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown field."), field=sorted(unknown)[0], code="unknown")
    require_reach(actor, Scenario, "add", organisation)
    values = {"mode": ScenarioMode.RULES, **values}
    scenario_check(organisation=organisation, values=values)
    values["functions"] = sorted({str(f).strip() for f in values.get("functions") or [] if f})
    for name in ("cut_percent", "cut_units"):
        values[name] = _decimal(values.get(name), name)
    scenario = create_audited(
        actor=actor,
        obj=Scenario(organisation=organisation, **values),
        audited=("organisation", *RULE_FIELDS),
        source=source,
        reason=reason,
    )
    copied = store.copy_lines(scenario.pk, organisation, timezone.localdate())
    if not copied:
        raise ApplicationError(
            _("No staffing table is in force in “%(org)s”.") % {"org": organisation},
            field="organisation",
            code="empty",
        )
    return scenario


def _editable(scenario: Scenario) -> None:
    if scenario.status in (ScenarioStatus.APPROVED, ScenarioStatus.APPLIED):
        raise ApplicationError(_("An approved or applied scenario is not changed."), code="state")


def scenario_compute(*, actor: Any, scenario: Scenario, progress: Any = None) -> Scenario:
    """Compute the cut and its figures (replacing earlier ones); the copy's lines record
    what is cut from each."""
    require_reach(actor, Scenario, "change", scenario.organisation)
    _editable(scenario)
    cut, problem, extra = compute.run(scenario, progress)
    results = compute.figures(scenario, cut, problem, extra)
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        _editable(scenario)
        store.record_cut(
            scenario.pk,
            (
                (line.id, cut.quarters(line), len(cut.removed.get(line.id, ())))
                for line in problem.lines
                if cut.quarters(line) or cut.removed.get(line.id)
            ),
        )
        update_audited(
            actor=actor,
            obj=scenario,
            fields={
                "results": results,
                "status": ScenarioStatus.COMPUTED,
                "computed_at": timezone.now(),
            },
            audited=("status",),
            source=AuditSource.SYSTEM,
        )
    return scenario


def scenario_compute_start(*, actor: Any, scenario: Scenario) -> Any:
    """Start the computation as a job with its progress (``jobs.py``)."""
    from cadre.core.services import job_create

    require_reach(actor, Scenario, "change", scenario.organisation)
    _editable(scenario)
    return job_create(
        actor=actor,
        kind=JOB_COMPUTE,
        params={"scenario": scenario.pk},
        organisation_path=scenario.organisation.path,
    )


@transaction.atomic
def scenario_approve(
    *, actor: Any, scenario: Scenario, source: str = AuditSource.WEB, reason: str = ""
) -> Scenario:
    """Approve a computed scenario: someone other than its author."""
    require_reach(actor, Scenario, "change", scenario.organisation)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.status != ScenarioStatus.COMPUTED:
        raise ApplicationError(_("Only a computed scenario can be approved."), code="state")
    if scenario.created_by_id == actor.pk:
        raise ApplicationError(
            _("A scenario is approved by someone other than its author."), code="four_eyes"
        )
    return update_audited(
        actor=actor,
        obj=scenario,
        fields={
            "status": ScenarioStatus.APPROVED,
            "approved_by": actor,
            "approved_at": timezone.now(),
        },
        audited=("status", "approved_by"),
        source=source,
        reason=reason,
    )


@transaction.atomic
def scenario_apply(
    *,
    actor: Any,
    scenario: Scenario,
    effective_from: dt.date,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> list[StaffingTable]:
    """New draft versions of the tables of every body the approved scenario cuts, from
    ``effective_from``, with the units it keeps (a line cut to nothing is left out); each
    goes in force when approved by its order, like any version."""
    require_reach(actor, Scenario, "change", scenario.organisation)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.status != ScenarioStatus.APPROVED:
        raise ApplicationError(
            _("A scenario is applied only once approved by someone other than its author."),
            code="not_approved",
        )
    cut_lines = ScenarioLine.objects.filter(scenario=scenario).select_related("source")
    bodies = sorted({line.body_id for line in cut_lines if line.cut_units})
    created = []
    for body in Organisation.objects.filter(pk__in=bodies).order_by("path"):
        overlap_check(body, effective_from)
        current = StaffingTable.objects.filter(
            in_force_q(timezone.localdate()), organisation=body
        ).first()
        number = StaffingTable.objects.filter(organisation=body).order_by("-number").first()
        table = create_audited(
            actor=actor,
            obj=StaffingTable(
                organisation=body,
                number=(number.number if number else 0) + 1,
                effective_from=effective_from,
                status=TableStatus.DRAFT,
                note=_("From scenario “%(title)s”") % {"title": scenario.title},
            ),
            audited=("organisation", "number", "effective_from", "note"),
            source=source,
            reason=reason,
        )
        kept = []
        for line in cut_lines:
            if line.body_id != body.pk or current is None or line.source.table_id != current.pk:
                continue
            units = line.units - line.cut_units
            if units > 0:
                values = {f: getattr(line.source, f) for f in LINE_FIELDS}
                values["units"] = units
                kept.append(StaffingLine(table=table, post_id=line.post_id, **values))
        StaffingLine.objects.bulk_create(kept, batch_size=5000)
        created.append(table)
    update_audited(
        actor=actor,
        obj=scenario,
        fields={"status": ScenarioStatus.APPLIED, "applied_at": timezone.now()},
        audited=("status",),
        source=source,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="staffing.apply",
        obj=scenario,
        changes={"versions": [None, [t.pk for t in created]]},
        source=source,
        reason=reason,
    )
    return created


@transaction.atomic
def scenario_delete(
    *, actor: Any, scenario: Scenario, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    require_reach(actor, Scenario, "delete", scenario.organisation)
    if scenario.status == ScenarioStatus.APPLIED:
        raise ApplicationError(_("An applied scenario is kept."), code="state")
    ScenarioLine.objects.filter(scenario=scenario).delete()
    delete_audited(
        actor=actor, obj=scenario, audited=("title", "mode", "status"), source=source, reason=reason
    )
