"""What the assessments app adds to Cadre: tests, appraisals, campaigns and gaps pages, their
API, their menu entries and the nightly gap batch and reminders (core/registry.py)."""

from __future__ import annotations

from celery.schedules import crontab
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.assessments import home, panels
from cadre.assessments.gaps_closed import gaps_closed, gaps_closed_many
from cadre.core.choices import Role
from cadre.core.measures import measure
from cadre.core.permissions import ALL, VIEW, DataClass, grant, grant_classes, grant_own, may
from cadre.core.registry import DELETE, AppParts, MenuEntry, PersonalRecords, contribute

VIEWS = "cadre.assessments.api.views"


def is_employee(user: object) -> bool:
    return hasattr(user, "employee")


MENU_GROUP = _("Competencies")

# What this app holds about a person: the data export and erasure (decision 0034).
PERSONAL_DATA = (
    PersonalRecords("assessments.evidence", erase=DELETE),
    PersonalRecords("assessments.proficiency", erase=DELETE),
    PersonalRecords("assessments.attempt", erase=DELETE),
    PersonalRecords(
        "assessments.appraisal", kept_because=_("Appraisals are the basis of pay decisions.")
    ),
    # A 360° assessment: the campaigns the person took part in, and the feedback asked
    # about them (without who gave it: the respondents are others' data).
    PersonalRecords("assessments.participant", erase=DELETE),
    PersonalRecords(
        "assessments.feedbackrequest",
        erase=DELETE,
        fields=("campaign", "relation", "answered_at", "levels"),
    ),
)

contribute(
    AppParts(
        app="assessments",
        urls=(("assessments/", "cadre.assessments.urls"),),
        api_routes=(
            ("proficiencies", f"{VIEWS}.ProficiencyViewSet", "proficiency"),
            ("evidence", f"{VIEWS}.EvidenceViewSet", "evidence"),
            ("tests", f"{VIEWS}.TestViewSet", "test"),
            ("attempts", f"{VIEWS}.AttemptViewSet", "attempt"),
            ("gap-cells", f"{VIEWS}.GapCellViewSet", "gapcell"),
            ("campaigns", f"{VIEWS}.CampaignViewSet", "campaign"),
        ),
        api_paths=(
            ("appraisals/", f"{VIEWS}.AppraisalView", "appraisals"),
            (
                "feedback-requests/<int:pk>/answer/",
                f"{VIEWS}.FeedbackAnswerView",
                "feedback-answer",
            ),
            ("people/<int:pk>/gaps/", f"{VIEWS}.PersonGapsView", "person-gaps"),
            ("question-imports/", f"{VIEWS}.QuestionsImportView", "question-imports"),
        ),
        menu=(
            MenuEntry(
                _("My competencies"),
                "assessments:mine",
                21,
                is_employee,
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Gaps"),
                "assessments:heatmap",
                23,
                may("assessments.gapcell"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Tests"),
                "assessments:test_list",
                24,
                may("assessments.test"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Campaigns"),
                "assessments:campaign_list",
                27,
                may("assessments.campaign"),
                group=MENU_GROUP,
            ),
        ),
        home=(home.campaign_tasks, home.feedback_requests, home.manager_assessments),
        panels=(
            ("people.employee", panels.person_gaps_panel),
            ("people.employee", panels.person_tests),
        ),
        periodic={
            # Decision 0011: the matrix behind the heat map, recomputed nightly.
            "recompute-competency-gaps-nightly": {
                "task": "cadre.assessments.jobs.gaps_recompute_scheduled",
                "schedule": crontab(hour=settings.CADRE_GAPS_RECOMPUTE_HOUR, minute=15),
            },
            "remind-campaign-participants": {
                "task": "cadre.assessments.jobs.campaign_reminders_scheduled",
                "schedule": crontab(hour=settings.CADRE_CAMPAIGN_REMIND_HOUR, minute=0),
            },
        },
        personal_data=PERSONAL_DATA,
    )
)


# What each role may do with this app's models (core/permissions.py).
grant(
    Role.HR_OFFICER,
    {
        "assessments.questionbank": ALL,
        "assessments.test": ALL,
        "assessments.attempt": VIEW,
        "assessments.evidence": VIEW,
        "assessments.proficiency": VIEW,
        "assessments.appraisal": VIEW,
        "assessments.gapcell": VIEW,
        "assessments.campaign": ALL,
        "assessments.participant": VIEW,
    },
)
grant(
    Role.MANAGER,
    {
        "assessments.test": VIEW,
        "assessments.attempt": VIEW,
        "assessments.evidence": VIEW,
        "assessments.proficiency": VIEW,
        "assessments.appraisal": frozenset({"add", "view"}),
        "assessments.gapcell": VIEW,
        "assessments.campaign": VIEW,
        "assessments.participant": VIEW,
    },
)
grant(
    Role.EMPLOYEE,
    {
        "assessments.test": VIEW,
    },
)
grant_own(
    {
        "assessments.attempt": VIEW,
        "assessments.evidence": VIEW,
        "assessments.proficiency": VIEW,
        "assessments.appraisal": VIEW,
    }
)
# A person's test answers: who keeps or audits the record, and their managers (0016).
for _role in (Role.NATIONAL_ADMIN, Role.AUDITOR, Role.HR_OFFICER, Role.MANAGER):
    grant_classes(_role, {DataClass.ASSESSMENT_ANSWERS})

# A KPI's actual computed from the evidence against the standards (core/measures.py).
measure(
    "assessments.gaps_closed",
    _("Share of standard gaps closed"),
    "percent",
    gaps_closed,
    many=gaps_closed_many,
)
