"""What assessments put on a home page (decision 0028): the tests and self-assessments of
the user's open campaigns, and the 360° feedback they were asked for — each by its
campaign's date, linked to where it is done."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from cadre.assessments.choices import CampaignStatus
from cadre.assessments.models import Campaign, FeedbackRequest, Participant, Test
from cadre.core.access import visible_ids
from cadre.core.choices import Role
from cadre.core.permissions import can, roles_of
from cadre.core.registry import TASK, HomeItem

FEEDBACK_SHOWN = 5  # requests listed one by one; the rest are counted on the last line


def campaign_tasks(user: Any) -> Iterator[HomeItem]:
    """The user's own part in their open campaigns: the test to take, the self-assessment."""
    rows = list(
        Participant.objects.filter(employee__user_id=user.pk, campaign__status=CampaignStatus.OPEN)
        .select_related("campaign__test")
        .order_by("campaign__closes_on", "pk")[:10]
    )
    tests = visible_ids(user, Test, [p.campaign.test_id for p in rows])
    mine = reverse("assessments:mine")
    for p in rows:
        c = p.campaign
        if c.test_id is not None and not p.test_done:
            url = c.test.get_absolute_url() if c.test_id in tests else mine
            label = _("Take the test “%(test)s”") % {"test": c.test.title}
            yield HomeItem(TASK, label, url, due=c.closes_on, note=c.title)
        if c.self_assessment and not p.self_done:
            label = _("Assess your own competencies")
            yield HomeItem(TASK, label, mine, due=c.closes_on, note=c.title)


def feedback_requests(user: Any) -> Iterator[HomeItem]:
    """The 360° feedback the user was asked for and has not given yet."""
    asked = FeedbackRequest.objects.filter(
        respondent_id=user.pk, answered_at__isnull=True, campaign__status=CampaignStatus.OPEN
    )
    rows = list(
        asked.select_related("employee", "campaign").order_by("campaign__closes_on", "pk")[
            : FEEDBACK_SHOWN + 1
        ]
    )
    if len(rows) > FEEDBACK_SHOWN:
        rest = asked.count() - FEEDBACK_SHOWN + 1
        rows = rows[: FEEDBACK_SHOWN - 1]
    else:
        rest = 0
    for r in rows:
        yield HomeItem(
            TASK,
            _("Give 360° feedback on %(person)s") % {"person": r.employee},
            reverse("assessments:feedback", args=[r.pk]),
            due=r.campaign.closes_on,
            note=r.campaign.title,
        )
    if rest:
        yield HomeItem(
            TASK,
            _("More 360° feedback requests"),
            reverse("assessments:mine"),
            count=rest,
        )


def manager_assessments(user: Any) -> Iterator[HomeItem]:
    """For a manager: the people of their units in an open campaign still waiting for the
    manager's assessment, by campaign (the campaign's page lists who)."""
    if Role.MANAGER not in roles_of(user) or not can(user, "assessments.appraisal", "add"):
        return
    rows = list(
        Participant.objects.restrict(user, "view")
        .filter(
            campaign__status=CampaignStatus.OPEN,
            campaign__manager_assessment=True,
            manager_done=False,
        )
        .exclude(employee__user_id=user.pk)
        .values("campaign")
        .annotate(n=Count("pk"), closes=Min("campaign__closes_on"))
        .order_by("closes", "campaign")[:5]
    )
    seen = visible_ids(user, Campaign, [row["campaign"] for row in rows])
    titles = dict(
        Campaign.objects.filter(pk__in=[row["campaign"] for row in rows]).values_list("pk", "title")
    )
    # The campaign's page where the manager may open it (a campaign of their own unit),
    # else the list of their people, where each person's page takes the assessment.
    people = reverse("people:employee_list") if can(user, "people.employee", "view") else None
    for row in rows:
        pk = row["campaign"]
        url = reverse("assessments:campaign_detail", args=[pk]) if pk in seen else people
        if url is None:
            continue
        yield HomeItem(
            TASK,
            _("Assess your people as their manager: %(campaign)s") % {"campaign": titles[pk]},
            url,
            count=row["n"],
            due=row["closes"],
        )
