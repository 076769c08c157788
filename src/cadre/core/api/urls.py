"""The API's URL table: every app's viewsets on one router under /api/v1/."""

from __future__ import annotations

from typing import Any

from django.urls import path
from rest_framework.routers import DefaultRouter


def api_root_patterns() -> list[Any]:
    from cadre.accounts.api.views import ApiTokenViewSet, MeView, RoleAssignmentViewSet, UserViewSet
    from cadre.core.api.views import AuditEventViewSet, ImportView, JobViewSet
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
    router.register("users", UserViewSet, basename="user")
    router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
    router.register("tokens", ApiTokenViewSet, basename="apitoken")
    router.register("audit-events", AuditEventViewSet, basename="auditevent")
    router.register("jobs", JobViewSet, basename="job")
    return [
        path("me/", MeView.as_view(), name="me"),
        path("indicators/", IndicatorsView.as_view(), name="indicators"),
        path("imports/", ImportView.as_view(), name="imports"),
        path("rating-tokens/", RatingTokenView.as_view(), name="rating-tokens"),
        path("ratings/", RatingSubmitView.as_view(), name="ratings"),
        *router.urls,
    ]
