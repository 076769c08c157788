"""The one ethics question every place asks (decision 0035).

``conflicts(a, b)``: why person ``a`` may not judge person ``b`` — same body, line manager,
or a relation either declared — each as a reason fit to show the organiser (the kind of the
relation, never its details). ``declared_bulk`` answers it for many pairs in one query; the
juries, commissions, appeal panels and the rating channel call it. ``active_sanction`` and
``blocked`` are what eligibility rules read: the sanction in force on a date, and the line
that explains why a person is not eligible (the rule and the case cited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.permissions import manages
from cadre.ethics import figures
from cadre.ethics.choices import AppealOutcome, Outcome, RelationKind, SanctionKind
from cadre.ethics.figures import Summary
from cadre.ethics.models import Case, Declaration
from cadre.ethics.rules import rule_for
from cadre.orgs.selectors import countries_of
from cadre.people.models import Employee

SAME_BODY = "same_body"
MANAGER = "manager"
DECLARED = "declared"


@dataclass(frozen=True)
class Conflict:
    kind: str  # SAME_BODY, MANAGER or DECLARED
    relation: str  # for DECLARED: the relation kind (kin, business…); else ""
    reason: str  # what the organiser is shown


def declared_reason(relation: str) -> str:
    return _("declared interest: %(relation)s") % {
        "relation": str(RelationKind(relation).label).lower()
    }


def _active(on: dt.date) -> Q:
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def declared_bulk(
    pairs: Iterable[tuple[int, int]], *, on: dt.date | None = None
) -> dict[tuple[int, int], str]:
    """For pairs of employee ids ``(a, b)``: the relation kind either of them declared with
    the other and that holds on ``on`` (today), for the pairs that have one — one query."""
    pairs = {(a, b) for a, b in pairs if a and b and a != b}
    if not pairs:
        return {}
    on = on or timezone.localdate()
    ids = {i for pair in pairs for i in pair}
    rows = Declaration.objects.filter(
        _active(on), employee_id__in=ids, related_employee_id__in=ids
    ).values_list("employee_id", "related_employee_id", "kind")
    out: dict[tuple[int, int], str] = {}
    for a, b, kind in rows.order_by("pk"):
        for pair in ((a, b), (b, a)):
            if pair in pairs:
                out.setdefault(pair, kind)
    return out


def employees_of_users(user_ids: Iterable[int]) -> dict[int, Employee]:
    """user id → their active employee record (the people Cadre knows as staff)."""
    return {
        e.user_id: e
        for e in Employee.objects.filter(user_id__in=set(user_ids), is_active=True).select_related(
            "organisation"
        )
    }


def conflicts(a: Any, b: Employee, *, on: dt.date | None = None) -> list[Conflict]:
    """Why ``a`` (a user or an employee) may not judge ``b``: every reason found, the
    records first (same body, line manager), then a declared relation."""
    judge: Employee | None
    if isinstance(a, Employee):
        judge, user = a, a.user
    else:
        user = a
        judge = employees_of_users([a.pk]).get(a.pk)
    found: list[Conflict] = []
    if judge is not None and judge.organisation_id == b.organisation_id:
        found.append(Conflict(SAME_BODY, "", _("works in the same body")))
    if user is not None and manages(user, b.organisation.path):
        found.append(Conflict(MANAGER, "", _("is the line manager")))
    if judge is not None:
        kind = declared_bulk([(judge.pk, b.pk)], on=on).get((judge.pk, b.pk))
        if kind:
            found.append(Conflict(DECLARED, kind, declared_reason(kind)))
    return found


# --- sanctions --------------------------------------------------------------------------


def in_force(on: dt.date) -> Q:
    """The cases whose sanction is in force on ``on``: upheld, with a term that covers it,
    not annulled on appeal."""
    return (
        Q(outcome=Outcome.UPHELD, sanction_from__lte=on, sanction_until__gte=on)
        & ~Q(sanction=SanctionKind.DISMISSAL)
        & ~Q(appeal_outcome=AppealOutcome.ANNULLED)
    )


def active_sanctions(employee_ids: Iterable[int], *, on: dt.date | None = None) -> dict[int, Case]:
    """employee id → the case of their sanction in force on ``on`` that ends last."""
    on = on or timezone.localdate()
    out: dict[int, Case] = {}
    ids = list(set(employee_ids))
    for first in range(0, len(ids), 5000):
        rows = Case.objects.filter(in_force(on), employee_id__in=ids[first : first + 5000])
        for case in rows.order_by("sanction_until", "pk"):
            out[case.employee_id] = case
    return out


def active_sanction(person: Employee, *, on: dt.date | None = None) -> Case | None:
    """The person's sanction in force on ``on`` (today), if any."""
    return active_sanctions([person.pk], on=on).get(person.pk)


