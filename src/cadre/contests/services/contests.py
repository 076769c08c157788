"""Writes of a contest and its set-up: the contest itself, its categories, the rubric
(criteria with weights, descriptors and the evidence map) and the jury of each category."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.contests.models import Application, Category, Contest, Criterion, Juror
from cadre.core.audit import create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource, Role
from cadre.core.errors import ApplicationError, reject_unknown
from cadre.core.permissions import roles_of
from cadre.core.scoping import require_reach
from cadre.orgs.models import Organisation

FIELDS = (
    "title",
    "description",
    "applications_open",
    "applications_close",
    "screening_close",
    "scoring_close",
    "final_on",
    "results_on",
    "open_to",
    "max_age",
    "eligibility",
    "scale_max",
    "min_scores",
    "disagreement",
    "winners",
    "finalists",
    "post_group",
    "published",
)
AUDITED = ("organisation", *FIELDS)


@transaction.atomic
def contest_create(
    *,
    actor: Any,
    organisation: Organisation,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Contest:
    reject_unknown(fields, FIELDS)
    require_reach(actor, Contest, "add", organisation)
    contest = Contest(organisation=organisation, **fields)
    contest.title = (contest.title or "").strip()
    return create_audited(actor=actor, obj=contest, audited=AUDITED, source=source, reason=reason)


def _locked(contest: Contest) -> Contest:
    return Contest.objects.select_for_update().select_related("organisation").get(pk=contest.pk)


def _refuse_after_results(contest: Contest) -> None:
    if contest.results_at is not None:
        raise ApplicationError(
            _("The results of this contest are published; it can no longer be changed."),
            code="state",
        )


@transaction.atomic
def contest_update(
    *,
    actor: Any,
    instance: Contest,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> Contest:
    contest = _locked(instance)
    require_reach(actor, Contest, "change", contest.organisation)
    _refuse_after_results(contest)
    fields = {k: v for k, v in fields.items() if k in FIELDS}
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
    return update_audited(
        actor=actor, obj=contest, fields=fields, audited=FIELDS, source=source, reason=reason
    )


@transaction.atomic
def contest_delete(
    *, actor: Any, instance: Contest, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    contest = _locked(instance)
    require_reach(actor, Contest, "delete", contest.organisation)
    if contest.entries.filter(is_calibration=False).exists():
        raise ApplicationError(
            _("People have applied to this contest; it cannot be deleted."), code="in_use"
        )
    delete_audited(actor=actor, obj=contest, audited=("title",), source=source, reason=reason)


def _organiser(actor: Any, contest: Contest) -> Contest:
    contest = _locked(contest)
    require_reach(
        actor,
        Contest,
        "change",
        contest.organisation,
        message=_("Only the organiser of the contest may set it up (“%(org)s”)."),
        field=None,
    )
    _refuse_after_results(contest)
    return contest


@transaction.atomic
def category_add(
    *,
    actor: Any,
    contest: Contest,
    code: str,
    name: str,
    winners: int | None = None,
    source: str = AuditSource.WEB,
) -> Category:
    contest = _organiser(actor, contest)
    category = Category(
        contest=contest, code=(code or "").strip(), name=(name or "").strip(), winners=winners
    )
    if Category.objects.filter(contest=contest, code=category.code).exists():
        raise ApplicationError(
            _("The contest has a category with this code already."), field="code", code="unique"
        )
    return create_audited(
        actor=actor, obj=category, audited=("contest", "code", "name", "winners"), source=source
    )


def _levels(contest: Contest, competency: Any, levels: Any) -> dict[str, int]:
    if competency is None:
        if levels:
            raise ApplicationError(
                _("Competency levels need a competency."), field="levels", code="invalid"
            )
        return {}
    wanted = {str(s) for s in range(1, contest.scale_max + 1)}
    try:
        parsed = {str(int(k)): int(v) for k, v in (levels or {}).items()}
    except (TypeError, ValueError, AttributeError):
        parsed = {}
    if set(parsed) != wanted or any(v < 1 for v in parsed.values()):
        raise ApplicationError(
            _("Give the competency level (1 or more) that each score from 1 to %(top)s shows.")
            % {"top": contest.scale_max},
            field="levels",
            code="invalid",
        )
    return parsed


@transaction.atomic
def criterion_add(
    *,
    actor: Any,
    contest: Contest,
    code: str,
    name: str,
    weight: int,
    descriptors: dict[str, str],
    competency: Any = None,
    levels: dict[str, int] | None = None,
    source: str = AuditSource.WEB,
) -> Criterion:
    """A criterion of the rubric: a descriptor for every score level, and, when it shows a
    competency, the level each score stands for (the evidence map)."""
    contest = _organiser(actor, contest)
    wanted = [str(s) for s in range(1, contest.scale_max + 1)]
    texts = {str(k): str(v).strip() for k, v in (descriptors or {}).items()}
    missing = [s for s in wanted if not texts.get(s)]
    if missing or set(texts) - set(wanted):
        raise ApplicationError(
            _("Describe every score from 1 to %(top)s (missing: %(missing)s).")
            % {"top": contest.scale_max, "missing": ", ".join(missing) or "—"},
            field="descriptors",
            code="invalid",
        )
    if Criterion.objects.filter(contest=contest, code=(code or "").strip()).exists():
        raise ApplicationError(
            _("The rubric has a criterion with this code already."), field="code", code="unique"
        )
    criterion = Criterion(
        contest=contest,
        code=(code or "").strip(),
        name=(name or "").strip(),
        weight=weight,
        descriptors=texts,
        competency=competency,
        levels=_levels(contest, competency, levels),
    )
    return create_audited(
        actor=actor,
        obj=criterion,
        audited=("contest", "code", "name", "weight", "competency", "levels"),
        source=source,
    )


@transaction.atomic
def juror_add(*, actor: Any, category: Category, user: Any, source: str = AuditSource.WEB) -> Juror:
    contest = _organiser(actor, category.contest)
    name = user.get_full_name() or user.username
    if roles_of(user) == {Role.EXTERNAL_CANDIDATE}:
        raise ApplicationError(
            _("%(name)s has only an external candidate's account and may not sit on a jury.")
            % {"name": name},
            field="user",
        )
    if Application.objects.filter(category=category, applicant=user, is_calibration=False).exists():
        raise ApplicationError(
            _("%(name)s has an entry in this category and may not sit on its jury.")
            % {"name": name},
            field="user",
        )
    if Juror.objects.filter(category=category, user=user).exists():
        raise ApplicationError(
            _("This person sits on the category's jury already."), field="user", code="unique"
        )
    juror = Juror(contest=contest, category=category, user=user)
    juror = create_audited(
        actor=actor, obj=juror, audited=("contest", "category", "user"), source=source
    )
    from cadre.contests.services.entries import recusals_detect

    recusals_detect(actor=actor, contest=contest, juror=juror, source=source)
    return juror
