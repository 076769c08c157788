"""What the ratings app adds to Cadre: the rating pages (public and internal), their API,
their menu entries and the periodic score computations (core/registry.py)."""

from __future__ import annotations

from celery.schedules import crontab
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.core.choices import Role
from cadre.core.labels import audit_actions
from cadre.core.measures import measure
from cadre.core.permissions import ALL, VIEW, DataClass, can, grant, grant_classes, may
from cadre.core.registry import AppParts, MenuEntry, PersonalRecords, contribute
from cadre.ratings import home, panels, selectors


def _keeps_points(user: object) -> bool:
    return can(user, "ratings.servicepoint", "view")


def _is_employee(user: object) -> bool:
    return getattr(user, "is_authenticated", False) and hasattr(user, "employee")


MENU_GROUP = _("Ratings")

# What this app holds about a person: the data export and erasure (decision 0034).
PERSONAL_DATA = (
    PersonalRecords(
        "ratings.interaction",
        "employees",
        fields=("id", "organisation", "service_type", "occurred_at"),
        kept_because=_("Citizens' ratings belong to the body's record of its service."),
    ),
    PersonalRecords(
        "ratings.employeescore",
        kept_because=_("Citizens' ratings belong to the body's record of its service."),
    ),
)

contribute(
    AppParts(
        app="ratings",
        urls=(("ratings/", "cadre.ratings.urls"), ("r/", "cadre.ratings.public_urls")),
        api_routes=(
            ("service-types", "cadre.ratings.api.views.ServiceTypeViewSet", "servicetype"),
            ("service-points", "cadre.ratings.api.views.ServicePointViewSet", "servicepoint"),
            ("employee-scores", "cadre.ratings.api.views.EmployeeScoreViewSet", "employeescore"),
        ),
        api_paths=(
            ("rating-tokens/", "cadre.ratings.api.views.RatingTokenView", "rating-tokens"),
            ("ratings/", "cadre.ratings.api.views.RatingSubmitView", "ratings"),
            ("my-rating/", "cadre.ratings.api.views.MyRatingView", "my-rating"),
        ),
        menu=(
            MenuEntry(
                _("Ratings"),
                "ratings:dashboard",
                30,
                may("ratings.rating"),
                group=MENU_GROUP,
            ),
            MenuEntry(_("My rating today"), "ratings:mine", 29, _is_employee, group=MENU_GROUP),
            MenuEntry(
                _("Service points"),
                "ratings:servicepoint_list",
                31,
                _keeps_points,
                group=MENU_GROUP,
            ),
            MenuEntry(
                _("Service types"), "ratings:servicetype_list", 32, _keeps_points, group=MENU_GROUP
            ),
        ),
        home=(home.to_handle, home.my_score),
        panels=(("people.employee", panels.person_rating),),
        periodic={
            # Decision 0010: new ratings folded in often, everything re-estimated nightly.
            "fold-rating-scores": {
                "task": "cadre.ratings.jobs.scores_fold_scheduled",
                "schedule": settings.CADRE_RATING_FOLD_MINUTES * 60,
            },
            "recompute-rating-scores-nightly": {
                "task": "cadre.ratings.jobs.scores_recompute_scheduled",
                "schedule": crontab(hour=settings.CADRE_RATING_RECOMPUTE_HOUR, minute=30),
            },
            # Decision 0041: the rating table's monthly partitions made months ahead
            # (PostgreSQL; nothing to do on SQLite).
            "ensure-rating-partitions": {
                "task": "cadre.ratings.jobs.partitions_ensure_scheduled",
                "schedule": crontab(hour=settings.CADRE_RATING_RECOMPUTE_HOUR, minute=5),
            },
        },
        personal_data=PERSONAL_DATA,
    )
)


# What each role may do with this app's models (core/permissions.py).
grant(
    Role.HR_OFFICER,
    {
        "ratings.servicepoint": ALL,
        "ratings.rating": frozenset({"change", "view"}),
        "ratings.servicetype": VIEW,
    },
)
grant(
    Role.MANAGER,
    {
        "ratings.servicepoint": VIEW,
        "ratings.rating": VIEW,
        "ratings.servicetype": VIEW,
    },
)
grant(
    Role.EMPLOYEE,
    {
        "ratings.servicetype": VIEW,
    },
)
grant(
    Role.TRAINING_PROVIDER,
    {
        "ratings.servicetype": VIEW,
    },
)
grant(
    Role.SERVICE_DESK,
    {
        "ratings.servicepoint": VIEW,
        "ratings.servicetype": VIEW,
        "ratings.interaction": frozenset({"add", "view"}),
    },
)
# Raw ratings (a citizen's words about named officials): the roles that moderate, answer or
# audit them (decision 0016).
for _role in (Role.NATIONAL_ADMIN, Role.AUDITOR, Role.HR_OFFICER, Role.MANAGER):
    grant_classes(_role, {DataClass.RATING_IDENTITY})

# A KPI's actual computed from the citizens' ratings (core/measures.py).
measure(
    "ratings.fair_ratio",
    _("Fair ratio of the citizen rating"),
    "ratio",
    selectors.fair_ratio,
    many=selectors.fair_ratio_many,
)

# What the audit log calls this app's own actions (core/labels.py).
audit_actions(
    {
        "comment.publish": _("comment published"),
        "comment.edit": _("comment published with edits"),
        "comment.remove": _("comment removed"),
        "comment.answer": _("comment answered"),
        "rating.count": _("held rating counted"),
        "rating.reject": _("held rating not counted"),
    }
)
