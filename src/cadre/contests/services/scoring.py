"""A juror's scorecard: every criterion of an entry scored at once, once, on the contest's
scale; the calibration entry of the category first; never an entry the juror is recused
from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.contests.choices import EntryState
from cadre.contests.models import Application, Criterion, Juror, Recusal, Score
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, Problems


def juror_for(user: Any, application: Application) -> Juror | None:
    return Juror.objects.filter(
        category_id=application.category_id, user_id=getattr(user, "pk", 0) or 0
    ).first()


@transaction.atomic
def scorecard_submit(
    *,
    actor: Any,
    application: Application,
    scores: dict[str, Any],
    source: str = AuditSource.WEB,
    today: dt.date | None = None,
) -> list[Score]:
    """Record the juror's scores of the entry, ``{criterion code: score}``."""
    entry = (
        Application.objects.select_for_update()
        .select_related("contest", "category")
        .get(pk=application.pk)
    )
    contest = entry.contest
    juror = juror_for(actor, entry)
    if juror is None:
        raise ApplicationError(
            _("Only a juror of the entry's category may score it."), code="not_juror"
        )
    if Recusal.objects.filter(juror=juror, application=entry).exists():
        raise ApplicationError(_("You are recused from this entry."), code="recused")
    if Score.objects.filter(juror=juror, application=entry).exists():
        raise ApplicationError(_("You have scored this entry already."), code="already_submitted")
    if entry.state != EntryState.ADMITTED:
        raise ApplicationError(
            _("Only an entry admitted to scoring is scored; this one is %(state)s.")
            % {"state": entry.get_state_display()},
            code="state",
        )
    today = today or timezone.localdate()
    if contest.results_at is not None or today > contest.scoring_close:
        raise ApplicationError(
            _("Jury scoring ended on %(date)s.") % {"date": contest.scoring_close.isoformat()},
            code="too_late",
        )
    if not entry.is_calibration:
        calibration = Application.objects.filter(
            category_id=entry.category_id, is_calibration=True
        ).first()
        if (
            calibration is not None
            and not Score.objects.filter(juror=juror, application=calibration).exists()
        ):
            raise ApplicationError(
                _("Score the calibration entry “%(entry)s” first.") % {"entry": calibration},
                code="calibration_first",
            )
    criteria = list(Criterion.objects.filter(contest=contest).order_by("code"))
    problems = Problems()
    values: dict[str, int] = {}
    unknown = sorted(set(map(str, scores)) - {c.code for c in criteria})
    if unknown:
        problems.add(
            _("The rubric has no criterion %(codes)s.") % {"codes": ", ".join(unknown)},
            field="scores",
        )
    for criterion in criteria:
        raw = scores.get(criterion.code)
        if raw in (None, ""):
            problems.add(
                _("Score “%(criterion)s”.") % {"criterion": criterion.name},
                field="scores",
                code="required",
            )
            continue
        try:
            value = int(str(raw))
        except ValueError:
            value = -1
        if not 1 <= value <= contest.scale_max:
            problems.add(
                _("Score “%(criterion)s” from 1 to %(top)s.")
                % {"criterion": criterion.name, "top": contest.scale_max},
                field="scores",
                code="out_of_scale",
            )
            continue
        values[criterion.code] = value
    problems.raise_if_any()
    now = timezone.now()
    rows = Score.objects.bulk_create(
        [
            Score(
                application=entry,
                juror=juror,
                criterion=c,
                value=values[c.code],
                scored_at=now,
            )
            for c in criteria
        ]
    )
    audit_record(
        actor=actor,
        action="entry.score",
        obj=entry,
        changes={"scores": [None, values]},
        source=source,
    )
    return rows
