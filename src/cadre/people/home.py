"""What the registry puts on a home page (decision 0028): the figures an HR officer or a
manager is judged on — the headcount and the vacant places of the topmost organisation they
see — as the dashboard counts them, each linked to its rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadre.core.home import runs_machinery
from cadre.core.numbers import grouped
from cadre.core.permissions import can
from cadre.core.registry import FIGURE, HomeItem
from cadre.orgs.models import Organisation
from cadre.people.selectors import indicators

MAX_ROOTS = 5


def figures(user: Any) -> Iterator[HomeItem]:
    if not (
        runs_machinery(user)
        and can(user, "orgs.organisation", "view")
        and can(user, "people.employee", "view")
    ):
        return
    visible = Organisation.objects.restrict(user, "view")
    top = visible.order_by("depth", "path").first()
    if top is None:
        return
    # The organisations at the top of what the user sees (a body, a unit; for a national
    # role, each country): their stored figures where the user sees all of them.
    roots = list(visible.filter(depth=top.depth).order_by("path")[:MAX_ROOTS])
    parts = [indicators(user=user, root=root) for root in roots]
    headcount = sum(f.headcount for f in parts)
    vacancies = sum(f.vacancies for f in parts)
    posts = sum(f.posts_with_vacancies for f in parts)
    within = {"within": str(top.pk)} if len(roots) == 1 else {}
    where = str(top) if len(roots) == 1 else ", ".join(str(r) for r in roots)
    yield HomeItem(
        FIGURE,
        _("Headcount"),
        f"{reverse('people:employee_list')}?{urlencode({**within, 'figure': 'headcount'})}",
        value=grouped(headcount),
        note=where,
    )
    vacant = (
        f"{reverse('orgs:post_list')}?{urlencode({**within, 'vacant': 'true'})}"
        if can(user, "orgs.post", "view")
        else f"{reverse('people:dashboard')}?{urlencode(within)}"
    )
    yield HomeItem(
        FIGURE,
        _("Vacant places"),
        vacant,
        value=grouped(vacancies),
        note=ngettext("in %(posts)d post", "in %(posts)d posts", posts) % {"posts": posts},
    )
