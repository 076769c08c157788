"""The API's URL table: every app's viewsets on one router under /api/v1/."""

from __future__ import annotations

from typing import Any

from django.urls import path
from rest_framework.routers import DefaultRouter


def api_root_patterns() -> list[Any]:
    from cadre.accounts.api.views import ApiTokenViewSet, MeView, RoleAssignmentViewSet, UserViewSet
    from cadre.assessments.api.views import (
        AppraisalView,
        AttemptViewSet,
        CampaignViewSet,
        EvidenceViewSet,
        FeedbackAnswerView,
        GapCellViewSet,
        PersonGapsView,
        ProficiencyViewSet,
        QuestionsImportView,
        TestViewSet,
    )
    from cadre.competencies.api.views import (
        CrosswalkViewSet,
        FrameworkImportView,
        FrameworkVersionViewSet,
        FrameworkViewSet,
        PositionProfileViewSet,
        ProfileVersionViewSet,
    )
    from cadre.core.api.views import AuditEventViewSet, ImportView, JobViewSet
    from cadre.learning.api.views import (
        CertificateCheckView,
        CertificateViewSet,
        CourseViewSet,
        EnrolmentViewSet,
        LearningPlanViewSet,
        SessionViewSet,
        TrainingTargetViewSet,
    )
    from cadre.orgs.api.views import OrganisationViewSet, PostViewSet
    from cadre.people.api.views import (
        AssignmentViewSet,
        CertificationViewSet,
        EducationViewSet,
        EmployeeViewSet,
        IndicatorsView,
    )
    from cadre.ratings.api.views import (
        EmployeeScoreViewSet,
        RatingSubmitView,
        RatingTokenView,
        ServicePointViewSet,
        ServiceTypeViewSet,
    )

    router = DefaultRouter()
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("posts", PostViewSet, basename="post")
    router.register("employees", EmployeeViewSet, basename="employee")
    router.register("assignments", AssignmentViewSet, basename="assignment")
    router.register("education", EducationViewSet, basename="education")
    router.register("certifications", CertificationViewSet, basename="certification")
    router.register("service-types", ServiceTypeViewSet, basename="servicetype")
    router.register("service-points", ServicePointViewSet, basename="servicepoint")
    router.register("employee-scores", EmployeeScoreViewSet, basename="employeescore")
    router.register("frameworks", FrameworkViewSet, basename="framework")
    router.register("framework-versions", FrameworkVersionViewSet, basename="frameworkversion")
    router.register("crosswalks", CrosswalkViewSet, basename="crosswalk")
    router.register("position-standards", PositionProfileViewSet, basename="positionprofile")
    router.register("standard-versions", ProfileVersionViewSet, basename="profileversion")
    router.register("proficiencies", ProficiencyViewSet, basename="proficiency")
    router.register("evidence", EvidenceViewSet, basename="evidence")
    router.register("tests", TestViewSet, basename="test")
    router.register("attempts", AttemptViewSet, basename="attempt")
    router.register("gap-cells", GapCellViewSet, basename="gapcell")
    router.register("campaigns", CampaignViewSet, basename="campaign")
    router.register("courses", CourseViewSet, basename="course")
    router.register("sessions", SessionViewSet, basename="session")
    router.register("enrolments", EnrolmentViewSet, basename="enrolment")
    router.register("certificates", CertificateViewSet, basename="certificate")
    router.register("learning-plans", LearningPlanViewSet, basename="learningplan")
    router.register("training-targets", TrainingTargetViewSet, basename="trainingtarget")
    router.register("users", UserViewSet, basename="user")
    router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
    router.register("tokens", ApiTokenViewSet, basename="apitoken")
    router.register("audit-events", AuditEventViewSet, basename="auditevent")
    router.register("jobs", JobViewSet, basename="job")
    return [
        path("me/", MeView.as_view(), name="me"),
        path("indicators/", IndicatorsView.as_view(), name="indicators"),
        path("imports/", ImportView.as_view(), name="imports"),
        path("appraisals/", AppraisalView.as_view(), name="appraisals"),
        path(
            "certificate-checks/<str:identifier>/",
            CertificateCheckView.as_view(),
            name="certificate-check",
        ),
        path(
            "feedback-requests/<int:pk>/answer/",
            FeedbackAnswerView.as_view(),
            name="feedback-answer",
        ),
        path("people/<int:pk>/gaps/", PersonGapsView.as_view(), name="person-gaps"),
        path("question-imports/", QuestionsImportView.as_view(), name="question-imports"),
        path("framework-imports/", FrameworkImportView.as_view(), name="framework-imports"),
        path("rating-tokens/", RatingTokenView.as_view(), name="rating-tokens"),
        path("ratings/", RatingSubmitView.as_view(), name="ratings"),
        *router.urls,
    ]
