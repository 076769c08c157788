"""What pay shows on a person's file (``core.registry.Panel``): the base salary in force,
only to a role granted the ``pay`` data class for the person's organisation (decision
0016); a manager without it sees no panel at all."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadre.core.permissions import DataClass, sees_class
from cadre.core.registry import Panel
from cadre.pay.access import may_open
from cadre.pay.models import Salary
from cadre.pay.money import money


def person_pay(user: Any, person: Any) -> Panel | None:
    if not (
        may_open(user, "pay.salary") and sees_class(user, DataClass.PAY, person.organisation.path)
    ):
        return None
    salary = (
        Salary.objects.restrict(user, "view")
        .filter(employee=person, valid_from__lte=timezone.localdate())
        .order_by("-valid_from")
        .first()
    )
    if salary is None:
        return Panel(_("Pay"), empty=_("No salary recorded."), order=60)
    return Panel(
        _("Pay"),
        figures=(
            (_("monthly salary"), money(salary.amount, salary.currency)),
            (_("since"), date_format(salary.valid_from, "SHORT_DATE_FORMAT")),
        ),
        items=(),
        more=(_("Salary record"), salary.get_absolute_url()),
        order=60,
    )
