"""A campaign's life: created, launched (its people and their 360° respondents chosen),
reminded, closed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.accounts.choices import Role
from cadre.accounts.models import RoleAssignment, User
from cadre.assessments.campaigns.feedback import feedback_summary
from cadre.assessments.choices import CampaignStatus, Instrument, Relation
from cadre.assessments.models import Campaign, FeedbackRequest, Participant, Test
from cadre.assessments.proficiency import Observation, evidence_record, round_half_up
from cadre.competencies.choices import StandardStatus
from cadre.core.access import require_may
from cadre.core.audit import audit_record, create_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.fields import subtree_q
from cadre.core.scoping import ancestor_paths, require_reach
from cadre.orgs.models import Organisation
from cadre.people.choices import AssignmentKind
from cadre.people.models import Employee

CAMPAIGN_AUDITED = (
    "organisation",
    "title",
    "test",
    "self_assessment",
    "manager_assessment",
    "feedback",
    "peers",
    "closes_on",
)


def _check(actor: Any, campaign_org: Organisation, action: str) -> None:
    require_reach(
        actor,
        Campaign,
        action,
        campaign_org,
        message=_("You may not run campaigns for “%(org)s”."),
    )


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    organisation: Organisation,
    title: str,
    closes_on: dt.date,
    test: Test | None = None,
    self_assessment: bool = True,
    manager_assessment: bool = True,
    feedback: bool = False,
    peers: int = 4,
    source: str = AuditSource.WEB,
    reason: str = "",
) -> Campaign:
    _check(actor, organisation, "add")
    if closes_on < timezone.localdate():
        raise ApplicationError(_("The due date is in the past."), field="closes_on")
    if test is not None:
        require_may(actor, test, "view", _("Unknown test."), field="test", code="invalid")
    if test is None and not (self_assessment or manager_assessment or feedback):
        raise ApplicationError(
            _("Choose at least one instrument: a test, self, manager or 360° assessment."),
            field="test",
        )
    if not 0 <= peers <= 20:
        raise ApplicationError(_("Ask from 0 to 20 peers."), field="peers")
    campaign = Campaign(
        organisation=organisation,
        title=title.strip(),
        closes_on=closes_on,
        test=test,
        self_assessment=self_assessment,
        manager_assessment=manager_assessment,
        feedback=feedback,
        peers=peers,
    )
    return create_audited(
        actor=actor, obj=campaign, audited=CAMPAIGN_AUDITED, source=source, reason=reason
    )


def _people(organisation: Organisation) -> list[Employee]:
    """People in service in the subtree whose main post has a standard in force."""
    return list(
        Employee.objects.filter(
            subtree_q("organisation__path", organisation.path),
            is_active=True,
            assignments__kind=AssignmentKind.MAIN,
            assignments__end_date__isnull=True,
            assignments__post__standard_link__profile__versions__status=StandardStatus.IN_FORCE,
        )
        .select_related("organisation")
        .order_by("pk")
        .distinct()
    )


def _respondents(campaign: Campaign, people: list[Employee]) -> list[FeedbackRequest]:
    """Managers over each person's unit, and up to ``peers`` colleagues of the same unit
    (those with an account), taken in turn; a colleague is asked about at most ``peers``
    people, so that nobody is asked about everyone."""
    managers: dict[str, list[int]] = defaultdict(list)
    for user_id, path in RoleAssignment.objects.filter(
        role=Role.MANAGER, organisation__isnull=False
    ).values_list("user_id", "organisation__path"):
        managers[path].append(user_id)
    by_unit: dict[int, list[Employee]] = defaultdict(list)
    for person in people:
        if person.user_id is not None:
            by_unit[person.organisation_id].append(person)
    requests: list[FeedbackRequest] = []
    load: dict[int, int] = defaultdict(int)  # peer requests per respondent
    for person in people:
        asked: set[int] = set()
        for path in [*ancestor_paths(person.organisation.path), person.organisation.path]:
            for user_id in managers.get(path, []):
                if user_id != person.user_id and user_id not in asked:
                    asked.add(user_id)
                    requests.append(
                        FeedbackRequest(
                            campaign=campaign,
                            employee=person,
                            respondent_id=user_id,
                            relation=Relation.MANAGER,
                        )
                    )
        colleagues = [p for p in by_unit[person.organisation_id] if p.pk != person.pk]
        if colleagues:
            start = person.pk % len(colleagues)
            taken = 0
            for peer in colleagues[start:] + colleagues[:start]:
                peer_user = peer.user_id
                if taken >= campaign.peers:
                    break
                # nobody is asked about more than ``peers`` colleagues either
                if peer_user is None or peer_user in asked or load[peer_user] >= campaign.peers:
                    continue
                asked.add(peer_user)
                load[peer_user] += 1
                taken += 1
                requests.append(
                    FeedbackRequest(
                        campaign=campaign,
                        employee=person,
                        respondent_id=peer_user,
                        relation=Relation.PEER,
                    )
                )
    return requests


@transaction.atomic
def campaign_launch(*, actor: Any, campaign: Campaign, source: str = AuditSource.WEB) -> Campaign:
    """Open the campaign: its participants are the people of the subtree whose post has a
    standard in force; 360° respondents are asked when the campaign has feedback."""
    campaign = (
        Campaign.objects.select_for_update().select_related("organisation").get(pk=campaign.pk)
    )
    _check(actor, campaign.organisation, "change")
    if campaign.status != CampaignStatus.DRAFT:
        raise ApplicationError(_("The campaign has already been launched."), field="status")
    people = _people(campaign.organisation)
    if not people:
        raise ApplicationError(
            _("Nobody in “%(org)s” holds a post with a standard in force.")
            % {"org": campaign.organisation},
            field="organisation",
        )
    Participant.objects.bulk_create(Participant(campaign=campaign, employee=p) for p in people)
    requests = _respondents(campaign, people) if campaign.feedback else []
    FeedbackRequest.objects.bulk_create(requests, batch_size=2000)
    campaign.status = CampaignStatus.OPEN
    campaign.launched_at = timezone.now()
    campaign.save(update_fields=["status", "launched_at"])
    audit_record(
        actor=actor,
        action="launch",
        obj=campaign,
        changes={"participants": [None, len(people)], "feedback_requests": [None, len(requests)]},
        source=source,
    )
    return campaign


@transaction.atomic
def campaign_close(*, actor: Any, campaign: Campaign, source: str = AuditSource.WEB) -> int:
    """Close the campaign; each person's 360° averages (rounded half up) become evidence
    where enough respondents answered. Returns how many people got feedback evidence."""
    campaign = (
        Campaign.objects.select_for_update().select_related("organisation").get(pk=campaign.pk)
    )
    _check(actor, campaign.organisation, "change")
    if campaign.status != CampaignStatus.OPEN:
        raise ApplicationError(_("Only an open campaign can be closed."), field="status")
    counted = 0
    if campaign.feedback:
        assessed = (
            Employee.objects.filter(
                pk__in=FeedbackRequest.objects.filter(
                    campaign=campaign, answered_at__isnull=False
                ).values("employee_id")
            )
            .select_related("organisation")
            .order_by("pk")
        )
        for person in assessed:
            _n, lines = feedback_summary(campaign, person)
            if lines:
                evidence_record(
                    actor=actor,
                    employee=person,
                    observations=[
                        Observation(line.competency, round_half_up(line.mean)) for line in lines
                    ],
                    instrument=Instrument.FEEDBACK,
                    source=f"campaign:{campaign.pk}",
                    origin=source,
                )
                counted += 1
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action="close",
        obj=campaign,
        changes={"feedback_evidence": [None, counted]},
        source=source,
    )
    return counted


def campaign_reminders(*, now: dt.datetime | None = None) -> int:
    """Mail each participant with something left to do, and each respondent with feedback
    to give, in open campaigns — at most once a day. Returns how many mails were sent."""
    now = now or timezone.now()
    since = now - dt.timedelta(hours=20)
    sent = 0
    pending = (
        Participant.objects.filter(campaign__status=CampaignStatus.OPEN)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=since))
        .filter(
            Q(campaign__test__isnull=False, test_done=False)
            | Q(campaign__self_assessment=True, self_done=False)
        )
        .select_related("campaign", "employee__user")
    )
    for participant in pending.iterator(chunk_size=500):
        user = participant.employee.user
        address = (user.email if user else "") or participant.employee.email
        if not address:
            continue
        send_mail(
            _("Assessment: %(title)s") % {"title": participant.campaign.title},
            _("Please complete your assessment “%(title)s” by %(date)s in Cadre.")
            % {"title": participant.campaign.title, "date": participant.campaign.closes_on},
            None,
            [address],
        )
        Participant.objects.filter(pk=participant.pk).update(reminded_at=now)
        sent += 1
    respondents = (
        User.objects.filter(
            feedback_requests__campaign__status=CampaignStatus.OPEN,
            feedback_requests__answered_at__isnull=True,
        )
        .exclude(email="")
        .distinct()
    )
    for user in respondents:
        send_mail(
            _("Feedback on colleagues is waiting for you"),
            _("Colleagues asked for your feedback in Cadre; your answers stay anonymous."),
            None,
            [user.email],
        )
        sent += 1
    return sent
