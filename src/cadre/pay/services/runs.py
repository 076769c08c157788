"""Runs: a fund allocated (``compute``, nothing saved) and kept as a proposed run with its
lines, approved by a second person or withdrawn, corrected by a later run, exported to
payroll (the export itself is ``cadre.pay.export``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import AuditEntry, audit_record, audit_record_many
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.scoping import require_reach
from cadre.pay import extensions, selectors
from cadre.pay.allocation import Allocation, allocate
from cadre.pay.models import Fund, Run, RunLine, RunState


def _dec(x: float, places: int) -> Decimal:
    return Decimal(f"{x:.{places}f}")


def compute(
    fund: Fund, params: Any = None, overrides: dict[int, Decimal] | None = None
) -> tuple[selectors.Loaded, Allocation]:
    """Load a fund's inputs and allocate it (nothing saved): the run and the what-if.
    ``overrides``: achievements set by an appeal's panel, by employee id."""
    loaded = selectors.load(fund)
    if overrides:
        position = {int(e): k for k, e in enumerate(loaded.inputs.employee_id.tolist())}
        for eid, value in overrides.items():
            if eid in position:
                loaded.inputs.achievement[position[eid]] = float(value)
    other = sorted(c for c in loaded.currencies if c != fund.currency)
    if other:
        raise ApplicationError(
            _("The salaries of the people this fund covers are in %(other)s, not in %(currency)s.")
            % {"other": ", ".join(other), "currency": fund.currency},
            field="currency",
        )
    result = allocate(loaded.inputs, params or selectors.parameters_of(fund.rule), fund.amount)
    return loaded, result