def effect_line(case: Case, country: str) -> str:
    """What others are shown of a sanction: its end, the case and the rule — nothing of the
    grounds."""
    rule = rule_for(country)
    return _("not eligible: active sanction until %(until)s (case %(case)s; %(rule)s)") % {
        "until": case.sanction_until.isoformat() if case.sanction_until else "",
        "case": case.pk,
        "rule": rule.source or _("sanction in force"),
    }


def blocked(
    employees: Iterable[Employee], what: str, *, on: dt.date | None = None
) -> dict[int, str]:
    """Of ``employees``, those an active sanction keeps from ``what`` (``rules.BONUS``,
    ``RESERVE``, ``COMPETITION``) by the rule of their body's country: employee id → the
    line that says why."""
    employees = [e for e in employees if e is not None]
    cases = active_sanctions([e.pk for e in employees], on=on)
    if not cases:
        return {}
    hit = [e for e in employees if e.pk in cases]
    countries = countries_of([e.organisation for e in hit])
    out: dict[int, str] = {}
    for e in hit:
        country = countries.get(e.organisation_id, "")
        if what in rule_for(country).blocks:
            out[e.pk] = effect_line(cases[e.pk], country)
    return out


def bonus_ineligible(fund: Any, employee_ids: list[int]) -> dict[int, str]:
    """Pay's eligibility hook: of ``employee_ids``, those under a sanction in force on the
    last day of the fund's period, where the country's rule withholds the bonus."""
    from cadre.ethics.rules import BONUS

    on = fund.period.end
    out: dict[int, str] = {}
    for first in range(0, len(employee_ids), 5000):
        chunk = employee_ids[first : first + 5000]
        cases = active_sanctions(chunk, on=on)
        if cases:
            people = Employee.objects.filter(pk__in=list(cases)).select_related("organisation")
            out.update(blocked(people, BONUS, on=on))
    return out


# --- lists ------------------------------------------------------------------------------


def declarations_for(user: Any) -> QuerySet[Declaration]:
    return Declaration.objects.restrict(user).select_related(
        "employee", "related_employee", "reviewed_by"
    )


def cases_for(user: Any) -> QuerySet[Case]:
    return Case.objects.restrict(user).select_related("employee", "organisation")


def confirmation_due(on: dt.date, *, days_before: int = 0) -> Q:
    """Declarations still in force whose yearly confirmation falls due by ``on`` (+ days)."""
    limit = on - dt.timedelta(days=365 - days_before)
    return (Q(ends_on__isnull=True) | Q(ends_on__gte=on)) & Q(confirmed_on__lte=limit)


def all_employees() -> QuerySet[Employee]:
    """Every employee record (a ``ScopedRelatedField`` narrows it to the user's scope)."""
    return Employee.objects.all()


def active_users() -> QuerySet[Any]:
    """The active accounts: members of a commission, a complainant."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True)


def summary_under(user: Any, root_path: str, *, today: dt.date) -> Summary:
    """The ethics figures of a subtree the user may see: for the analytics dashboard."""
    return figures.summary_under(user, root_path, today=today)
