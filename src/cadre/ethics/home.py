"""What ethics control puts on home pages (decision 0028): the employee's declarations due
for confirmation and the explanations they owe; the ethics officer's declarations to review
and cases explained, awaiting the commission — counted in the scope of the pages they link to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.permissions import DataClass, sees_class
from cadre.core.registry import TASK, HomeItem
from cadre.ethics.choices import CaseState, ReviewState
from cadre.ethics.models import Case, Declaration
from cadre.ethics.selectors import confirmation_due


def for_employee(user: Any) -> Iterator[HomeItem]:
    """The user's own declarations due for confirmation and the explanations they owe."""
    if not getattr(user, "is_authenticated", False):
        return
    today = timezone.localdate()
    due = Declaration.objects.filter(confirmation_due(today), employee__user=user).count()
    if due:
        yield HomeItem(
            TASK,
            _("Confirm your declarations of interest"),
            reverse("ethics:declaration_list"),
            count=due,
        )
    owed = Case.objects.filter(employee__user=user, state=CaseState.OPEN).aggregate(
        n=Count("pk"), first=Min("explanation_due")
    )
    if owed["n"]:
        yield HomeItem(
            TASK,
            _("Write your explanation in a disciplinary case"),
            reverse("ethics:case_list") + "?state=open",
            count=owed["n"],
            due=owed["first"],
        )


def for_officer(user: Any) -> Iterator[HomeItem]:
    """Declarations to review and explained cases, in the officer's scope."""
    if not sees_class(user, DataClass.ETHICS):
        return
    n = (
        Declaration.objects.restrict(user, "change")
        .filter(review_state=ReviewState.SUBMITTED)
        .exclude(employee__user=user)
        .count()
    )
    if n:
        yield HomeItem(
            TASK,
            _("Review declarations of interest"),
            reverse("ethics:declaration_list") + "?review_state=submitted",
            count=n,
        )
    m = Case.objects.restrict(user, "change").filter(state=CaseState.EXPLAINED).count()
    if m:
        yield HomeItem(
            TASK,
            _("Disciplinary cases explained, awaiting the commission"),
            reverse("ethics:case_list") + "?state=explained",
            count=m,
        )