@transaction.atomic
def run_propose(
    *,
    actor: Any,
    fund: Fund,
    corrects: Run | None = None,
    overrides: dict[int, Decimal] | None = None,
    authorised: bool = False,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Run:
    """Allocate the fund and keep the snapshot as a proposed run. ``corrects``: the approved
    run this one corrects (each line then keeps the amount it had there). ``overrides`` and
    ``authorised`` come from an appeal's decision (cadre.appeals): the panel that decided
    it proposes the correction whatever its members' reach, with the achievement it set."""
    fund = (
        Fund.objects.select_for_update()
        .select_related("organisation", "period", "rule")
        .get(pk=fund.pk)
    )
    if not authorised:
        require_reach(
            actor,
            Run,
            "add",
            fund.organisation,
            message=_("You may not propose runs for “%(org)s”."),
        )
    if corrects is not None and (
        corrects.fund_id != fund.pk or corrects.state != RunState.APPROVED
    ):
        raise ApplicationError(
            _("Only an approved run of the same fund can be corrected."), field="corrects"
        )
    params = selectors.parameters_of(fund.rule)
    loaded, result = compute(fund, params, overrides)
    last = selectors.last_run(fund)
    now = timezone.now()
    run = Run.objects.create(
        fund=fund,
        number=(last.number + 1) if last else 1,
        corrects=corrects,
        parameters={"rule": str(fund.rule), **selectors.parameters_json(params)},
        fund_amount=fund.amount,
        currency=fund.currency,
        allocated=result.allocated,
        unallocated=result.unallocated,
        adjustment=_dec(result.adjustment, 12),
        iterations=result.iterations,
        people=len(result.employee_id),
        paid=int((result.amount > 0).sum()),
        proposed_by=actor,
        proposed_at=now,
    )
    before = (
        dict(corrects.lines.values_list("employee_id", "amount")) if corrects is not None else {}
    )
    lines = []
    ids = result.employee_id.tolist()
    withholding = extensions.reductions(fund)
    for k, eid in enumerate(ids):
        allocated_to = int(result.amount[k])
        withheld, why = _withheld(allocated_to, withholding.get(eid))
        ach = loaded.achievement.get(eid)
        total = ach.total if ach is not None else None
        if overrides and eid in overrides:
            total = overrides[eid]
        lines.append(
            RunLine(
                run=run,
                employee_id=eid,
                organisation_id=loaded.organisation[eid],
                body_id=loaded.body[eid],
                salary=int(loaded_salary(loaded, eid)),
                achievement=total,
                kpi_lines=ach.lines if ach is not None else [],
                months=_dec(float(loaded.inputs.months[_pos(loaded, eid)]), 2),
                reason=int(result.reason[k]),
                ineligible_reason=loaded.ineligible.get(eid, "")[:255],
                factor=_dec(float(result.factor[k]), 4),
                proration=_dec(float(result.proration[k]), 6),
                target=_dec(float(result.target[k]), 4),
                cap=int(result.cap[k]),
                capped=bool(result.capped[k]),
                raw=_dec(float(result.raw[k]), 4),
                rounding=int(result.rounding[k]),
                withheld=withheld,
                withheld_reason=why,
                amount=allocated_to - withheld,
                previous_amount=before.get(eid, 0) if corrects is not None else None,
            )
        )
    RunLine.objects.bulk_create(lines, batch_size=2000)
    run.withheld = sum(line.withheld for line in lines)
    if run.withheld:
        run.paid = sum(1 for line in lines if line.amount > 0)
        run.save(update_fields=["withheld", "paid"])
    changes: dict[str, Any] = {
        "withheld": [None, run.withheld],
        "fund_amount": [None, run.fund_amount],
        "allocated": [None, run.allocated],
        "unallocated": [None, run.unallocated],
        "adjustment": [None, str(run.adjustment)],
        "people": [None, run.people],
        "parameters": [None, run.parameters],
    }
    if corrects is not None:
        changes["corrects"] = [None, corrects.pk]
        changes["differences"] = [
            None,
            {
                str(line.employee_id): [line.previous_amount, line.amount]
                for line in lines
                if line.previous_amount != line.amount
            },
        ]
    audit_record(
        actor=actor, action="propose", obj=run, changes=changes, reason=reason, source=source
    )
    return run


def _withheld(amount: int, reduction: tuple[Any, str] | None) -> tuple[int, str]:
    """What a rating policy withholds of an allocated ``amount`` (minor units, rounded
    down: never more than the share), and why."""
    if reduction is None or amount <= 0:
        return 0, ""
    share, why = reduction
    num, den = Decimal(str(share)).as_integer_ratio()
    return amount * num // den, str(why)[:255]


def _pos(loaded: selectors.Loaded, eid: int) -> int:
    index = loaded.__dict__.get("_index")
    if index is None:
        index = {int(e): k for k, e in enumerate(loaded.inputs.employee_id.tolist())}
        loaded.__dict__["_index"] = index
    return int(index[eid])


def loaded_salary(loaded: selectors.Loaded, eid: int) -> int:
    return int(loaded.inputs.salary[_pos(loaded, eid)])


def _locked(run: Run) -> Run:
    return Run.objects.select_for_update().select_related("fund__organisation").get(pk=run.pk)


def _refuse_approved(run: Run) -> None:
    if run.state == RunState.APPROVED:
        raise ApplicationError(
            _("Run %(number)s is approved and cannot be changed; propose a correction instead.")
            % {"number": run.number},
            code="protected",
        )


@transaction.atomic
def run_approve(*, actor: Any, run: Run, source: str = AuditSource.WEB, reason: str = "") -> Run:
    """Approve a proposed run; never by the person who proposed it."""
    run = _locked(run)
    require_reach(
        actor,
        Run,
        "change",
        run.fund.organisation,
        message=_("You may not approve runs for “%(org)s”."),
    )
    _refuse_approved(run)
    if run.proposed_by_id == getattr(actor, "pk", None):
        raise ApplicationError(
            _("You proposed this run; someone else must approve it."), code="four_eyes"
        )
    run.state = RunState.APPROVED
    run.approved_by = actor
    run.approved_at = timezone.now()
    run.save(update_fields=["state", "approved_by", "approved_at"])
    audit_record(
        actor=actor,
        action="approve",
        obj=run,
        changes={"state": [RunState.PROPOSED, RunState.APPROVED]},
        reason=reason,
        source=source,
    )
    return run


@transaction.atomic
def run_withdraw(*, actor: Any, run: Run, source: str = AuditSource.WEB, reason: str = "") -> None:
    """Delete a proposed run (an approved one is kept for good)."""
    run = _locked(run)
    require_reach(actor, Run, "delete", run.fund.organisation)
    _refuse_approved(run)
    audit_record(
        actor=actor,
        action="delete",
        obj=run,
        changes={"allocated": [run.allocated, None], "people": [run.people, None]},
        reason=reason,
        source=source,
    )
    run.delete()


def run_export_check(run: Run) -> None:
    if run.state != RunState.APPROVED:
        raise ApplicationError(
            _(
                "Only an approved run can be exported to payroll; "
                "run %(number)s is not approved yet."
            )
            % {"number": run.number},
            code="not_approved",
        )


def run_exported(
    *,
    actor: Any,
    run: Run,
    fmt: str,
    digest: str,
    held: set[int] | None = None,
    source: str = AuditSource.WEB,
) -> None:
    """Audit an export (which the export module made), and keep who has been held out of
    every file of the run so far (a correction pays them in full)."""
    held = set(held or ())
    with transaction.atomic():
        locked = Run.objects.select_for_update().get(pk=run.pk)
        before = locked.never_paid
        never = sorted(held if before is None else set(before) & held)
        if before != never:
            Run.objects.filter(pk=run.pk).update(never_paid=never)
        audit_record_many(
            actor=actor,
            entries=[
                AuditEntry(
                    action="export",
                    object_type=Run._meta.label_lower,
                    object_id=str(run.pk),
                    object_repr=str(run)[:255],
                    organisation_path=run.fund.organisation.path,
                    changes={
                        "format": [None, fmt],
                        "sha256": [None, digest],
                        "held": [None, sorted(held)],
                    },
                )
            ],
            source=source,
        )
