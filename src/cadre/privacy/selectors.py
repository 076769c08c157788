"""Reads of the privacy app, limited to what the caller may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cadre.people.models import Employee
from cadre.privacy.models import Breach, DataExport, ErasureRequest, LegalHold, RetentionPolicy


def policies(user: Any) -> QuerySet[RetentionPolicy]:
    return RetentionPolicy.objects.restrict(user, "view")


def holds(user: Any) -> QuerySet[LegalHold]:
    return LegalHold.objects.restrict(user, "view").select_related("employee", "created_by")


def erasure_requests(user: Any) -> QuerySet[ErasureRequest]:
    return ErasureRequest.objects.restrict(user, "view").select_related(
        "employee", "created_by", "reviewed_by"
    )


def exports(user: Any) -> QuerySet[DataExport]:
    return DataExport.objects.restrict(user, "view").select_related(
        "employee", "requested_by", "job"
    )


def breaches(user: Any) -> QuerySet[Breach]:
    return Breach.objects.restrict(user, "view")


def employee_of(user: Any) -> Employee | None:
    """The person whose record is ``user``'s own."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Employee.objects.filter(user=user).select_related("organisation").first()


def national(user: Any, label: str, action: str = "view") -> bool:
    """Whether ``user`` holds ``action`` on ``label`` over the whole country: the retention
    policies and the breach register are national (a body's auditor does not see them)."""
    from cadre.core.permissions import reach_of_user

    return reach_of_user(user, label, action).everything


def employees_kept(user: Any) -> QuerySet[Employee]:
    """The people whose record ``user`` keeps (may change): the export's picker."""
    if user is None:
        return Employee.objects.none()
    return Employee.objects.restrict(user, "change")
