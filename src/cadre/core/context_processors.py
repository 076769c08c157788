from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.accounts.roles import can


def cadre(request: HttpRequest) -> dict[str, Any]:
    """The navigation the user may use, and the profile Cadre runs in."""
    user = getattr(request, "user", None)
    nav: list[tuple[Any, str]] = []
    if user is not None and user.is_authenticated:
        nav.append((_("Home"), reverse("core:home")))
        if can(user, "orgs.organisation", "view"):
            nav.append((_("Dashboard"), reverse("people:dashboard")))
            nav.append((_("Organisations"), reverse("orgs:organisation_list")))
        if can(user, "orgs.post", "view"):
            nav.append((_("Posts"), reverse("orgs:post_list")))
        if can(user, "people.employee", "view"):
            nav.append((_("People"), reverse("people:employee_list")))
        if can(user, "competencies.framework", "view"):
            nav.append((_("Competencies"), reverse("competencies:framework_list")))
        if hasattr(user, "employee"):
            nav.append((_("My competencies"), reverse("assessments:mine")))
            nav.append((_("My learning"), reverse("learning:mine")))
        if can(user, "assessments.gapcell", "view"):
            nav.append((_("Gaps"), reverse("assessments:heatmap")))
        if can(user, "assessments.test", "view"):
            nav.append((_("Tests"), reverse("assessments:test_list")))
        if can(user, "learning.course", "view"):
            nav.append((_("Learning"), reverse("learning:course_list")))
        if can(user, "learning.trainingtarget", "view"):
            nav.append((_("Targets"), reverse("learning:trainingtarget_list")))
        if can(user, "assessments.campaign", "view"):
            nav.append((_("Campaigns"), reverse("assessments:campaign_list")))
        if can(user, "ratings.rating", "view"):
            nav.append((_("Ratings"), reverse("ratings:dashboard")))
        if can(user, "ratings.servicepoint", "view"):
            nav.append((_("Service points"), reverse("ratings:servicepoint_list")))
            nav.append((_("Service types"), reverse("ratings:servicetype_list")))
        if can(user, "orgs.organisation", "add") or can(user, "people.employee", "add"):
            nav.append((_("Import"), reverse("core:import")))
        if can(user, "accounts.user", "view") and (can(user, "accounts.roleassignment", "view")):
            nav.append((_("Users"), reverse("accounts:user_list")))
            nav.append((_("Roles"), reverse("accounts:roleassignment_list")))
        if can(user, "core.auditevent", "view"):
            nav.append((_("Audit log"), reverse("core:auditevent_list")))
        nav.append((_("Jobs"), reverse("core:job_list")))
        nav.append((_("API"), reverse("api-docs")))
    return {"cadre_nav": nav, "cadre_profile": settings.PROFILE}
