"""The Kazakhstan scenario's talent reserve (issue 20): three specialists of the Ministry of
Digital Development (KZ-M01) in its reserve for the post group C-4 from an assessment, a
specialist of the Almaty region akimat in the national reserve after a competition
(willing to relocate), and the external candidate Olga Vorontsova with the levels her
contest measured; two vacancies opened on the ministry's digitalisation specialist post
(two of its 17 positions vacant), matched at once — the proposals wait for the HR officer.
(The contest that feeds the reserve is the contests app's part of the demo.)"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cadre.accounts.models import User
from cadre.assessments.models import Proficiency
from cadre.core.choices import AuditSource
from cadre.orgs.models import Organisation, Post
from cadre.people.models import Employee
from cadre.talent import services
from cadre.talent.models import Vacancy

CLI = AuditSource.CLI
POST = "KZ-M01-IT-P"
CANDIDATE_LEVELS = {"SA.1": 3, "DM.1": 3, "AR.1": 2, "IS.1": 2, "SD.1": 2}


def load_talent(admin: Any) -> bool:
    """Create the demo's reserve and vacancies once; returns whether anything was created."""
    post = Post.objects.filter(code=POST).select_related("organisation").first()
    hr = User.objects.filter(username="hr").first()
    candidate = User.objects.filter(username="candidate").first()
    ministry = Organisation.objects.filter(code="KZ-M01").first()
    akimat = Organisation.objects.filter(code="KZ-R04-AK").select_related("parent").first()
    if None in (post, hr, candidate, ministry, akimat):
        return False
    assert post is not None and ministry is not None and akimat is not None
    if Vacancy.objects.filter(post=post).exists():
        return False
    assessed = (
        Employee.objects.filter(
            organisation__path__startswith=ministry.path,
            pk__in=Proficiency.objects.values("employee_id"),
        )
        .exclude(user__isnull=False)
        .order_by("pk")[:3]
    )
    with transaction.atomic():
        for person in assessed:
            services.reserve_entry_create(
                actor=admin,
                employee=person,
                organisation=ministry,
                post_group=post.category,
                source="assessment",
                source_ref="campaign:digital-2026",
                audit_source=CLI,
            )
        regional = (
            Employee.objects.filter(organisation__path__startswith=akimat.path)
            .exclude(user__isnull=False)
            .order_by("pk")
            .first()
        )
        if regional is not None:
            services.reserve_entry_create(
                actor=admin,
                employee=regional,
                post_group=post.category,
                source="competition",
                source_ref="competition:akimat-2026",
                region=akimat.parent,
                relocation=True,
                audit_source=CLI,
            )
        services.reserve_entry_create(
            actor=admin,
            candidate=candidate,
            post_group=post.category,
            source="contest",
            source_ref="contest:strategy-of-success",
            levels=CANDIDATE_LEVELS,
            relocation=True,
            audit_source=CLI,
        )
        for _ in range(2):
            services.vacancy_open(actor=hr, post=post, source=CLI)
    services.matches_propose(actor=admin, within=ministry)
    return True
