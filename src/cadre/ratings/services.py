"""Issuing rating tokens and taking ratings: every check in one place (decision 0009)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.accounts.roles import can
from cadre.core.audit import audit_record, create_audited, delete_audited, update_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, full_clean_or_raise, reject_unknown
from cadre.core.fields import subtree_q
from cadre.core.i18n_names import clean_names
from cadre.core.reasons import require_reason
from cadre.core.scoping import reaches, require_reach
from cadre.core.translated import clean_texts
from cadre.ethics import selectors as ethics
from cadre.people.models import Employee
from cadre.ratings import keys
from cadre.ratings.choices import CommentStatus, ModerationReason, RatingReason, RatingStatus
from cadre.ratings.models import (
    Interaction,
    Rating,
    ServicePoint,
    ServiceType,
    UtcMonth,
    quarter_months,
)

ANSWERS = (
    "overall",
    "time_taken",
    "waiting",
    "courtesy",
    "clarity",
    "premises",
    "need_met",
    "comment",
)


def interaction_report(
    *,
    actor: Any,
    external_id: str,
    service_point: ServicePoint,
    service_type: ServiceType,
    employees: list[Employee],
    outcome: str,
    channel: str,
    occurred_at: dt.datetime | None = None,
    citizen_id: str = "",
    **extra: Any,
) -> tuple[Interaction, str, bool]:
    """Record a completed interaction and return it with the citizen's token and whether
    it is new. Reporting the same ``external_id`` again returns the same token."""
    reject_unknown(extra, ())
    existing = Interaction.objects.filter(issuer=actor, external_id=external_id).first()
    if existing is not None:
        return existing, keys.token_for(actor.pk, external_id), False
    body = service_point.organisation
    if not reaches(actor, Interaction, "add", body):
        raise ApplicationError(
            _("You may not report interactions of “%(body)s”.") % {"body": body},
            field="service_point",
            code="scope",
        )
    if not employees:
        raise ApplicationError(
            _("Name the employee or employees who served."), field="employees", code="required"
        )
    staff = Employee.objects.filter(subtree_q("organisation__path", body.path), is_active=True)
    outsiders = [e for e in employees if not staff.filter(pk=e.pk).exists()]
    if outsiders:
        raise ApplicationError(
            _("%(who)s does not work in “%(body)s”.") % {"who": outsiders[0], "body": body},
            field="employees",
            code="not_staff",
        )
    now = timezone.now()
    token = keys.token_for(actor.pk, external_id)
    # A citizen on the staff of the body that served them does not rate it (they may, but
    # it does not count). Checked here, where the identifier is still in hand.
    conflict = bool(citizen_id) and staff.filter(personal_id=citizen_id.strip()).exists()
    if citizen_id and not conflict:
        # Nor does a citizen with a relation declared to ethics control (decision 0035)
        # with an employee who served them.
        citizen = Employee.objects.filter(personal_id=citizen_id.strip()).first()
        conflict = citizen is not None and bool(
            ethics.declared_bulk((citizen.pk, e.pk) for e in employees)
        )
    interaction = Interaction(
        issuer=actor,
        external_id=external_id,
        organisation=body,
        service_point=service_point,
        service_type=service_type,
        outcome=outcome,
        channel=channel,
        occurred_at=occurred_at or now,
        expires_at=now + dt.timedelta(days=settings.CADRE_RATING_TOKEN_DAYS),
        token_hash=keys.token_hash(token),
        citizen_key=keys.citizen_key(citizen_id),
        conflict=conflict,
    )
    full_clean_or_raise(interaction, exclude=["issuer", "token_hash", "employees"])
    try:
        with transaction.atomic():
            interaction.save()
            interaction.employees.set(employees)
    except IntegrityError:  # the same interaction reported twice at the same moment
        existing = Interaction.objects.get(issuer=actor, external_id=external_id)
        return existing, token, False
    return interaction, token, True


def _token_error(code: str) -> ApplicationError:
    messages = {
        "malformed": _("This rating link is not valid."),
        "unknown": _("This rating link is not valid."),
        "used": _("This service has already been rated with this link."),
        "expired": _("This rating link has expired."),
    }
    return ApplicationError(messages[code], field="token", code=code)


def _daily_cap_error(expires_at: dt.datetime) -> ApplicationError:
    return ApplicationError(
        _(
            "You have already rated a service today; one rating a day counts. The link "
            "stays valid until %(date)s."
        )
        % {"date": timezone.localtime(expires_at).date().isoformat()},
        field="token",
        code="daily_cap",
    )


def _quarter_cap_error() -> ApplicationError:
    return ApplicationError(
        _("You have already rated this employee %(n)s times this quarter.")
        % {"n": settings.CADRE_RATING_QUARTER_CAP},
        field="token",
        code="quarter_cap",
    )


def token_interaction(token: str) -> Interaction:
    """The interaction behind a token that may still be used, or why it may not."""
    if not keys.TOKEN_RE.fullmatch(token or ""):
        raise _token_error("malformed")
    interaction = (
        Interaction.objects.filter(token_hash=keys.token_hash(token))
        .select_related("organisation", "service_point", "service_type")
        .first()
    )
    if interaction is None:
        raise _token_error("unknown")
    if interaction.used_at is not None:
        raise _token_error("used")
    if interaction.expires_at <= timezone.now():
        raise _token_error("expired")
    return interaction


@dataclass(frozen=True)
class Received:
    rating_id: int
    status: str


def _periods(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The start of today and of this quarter, in local time."""
    local = timezone.localtime(now)
    today = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return today, today.replace(month=3 * ((local.month - 1) // 3) + 1, day=1)


def rating_submit(*, token: str, answers: dict[str, Any], network: str = "") -> Received:
    """Take a citizen's rating. Refused (nothing saved, the link still usable) when the
    token cannot be used or the citizen reached a cap; otherwise saved as counted, held for
    review or not counted, with the reason. On PostgreSQL the checks and the writes are one
    function call (migration ``ratings/0007``); elsewhere they run here, with the same rules."""
    reject_unknown(answers, ANSWERS)
    if not keys.TOKEN_RE.fullmatch(token or ""):
        raise _token_error("malformed")
    rating = Rating(network_key=network, **{k: v for k, v in answers.items() if v is not None})
    # The fields' own rules (1–5, the comment's length), without a query to the database.
    full_clean_or_raise(
        rating,
        exclude=[
            "interaction",
            "organisation",
            "service_point",
            "service_type",
            "outcome",
            "channel",
            "status",
        ],
        validate_unique=False,
        validate_constraints=False,
    )
    now = timezone.now()
    if connection.vendor == "postgresql":
        outcome, detail = submit_in_database(token=token, answers=answers, network=network, now=now)
        raise_refusal(outcome, detail)
        return Received(rating_id=int(detail), status=outcome)
    answer_due = timezone.localdate(now) + dt.timedelta(days=settings.CADRE_RATING_ANSWER_DAYS)
    interaction = token_interaction(token)
    served_by = list(interaction.employees.values_list("pk", flat=True))
    rating.interaction = interaction
    rating.organisation_id = interaction.organisation_id
    rating.service_point_id = interaction.service_point_id
    rating.service_type_id = interaction.service_type_id
    rating.outcome, rating.channel = interaction.outcome, interaction.channel
    rating.citizen_key = interaction.citizen_key
    with transaction.atomic():
        if interaction.citizen_key:
            _check_caps(interaction, interaction.citizen_key, served_by, now)
        rating.status, rating.reason = _decide(interaction, network, now)
        if rating.comment.strip():
            rating.comment_status, rating.answer_due = CommentStatus.PENDING, answer_due
        # Consume the token: of many simultaneous submissions exactly one gets here.
        used = Interaction.objects.filter(pk=interaction.pk, used_at__isnull=True).update(
            used_at=now
        )
        if not used:
            raise _token_error("used")
        rating.save()
    return Received(rating_id=rating.pk, status=rating.status)


def submit_in_database(
    *, token: str, answers: dict[str, Any], network: str, now: dt.datetime
) -> tuple[str, str]:
    """PostgreSQL only: the rating through ``cadre_rating_submit`` (migration
    ``ratings/0007``) — one statement, so one transaction of its own, with no BEGIN/COMMIT
    round trips around it. ``answers`` must be valid. Returns the function's outcome and
    detail: a refusal (``unknown``, ``used``, ``expired``, ``daily_cap``, ``quarter_cap``)
    saved nothing; otherwise the outcome is the rating's status and the detail its id."""
    today, quarter = _periods(now)
    answer_due = timezone.localdate(now) + dt.timedelta(days=settings.CADRE_RATING_ANSWER_DAYS)
    comment = answers.get("comment") or ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT outcome, detail FROM cadre_rating_submit(%s, %s, %s, %s, %s, %s, %s, %s, "
            "%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                keys.token_hash(token),
                answers["overall"],
                answers.get("time_taken"),
                answers.get("waiting"),
                answers.get("courtesy"),
                answers.get("clarity"),
                answers.get("premises"),
                answers.get("need_met") or "",
                comment,
                network,
                now,
                today,
                quarter,
                settings.CADRE_RATING_MIN_SECONDS,
                settings.CADRE_RATING_NETWORK_BURST,
                settings.CADRE_RATING_QUARTER_CAP,
                answer_due,
            ],
        )
        outcome, detail = cursor.fetchone()
    return outcome, detail


REFUSALS = frozenset({"unknown", "used", "expired", "daily_cap", "quarter_cap"})


def raise_refusal(outcome: str, detail: str) -> None:
    """The error for a refusal of ``cadre_rating_submit``; nothing for a rating taken."""
    if outcome in ("unknown", "used", "expired"):
        raise _token_error(outcome)
    if outcome == "daily_cap":
        raise _daily_cap_error(dt.datetime.fromtimestamp(float(detail), tz=dt.UTC))
    if outcome == "quarter_cap":
        raise _quarter_cap_error()


def _check_caps(
    interaction: Interaction, citizen: str, served_by: list[int], now: dt.datetime
) -> None:
    """One counted rating a day, ``CADRE_RATING_QUARTER_CAP`` per employee a quarter — from
    one query over the citizen's ratings of this quarter."""
    today, quarter = _periods(now)
    recent = list(
        Rating.objects.alias(month=UtcMonth("submitted_at"))
        .filter(  # by the citizen's index, month by month
            month__in=quarter_months(quarter),
            citizen_key=citizen,
            status__in=[RatingStatus.COUNTED, RatingStatus.HELD],
            submitted_at__gte=quarter,
        )
        .values_list("pk", "submitted_at", "interaction__employees")
    )
    if any(when >= today for _pk, when, _employee in recent):
        raise _daily_cap_error(interaction.expires_at)
    for employee in served_by:
        if len({pk for pk, _when, who in recent if who == employee}) >= (
            settings.CADRE_RATING_QUARTER_CAP
        ):
            raise _quarter_cap_error()


def _decide(interaction: Interaction, network: str, now: dt.datetime) -> tuple[str, str]:
    """Counted, or not counted / held with the reason (in this order of precedence)."""
    if interaction.conflict:
        return RatingStatus.NOT_COUNTED, RatingReason.CONFLICT_OF_INTEREST
    if (now - interaction.issued_at).total_seconds() < settings.CADRE_RATING_MIN_SECONDS:
        return RatingStatus.HELD, RatingReason.TOO_FAST
    if network:
        burst = settings.CADRE_RATING_NETWORK_BURST
        recent = Rating.objects.filter(  # counted up to the limit: cheap under a flood
            network_key=network,
            organisation_id=interaction.organisation_id,
            submitted_at__gte=now - dt.timedelta(hours=1),
        )[:burst].count()
        if recent >= burst:
            return RatingStatus.HELD, RatingReason.NETWORK_BURST
    return RatingStatus.COUNTED, ""


def _may_moderate(actor: Any, rating: Rating) -> None:
    require_reach(
        actor,
        Rating,
        "change",
        rating.organisation,
        message=_("You may not moderate ratings of “%(body)s”."),
        field="rating",
        name="body",
    )


@transaction.atomic
def comment_moderate(
    *, actor: Any, rating: Rating, decision: str, text: str = "", reason: str = ""
) -> Rating:
    """Publish a comment as written, publish it with personal data or abuse taken out
    (``text``), or remove it; the reason is recorded and the change audited."""
    rating = Rating.objects.select_for_update().select_related("organisation").get(pk=rating.pk)
    _may_moderate(actor, rating)
    if not rating.comment_status:
        raise ApplicationError(_("This rating has no comment."), field="rating", code="empty")
    if decision not in {"publish", "edit", "remove"}:
        raise ApplicationError(_("Unknown decision."), field="decision", code="invalid")
    if decision != "publish" and reason not in ModerationReason.values:
        raise ApplicationError(
            _("Say why the comment is changed or removed."), field="reason", code="required"
        )
    if decision == "edit" and not text.strip():
        raise ApplicationError(
            _("Give the comment as it will be published."), field="text", code="required"
        )
    before = {"comment_status": rating.comment_status, "reason": rating.moderation_reason}
    if decision == "remove":
        rating.comment_status, rating.published_comment = CommentStatus.REMOVED, ""
    else:
        rating.comment_status = CommentStatus.PUBLISHED
        rating.published_comment = rating.comment if decision == "publish" else text.strip()
    rating.moderation_reason = "" if decision == "publish" else reason
    rating.save(update_fields=["comment_status", "published_comment", "moderation_reason"])
    audit_record(
        actor=actor,
        action=f"comment.{decision}",
        obj=rating,
        organisation_path=rating.organisation.path,
        changes={
            "comment_status": [before["comment_status"], rating.comment_status],
            "reason": [before["reason"], rating.moderation_reason],
        },
        reason=rating.moderation_reason,
        source=AuditSource.WEB,
        chain="ratings",
    )
    return rating


@transaction.atomic
def comment_answer(*, actor: Any, rating: Rating, text: str) -> Rating:
    """The body's public answer to a published comment."""
    rating = Rating.objects.select_for_update().select_related("organisation").get(pk=rating.pk)
    _may_moderate(actor, rating)
    if rating.comment_status != CommentStatus.PUBLISHED:
        raise ApplicationError(
            _("Only a published comment can be answered."), field="rating", code="unpublished"
        )
    text = text.strip()
    if not text or len(text) > 4000:
        raise ApplicationError(
            _("Write an answer of at most 4,000 characters."), field="text", code="invalid"
        )
    before = rating.answer
    rating.answer, rating.answered_at = text, timezone.now()
    rating.save(update_fields=["answer", "answered_at"])
    audit_record(
        actor=actor,
        action="comment.answer",
        obj=rating,
        organisation_path=rating.organisation.path,
        changes={"answer": [before or None, text]},
        source=AuditSource.WEB,
        chain="ratings",
    )
    return rating


TYPE_FIELDS = ("code", "names")


def _type_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` of a service type, checked: the names as ``{language: text}``."""
    reject_unknown(fields, TYPE_FIELDS)
    if "names" in fields:
        fields = {**fields, "names": clean_texts(fields["names"], field="names")}
    return fields


def _check_type_right(actor: Any, action: str) -> None:
    if not can(actor, "ratings.servicetype", action):
        raise ApplicationError(
            _("Only the national authority may change the classifier of services."),
            code="forbidden",
        )


def _check_code_free(code: str) -> None:
    if ServiceType.objects.filter(code=code).exists():
        raise ApplicationError(
            _("A service type with this code already exists."), field="code", code="unique"
        )


@transaction.atomic
def service_type_create(
    *, actor: Any, source: str = AuditSource.WEB, reason: str = "", **fields: Any
) -> ServiceType:
    """Add a type of public service to the shared classifier (the national authority)."""
    _check_type_right(actor, "add")
    fields = _type_fields(fields)
    _check_code_free(fields.get("code", ""))
    return create_audited(
        actor=actor, obj=ServiceType(**fields), audited=TYPE_FIELDS, source=source, reason=reason
    )


@transaction.atomic
def service_type_update(
    *,
    actor: Any,
    service_type: ServiceType,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> ServiceType:
    """Rename a service type (its code too, while no service of it was reported: systems
    report by code)."""
    _check_type_right(actor, "change")
    fields = _type_fields(fields)
    obj = ServiceType.objects.select_for_update().get(pk=service_type.pk)
    code = fields.get("code", obj.code)
    if code != obj.code:
        _check_code_free(code)
        if Interaction.objects.filter(service_type=obj).exists():
            raise ApplicationError(
                _("Services of this type have been reported by its code; the code is kept."),
                field="code",
                code="in_use",
            )
    return update_audited(
        actor=actor, obj=obj, fields=fields, audited=TYPE_FIELDS, source=source, reason=reason
    )


@transaction.atomic
def service_type_delete(
    *, actor: Any, service_type: ServiceType, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    _check_type_right(actor, "delete")
    obj = ServiceType.objects.select_for_update().get(pk=service_type.pk)
    if Interaction.objects.filter(service_type=obj).exists():
        raise ApplicationError(
            _("Services of this type have been reported; it is kept for their ratings."),
            code="in_use",
        )
    delete_audited(actor=actor, obj=obj, audited=TYPE_FIELDS, source=source, reason=reason)


POINT_FIELDS = ("organisation", "code", "name", "names", "address")


def _check_point_body(
    *, actor: Any, organisation: Any, action: str, field: str | None = "organisation"
) -> None:
    require_reach(
        actor,
        ServicePoint,
        action,
        organisation,
        message=_("You may not keep service points of “%(body)s”."),
        field=field,
        name="body",
    )


@transaction.atomic
def service_point_create(
    *, actor: Any, source: str = AuditSource.WEB, reason: str = "", **fields: Any
) -> ServicePoint:
    """Register a place where a body in the actor's scope serves citizens."""
    reject_unknown(fields, POINT_FIELDS)
    if "names" in fields:
        fields["names"] = clean_names(fields["names"])
    _check_point_body(actor=actor, organisation=fields["organisation"], action="add")
    if ServicePoint.objects.filter(code=fields.get("code", "")).exists():
        raise ApplicationError(
            _("A service point with this code already exists."), field="code", code="unique"
        )
    return create_audited(
        actor=actor,
        obj=ServicePoint(**fields),
        audited=POINT_FIELDS,
        source=source,
        reason=reason,
    )


@transaction.atomic
def service_point_update(
    *,
    actor: Any,
    service_point: ServicePoint,
    source: str = AuditSource.WEB,
    reason: str = "",
    **fields: Any,
) -> ServicePoint:
    reject_unknown(fields, POINT_FIELDS)
    if "names" in fields:
        fields["names"] = clean_names(fields["names"])
    obj = (
        ServicePoint.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=service_point.pk)
    )
    # The point as it is now, then where it moves to.
    _check_point_body(actor=actor, organisation=obj.organisation, action="change", field=None)
    if "organisation" in fields and fields["organisation"].pk != obj.organisation_id:
        _check_point_body(actor=actor, organisation=fields["organisation"], action="change")
    code = fields.get("code", obj.code)
    if ServicePoint.objects.filter(code=code).exclude(pk=obj.pk).exists():
        raise ApplicationError(
            _("A service point with this code already exists."), field="code", code="unique"
        )
    return update_audited(
        actor=actor, obj=obj, fields=fields, audited=POINT_FIELDS, source=source, reason=reason
    )


@transaction.atomic
def service_point_delete(
    *, actor: Any, service_point: ServicePoint, source: str = AuditSource.WEB, reason: str = ""
) -> None:
    obj = (
        ServicePoint.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=service_point.pk)
    )
    _check_point_body(actor=actor, organisation=obj.organisation, action="delete", field=None)
    if Interaction.objects.filter(service_point=obj).exists():
        raise ApplicationError(
            _("Services have been reported at this point; it is kept for their ratings."),
            code="in_use",
        )
    delete_audited(actor=actor, obj=obj, audited=POINT_FIELDS, source=source, reason=reason)


@transaction.atomic
def rating_review(
    *,
    actor: Any,
    rating: Rating,
    decision: str,
    reason: str = "",
    source: str = AuditSource.WEB,
) -> Rating:
    """Decide on a rating held for review: count it, or not. The reason it was held stays
    on the rating; who decided, and why (``reason``, required when decided by hand), is in
    the audit log (chain ``ratings``)."""
    rating = Rating.objects.select_for_update().select_related("organisation").get(pk=rating.pk)
    _may_moderate(actor, rating)
    if rating.status != RatingStatus.HELD:
        raise ApplicationError(
            _("This rating is not held for review."), field="rating", code="not_held"
        )
    if decision not in {"count", "reject"}:
        raise ApplicationError(_("Unknown decision."), field="decision", code="invalid")
    reason = require_reason(reason, model=Rating, action="change", source=source)
    rating.status = RatingStatus.COUNTED if decision == "count" else RatingStatus.NOT_COUNTED
    rating.save(update_fields=["status"])
    if rating.status == RatingStatus.COUNTED:
        from cadre.ratings.scores import fold_counted

        fold_counted(rating)
    audit_record(
        actor=actor,
        action=f"rating.{decision}",
        obj=rating,
        organisation_path=rating.organisation.path,
        changes={"status": [RatingStatus.HELD, rating.status], "reason": [rating.reason, None]},
        reason=reason,
        source=source,
        chain="ratings",
    )
    return rating
