"""What pages, the API and pay read of appeals."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cadre.appeals.deciders import deciders
from cadre.appeals.models import OPEN_STATES, Appeal, PanelMember
from cadre.core.access import access


def appeals_for(user: Any) -> QuerySet[Appeal]:
    """The appeals the user may see: their own, those they sit on, those of their scope."""
    return Appeal.objects.restrict(user, "view").select_related(
        "line__employee", "line__run__fund", "line__organisation"
    )


def appeal_for(user: Any, pk: Any) -> Appeal:
    """One appeal the user may see, or the same 404 for a missing or unseen one."""
    return access(Appeal, user, pk)


def panel_of(appeal: Appeal) -> list[Any]:
    return [m.user for m in PanelMember.objects.filter(appeal=appeal).select_related("user")]


def sits_on(user: Any, appeal: Appeal) -> bool:
    return PanelMember.objects.filter(appeal=appeal, user_id=getattr(user, "pk", 0) or 0).exists()


def held_employees(run: Any) -> set[int]:
    """People whose line of ``run`` has an appeal under way: their amount is held."""
    return set(
        Appeal.objects.filter(line__run=run, state__in=OPEN_STATES).values_list(
            "line__employee_id", flat=True
        )
    )


def appeals_of_line(line: Any) -> list[Appeal]:
    return list(Appeal.objects.filter(line=line).order_by("-filed_at"))


def line_for(user: Any, pk: int) -> Any:
    """A pay line the user may see (their own, for filing), or None."""
    from cadre.pay.models import RunLine

    return RunLine.objects.restrict(user, "view").filter(pk=pk).first()


def correction_for(user: Any, appeal: Appeal) -> Any:
    """The correction run the appeal produced, if the user may open it (None otherwise:
    the appellant reads their new line on "My bonus", not the run)."""
    if appeal.correction_id is None:
        return None
    from cadre.pay.selectors import run_visible

    return run_visible(user, appeal.correction_id)


def users_by_ids(ids: list[int]) -> list[Any]:
    """Active accounts by id (a panel may be drawn from any body)."""
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def panel_candidates(appeal: Appeal) -> list[Any]:
    """Accounts HR may name to the panel: those whose roles decide appeals in the appeal's
    country (``deciders``: HR officers of any of its bodies, national administrators — as
    the API accepts them, a panel is drawn from any body), without the person and the run's
    proposer (who may not sit on it); at most 500, by name. Only for who may admit."""
    excluded = {appeal.line.employee.user_id, appeal.line.run.proposed_by_id}
    users = deciders(appeal).order_by("last_name", "username")[:500]
    return [u for u in users if u.pk not in excluded]


def with_open_appeals(employee_ids: list[int]) -> set[int]:
    """Of these people, those with an appeal under way (against any pay line)."""
    return set(
        Appeal.objects.filter(
            line__employee_id__in=employee_ids, state__in=OPEN_STATES
        ).values_list("line__employee_id", flat=True)
    )


def line_links(user: Any, line: Any) -> list[tuple[str, str]]:
    """ "Appeal against this line" for the person paid on it, on an approved run while the
    window is open and no appeal of it is under way; the appeals of the line otherwise."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from cadre.appeals.services import window_ends

    links = [(str(a), a.get_absolute_url()) for a in appeals_of_line(line)]
    mine = line.employee.user_id is not None and line.employee.user_id == user.pk
    if not mine or line.run.approved_at is None:
        return links
    open_ = any(a.is_open for a in appeals_of_line(line))
    if not open_ and timezone.localdate() <= window_ends(line):
        links.append(
            (_("Appeal against this line"), reverse("appeals:appeal_file", args=[line.pk]))
        )
    return links
