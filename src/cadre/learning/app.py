"""What the learning app adds to Cadre: the catalogue, sessions, plans and targets pages, the
public certificate check, their API, their menu entries and the certificate expiry alerts
(core/registry.py)."""

from __future__ import annotations

from celery.schedules import crontab
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.measures import measure
from cadre.core.permissions import ALL, VIEW, grant, grant_own, may
from cadre.core.registry import DELETE, AppParts, MenuEntry, PersonalRecords, contribute
from cadre.learning import home, panels, selectors

VIEWS = "cadre.learning.api.views"


def is_employee(user: object) -> bool:
    return hasattr(user, "employee")


MENU_GROUP = _("Learning")

# What this app holds about a person: the data export and erasure (decision 0034).
PERSONAL_DATA = (
    PersonalRecords("learning.certificate", erase=DELETE),
    PersonalRecords("learning.enrolment", erase=DELETE),
    PersonalRecords("learning.learningplan", erase=DELETE),
)

contribute(
    AppParts(
        app="learning",
        urls=(("learning/", "cadre.learning.urls"), ("v/", "cadre.learning.public_urls")),
        api_routes=(
            ("courses", f"{VIEWS}.CourseViewSet", "course"),
            ("sessions", f"{VIEWS}.SessionViewSet", "session"),
            ("enrolments", f"{VIEWS}.EnrolmentViewSet", "enrolment"),
            ("certificates", f"{VIEWS}.CertificateViewSet", "certificate"),
            ("learning-plans", f"{VIEWS}.LearningPlanViewSet", "learningplan"),
            ("training-targets", f"{VIEWS}.TrainingTargetViewSet", "trainingtarget"),
        ),
        api_paths=(
            (
                "certificate-checks/<str:identifier>/",
                f"{VIEWS}.CertificateCheckView",
                "certificate-check",
            ),
        ),
        menu=(
            MenuEntry(_("My learning"), "learning:mine", 22, is_employee, group=MENU_GROUP),
            MenuEntry(
                _("Learning"),
                "learning:course_list",
                25,
                may("learning.course"),
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Targets"),
                "learning:trainingtarget_list",
                26,
                may("learning.trainingtarget"),
                group=MENU_GROUP,
            ),
        ),
        home=(home.to_approve, home.my_learning),
        panels=(("people.employee", panels.person_learning),),
        periodic={
            "alert-expiring-certificates": {
                "task": "cadre.learning.jobs.certificate_expiry_alerts_scheduled",
                "schedule": crontab(hour=settings.CADRE_CAMPAIGN_REMIND_HOUR, minute=20),
            },
        },
        personal_data=PERSONAL_DATA,
    )
)


# What each role may do with this app's models (core/permissions.py).
grant(
    Role.HR_OFFICER,
    {
        "learning.course": VIEW,
        "learning.session": VIEW,
        "learning.enrolment": ALL,
        "learning.certificate": VIEW,
        "learning.learningplan": ALL,
        "learning.trainingtarget": ALL,
    },
)
grant(
    Role.MANAGER,
    {
        "learning.course": VIEW,
        "learning.session": VIEW,
        "learning.enrolment": frozenset({"add", "change", "view"}),
        "learning.certificate": VIEW,
        "learning.learningplan": frozenset({"add", "change", "view"}),
        "learning.trainingtarget": VIEW,
    },
)
grant(
    Role.EMPLOYEE,
    {
        "learning.course": VIEW,
        "learning.session": VIEW,
    },
)
grant(
    Role.TRAINING_PROVIDER,
    {
        "learning.course": ALL,
        "learning.session": ALL,
        "learning.certificate": frozenset({"change", "view"}),
    },
)
grant_own(
    {
        "learning.enrolment": VIEW,
        "learning.certificate": VIEW,
        "learning.learningplan": VIEW,
    }
)

# A KPI's actual computed from the catalogue's records (core/measures.py).
measure(
    "learning.certificates_earned",
    _("Certificates earned"),
    "count",
    selectors.certificates_earned,
    many=selectors.certificates_earned_many,
)
