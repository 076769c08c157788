"""What the people of a campaign do: their marks of progress, 360° answers, and the feedback
summary a person may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.assessments.choices import CampaignStatus
from cadre.assessments.models import Campaign, FeedbackRequest, Participant, Test
from cadre.assessments.standards import standard_levels
from cadre.competencies.models import Competency
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.people.models import Employee


def participant_mark(
    *, employee: Employee, test: Test | None = None, role: str | None = None
) -> int:
    """Tick what the person has just done in their open campaigns."""
    open_for = Participant.objects.filter(employee=employee, campaign__status=CampaignStatus.OPEN)
    if test is not None:
        return open_for.filter(campaign__test=test).update(test_done=True)
    if role == "self":
        return open_for.filter(campaign__self_assessment=True).update(self_done=True)
    if role == "manager":
        return open_for.filter(campaign__manager_assessment=True).update(manager_done=True)
    return 0


@transaction.atomic
def feedback_answer(
    *, actor: Any, request: FeedbackRequest, levels: Any, source: str = AuditSource.WEB
) -> FeedbackRequest:
    request = (
        FeedbackRequest.objects.select_for_update()
        .select_related("campaign", "employee__organisation")
        .get(pk=request.pk)
    )
    if request.respondent_id != getattr(actor, "pk", None):
        raise ApplicationError(_("This request is not addressed to you."), code="not_yours")
    if request.campaign.status != CampaignStatus.OPEN:
        raise ApplicationError(_("The campaign is not open."), field="campaign")
    if request.answered_at is not None:
        raise ApplicationError(
            _("You have already answered about this person."), code="already_answered"
        )
    clean, _observations = standard_levels(request.employee, levels)
    request.levels = clean
    request.answered_at = timezone.now()
    request.save(update_fields=["levels", "answered_at"])
    # Who answered is audited; what they answered is not put on the log (anonymity).
    audit_record(
        actor=actor,
        action="feedback",
        object_type="assessments.feedbackrequest",
        object_id=str(request.pk),
        object_repr=str(request.campaign)[:255],
        organisation_path=request.employee.organisation.path,
        changes={"answered": [False, True]},
        source=source,
    )
    return request


@dataclass(frozen=True)
class FeedbackLine:
    competency: Competency
    mean: float
    respondents: int


def feedback_summary(campaign: Campaign, employee: Employee) -> tuple[int, list[FeedbackLine]]:
    """``(respondents, averages)``; averages are empty below the anonymity threshold."""
    answers = list(
        FeedbackRequest.objects.filter(
            campaign=campaign, employee=employee, answered_at__isnull=False
        ).values_list("levels", flat=True)
    )
    if len(answers) < settings.CADRE_FEEDBACK_MIN_RESPONDENTS:
        return len(answers), []
    sums: dict[int, list[int]] = defaultdict(list)
    for levels in answers:
        for key, level in levels.items():
            sums[int(key)].append(level)
    comps = Competency.objects.in_bulk(list(sums))
    lines = [
        FeedbackLine(comps[k], sum(v) / len(v), len(v))
        for k, v in sums.items()
        if k in comps and len(v) >= settings.CADRE_FEEDBACK_MIN_RESPONDENTS
    ]
    return len(answers), sorted(lines, key=lambda line: line.competency.position)
