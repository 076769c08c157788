"""A campaign's progress, person by person."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from cadre.assessments.models import Campaign, FeedbackRequest, Participant
from cadre.core.fields import subtree_q
from cadre.orgs.models import Organisation


@dataclass(frozen=True)
class ProgressRow:
    organisation: Organisation
    people: int
    test_done: int
    self_done: int
    manager_done: int
    asked: int
    answered: int


def campaign_progress(campaign: Campaign) -> list[ProgressRow]:
    """Per organisation directly under the campaign's (or itself when it has none): people,
    and how many have done each part; 360° requests asked and answered."""
    root = campaign.organisation
    columns = list(Organisation.objects.filter(parent=root).order_by("name")) or [root]
    rows = []
    for org in columns:
        inside = subtree_q("employee__organisation__path", org.path)
        part = Participant.objects.filter(inside, campaign=campaign).aggregate(
            people=Count("pk"),
            test_done=Count("pk", filter=Q(test_done=True)),
            self_done=Count("pk", filter=Q(self_done=True)),
            manager_done=Count("pk", filter=Q(manager_done=True)),
        )
        asked = FeedbackRequest.objects.filter(inside, campaign=campaign).aggregate(
            asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
        )
        if part["people"]:
            rows.append(ProgressRow(org, **part, **asked))
    return rows
