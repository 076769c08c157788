"""Writes of the matching: the proposals of many vacancies at once (a job: the optimal
assignment stored as proposals, with the greedy ranking's total beside it), a proposal made
from one vacancy's ranked list, and an HR officer's decision — accepting one starts a
nomination (the entry reserved for that vacancy until ``nominated_until``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.scoping import reach_for, require_reach
from cadre.orgs.models import Organisation
from cadre.talent import assignment, ranking, scoring, selectors
from cadre.talent.choices import MatchStatus, VacancyStatus
from cadre.talent.models import Match, ReserveEntry, Vacancy
from cadre.talent.services.reserve import require_current

JOB_MANY = "talent.match_many"
DEFAULT_PER_VACANCY = 500
MAX_PER_VACANCY = 2000


def nomination_days() -> int:
    """How long an accepted match reserves the entry for its vacancy."""
    return int(getattr(settings, "CADRE_TALENT_NOMINATION_DAYS", 30))


def _require_matcher(actor: Any, within: Organisation | None) -> None:
    if within is None:
        if not reach_for(actor, Match, "change").everything:
            raise ApplicationError(
                _("Only a national role matches the whole country; choose a region or body."),
                field="within",
                code="scope",
            )
        return
    require_reach(
        actor,
        Match,
        "change",
        within,
        message=_("You may not match the vacancies of “%(org)s”."),
        field="within",
    )


def matching_run(
    *, actor: Any, within: Organisation | None, per_vacancy: int = DEFAULT_PER_VACANCY
) -> Any:
    """Start the matching of the open vacancies under ``within`` (a region or body; ``None``
    for the whole country) as a job with its progress."""
    from cadre.core.services import job_create

    _require_matcher(actor, within)
    if not 1 <= per_vacancy <= MAX_PER_VACANCY:
        raise ApplicationError(
            _("Keep from 1 to %(max)s candidates per vacancy.") % {"max": MAX_PER_VACANCY},
            field="per_vacancy",
            code="invalid",
        )
    return job_create(
        actor=actor,
        kind=JOB_MANY,
        params={"within": within.pk if within else None, "per_vacancy": per_vacancy},
        organisation_path=within.path if within else "",
    )


def matches_propose(
    *,
    actor: Any,
    within: Organisation | None,
    per_vacancy: int = DEFAULT_PER_VACANCY,
    today: dt.date | None = None,
    progress: Any = None,
) -> dict[str, Any]:
    """Match the open vacancies under ``within`` that ``actor`` may fill with the reserve
    members ``actor`` may see: the optimal assignment is stored as proposals (replacing the
    vacancies' earlier proposals still undecided); the figures compare it with greedy."""
    _require_matcher(actor, within)
    report = progress or (lambda *a: None)
    today = today or timezone.localdate()
    vacancies = list(selectors.open_vacancies(actor, within=within))
    report(0, 4, "candidates")
    prepared = ranking.candidates_for(
        actor, vacancies, today=today, per_vacancy=per_vacancy, progress=None
    )
    report(1, 4, "optimal")
    best = assignment.optimal(prepared.candidates)
    report(2, 4, "greedy")
    quick = assignment.greedy(prepared.candidates)
    report(3, 4, "store")
    run = uuid.uuid4().hex[:12]
    stored = _store(actor, prepared, best, run, today)
    report(4, 4, "done")
    gain = (best.total - quick.total) / quick.total * 100 if quick.total else 0.0
    return {
        "run": run,
        "vacancies": len(vacancies),
        "members": len(set(prepared.candidates.member.tolist())),
        "edges": len(prepared.candidates.fit),
        "placed": best.placed,
        "stored": stored,
        "optimal_total": round(best.total, 1),
        "optimal_seconds": round(best.seconds, 3),
        "greedy_placed": quick.placed,
        "greedy_total": round(quick.total, 1),
        "greedy_seconds": round(quick.seconds, 3),
        "gain_percent": round(gain, 2),
    }


@transaction.atomic
def _store(
    actor: Any, prepared: ranking.Prepared, best: assignment.Assignment, run: str, today: dt.date
) -> int:
    c = prepared.candidates
    vacancy_ids = [v.pk for v in prepared.vacancies]
    Match.objects.filter(vacancy_id__in=vacancy_ids, status=MatchStatus.PROPOSED).delete()
    decided = set(
        Match.objects.filter(vacancy_id__in=vacancy_ids).values_list("vacancy_id", "entry_id")
    )
    rows = []
    for edge in best.edges.tolist():
        vacancy = prepared.vacancies[int(c.vacancy[edge])]
        member = int(c.member[edge])
        entry_id = int(prepared.matrix.ids[member])
        if (vacancy.pk, entry_id) in decided:
            continue
        levels = {
            code: int(prepared.matrix.levels[member, col])
            for code, col in prepared.matrix.codes.items()
            if prepared.matrix.levels[member, col]
        }
        target = prepared.targets[int(c.vacancy[edge])]
        parts = prepared.parts
        reasons = {
            "fit": round(float(c.fit[edge]), 1),
            "competency": round(float(parts["competency"][edge]), 3),
            "level": round(float(parts["level"][edge]), 2),
            "region": round(float(parts["region"][edge]), 2),
            "days_in_reserve": scoring.day_number(today) - int(prepared.matrix.started[member]),
            "gaps": scoring.gaps(levels, target.requirements),
        }
        rows.append(
            Match(
                vacancy=vacancy,
                entry_id=entry_id,
                score=round(float(c.fit[edge]), 2),
                reasons=reasons,
                run=run,
                created_by=actor,
                updated_by=actor,
            )
        )
    Match.objects.bulk_create(rows, batch_size=1000)
    audit_record(
        actor=actor,
        action="match.propose",
        object_type="talent.match",
        object_id=run,
        object_repr=_("matching run %(run)s") % {"run": run},
        changes={"proposals": [None, len(rows)], "vacancies": [None, len(vacancy_ids)]},
        source=AuditSource.SYSTEM,
    )
    return len(rows)


@transaction.atomic
def match_propose(
    *,
    actor: Any,
    vacancy: Vacancy,
    entry: ReserveEntry,
    source: str = AuditSource.WEB,
    today: dt.date | None = None,
) -> Match:
    """Propose one member of a vacancy's ranked list (with the score and reasons of the
    list), to be accepted or rejected like the matching's proposals."""
    today = today or timezone.localdate()
    require_reach(
        actor,
        Match,
        "add",
        vacancy.organisation,
        message=_("You may not match the vacancies of “%(org)s”."),
        field="vacancy",
    )
    require_current(entry, today=today, field="entry")
    if vacancy.status != VacancyStatus.OPEN:
        raise ApplicationError(_("The vacancy is not open."), field="vacancy", code="state")
    if Match.objects.filter(vacancy=vacancy, entry=entry).exists():
        raise ApplicationError(
            _("This person is already proposed for this vacancy."), field="entry", code="unique"
        )
    ranked = ranking.rank_one(actor, vacancy, entry, today=today)
    if ranked is None:
        raise ApplicationError(
            _("The person is not in this vacancy's ranked list (another post group or region)."),
            field="entry",
            code="invalid",
        )
    match = Match(
        vacancy=vacancy,
        entry=entry,
        score=round(ranked.fit, 2),
        reasons=ranked.as_dict(),
        created_by=actor,
        updated_by=actor,
    )
    match.save()
    audit_record(
        actor=actor,
        action="create",
        obj=match,
        changes={"entry": [None, str(entry)], "score": [None, match.score]},
        source=source,
    )
    return match


def _locked_proposal(actor: Any, match: Match) -> Match:
    obj = (
        Match.objects.select_for_update(of=("self",))
        .select_related("vacancy__organisation", "entry")
        .get(pk=match.pk)
    )
    require_reach(
        actor,
        Match,
        "change",
        obj.vacancy.organisation,
        message=_("You may not decide on the matches of “%(org)s”."),
        field=None,
    )
    if obj.status != MatchStatus.PROPOSED:
        raise ApplicationError(
            _("The match is %(status)s already.") % {"status": obj.get_status_display()},
            field=None,
            code="state",
        )
    return obj


@transaction.atomic
def match_accept(
    *,
    actor: Any,
    match: Match,
    reason: str = "",
    source: str = AuditSource.WEB,
    today: dt.date | None = None,
) -> Match:
    """Accept a proposal: a nomination of the member for the vacancy until
    ``nominated_until`` (``CADRE_TALENT_NOMINATION_DAYS``, never past the entry's expiry).
    Refused for someone already appointed, an expired or withdrawn entry, a closed vacancy."""
    today = today or timezone.localdate()
    obj = _locked_proposal(actor, match)
    entry = ReserveEntry.objects.select_for_update(of=("self",)).get(pk=obj.entry_id)
    require_current(entry, today=today, field=None)
    if obj.vacancy.status != VacancyStatus.OPEN:
        raise ApplicationError(
            _("The vacancy is %(status)s, not open.")
            % {"status": obj.vacancy.get_status_display()},
            field=None,
            code="state",
        )
    until = min(today + dt.timedelta(days=nomination_days()), entry.expires_on)
    obj.status = MatchStatus.ACCEPTED
    obj.decided_by = actor
    obj.nominated_until = until
    obj.updated_by = actor
    obj.save(update_fields=["status", "decided_by", "nominated_until", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action="match.accept",
        obj=obj,
        changes={
            "status": [MatchStatus.PROPOSED, MatchStatus.ACCEPTED],
            "nominated_until": [None, until.isoformat()],
        },
        reason=reason,
        source=source,
    )
    return obj


@transaction.atomic
def match_reject(*, actor: Any, match: Match, reason: str, source: str = AuditSource.WEB) -> Match:
    """Reject a proposal, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Give the reason for this change; it is kept in the audit log."),
            field="reason",
            code="required",
        )
    obj = _locked_proposal(actor, match)
    obj.status = MatchStatus.REJECTED
    obj.decided_by = actor
    obj.updated_by = actor
    obj.save(update_fields=["status", "decided_by", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action="match.reject",
        obj=obj,
        changes={"status": [MatchStatus.PROPOSED, MatchStatus.REJECTED]},
        reason=reason,
        source=source,
    )
    return obj
