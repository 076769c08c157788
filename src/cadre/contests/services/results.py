"""Publishing a contest's results: every admitted entry needs its scores; the totals, ranks,
outcomes, flags and feedback are stored on the entries and audited; the winners and the
finalists enter the talent reserve with the levels their rubric scores show, written as
competency evidence (instrument "contest") for those who are employees."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.contests.choices import Outcome
from cadre.contests.models import Application, Contest, Criterion
from cadre.contests.results import competency_levels, compute
from cadre.contests.services.reserve import reserve_enter
from cadre.core.audit import AuditEntry, audit_record, audit_record_many
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.scoping import require_reach


def _d(x: float | None) -> Decimal | None:
    return None if x is None else Decimal(str(x)).quantize(Decimal("0.001"))


@transaction.atomic
def results_publish(
    *, actor: Any, contest: Contest, source: str = AuditSource.WEB, reason: str = ""
) -> Contest:
    contest = Contest.objects.select_for_update().select_related("organisation").get(pk=contest.pk)
    require_reach(
        actor,
        Contest,
        "change",
        contest.organisation,
        message=_("Only the organiser of the contest may publish its results (“%(org)s”)."),
        field=None,
    )
    if contest.results_at is not None:
        raise ApplicationError(_("The results are published already."), code="state")
    results = compute(contest)
    if not results.entries:
        raise ApplicationError(_("No entry has been admitted to scoring."), code="state")
    if results.short:
        titles = list(
            Application.objects.filter(pk__in=results.short[:5]).values_list("title", flat=True)
        )
        raise ApplicationError(
            _(
                "%(n)s entries have fewer than %(min)s jurors' scores (e.g. %(titles)s); "
                "the results wait for them."
            )
            % {"n": len(results.short), "min": contest.min_scores, "titles": "; ".join(titles)},
            code="short",
        )
    entries = list(
        Application.objects.filter(pk__in=results.entries).select_related(
            "employee", "applicant", "contest__organisation"
        )
    )
    for entry in entries:
        r = results.entries[entry.pk]
        entry.raw_total, entry.z_total = _d(r.raw), _d(r.z)
        entry.rank, entry.outcome, entry.flagged = r.rank, r.outcome, r.flagged
        entry.feedback = r.feedback
    Application.objects.bulk_update(
        entries, ["raw_total", "z_total", "rank", "outcome", "flagged", "feedback"], batch_size=500
    )
    path = contest.organisation.path
    audit_record_many(
        actor=actor,
        entries=[
            AuditEntry(
                action="entry.result",
                object_type="contests.application",
                object_id=str(e.pk),
                object_repr=str(e)[:200],
                organisation_path=path,
                changes={
                    "rank": [None, e.rank],
                    "outcome": [None, e.outcome],
                    "raw_total": [None, str(e.raw_total)],
                    "z_total": [None, str(e.z_total)],
                },
                reason=reason,
            )
            for e in entries
        ],
        source=source,
    )
    contest.results_at = timezone.now()
    contest.agreement = results.alpha
    contest.save(update_fields=["results_at", "agreement", "updated_at"])
    audit_record(
        actor=actor,
        action="contest.results",
        obj=contest,
        changes={"agreement": [None, results.alpha]},
        reason=reason,
        source=source,
    )
    criteria = list(
        Criterion.objects.filter(contest=contest).select_related("competency").order_by("code")
    )
    chosen = [e for e in entries if e.outcome in (Outcome.WINNER, Outcome.FINALIST)]
    for entry in sorted(chosen, key=lambda e: (e.category_id, e.rank or 0)):
        found = competency_levels(criteria, entry.feedback)
        _evidence(actor, entry, found, source)
        reserve_enter(
            actor=actor,
            entry=entry,
            levels={comp.code: level for comp, level in found.values()},
            source=source,
        )
    return contest


def _evidence(actor: Any, entry: Application, found: dict[str, Any], source: str) -> None:
    """The rubric's verdict as competency evidence of an employee (external candidates
    have no proficiency: their levels go on the reserve entry only)."""
    if entry.employee is None or not found:
        return
    from cadre.assessments.choices import Instrument
    from cadre.assessments.proficiency import Observation, evidence_record

    evidence_record(
        actor=actor,
        employee=entry.employee,
        observations=[Observation(competency=comp, level=level) for comp, level in found.values()],
        instrument=Instrument.CONTEST,
        source=f"contest-entry:{entry.pk}",
        origin=source,
    )
