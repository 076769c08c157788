"""What the registry shows on record pages (``core.registry.Panel``): an organisation's
staff and vacancies, the summary at the top of a person's file, and the person's change
history from the audit log (to those who may see it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadre.core.access import may
from cadre.core.models import AuditEvent
from cadre.core.numbers import grouped
from cadre.core.permissions import DataClass, can, can_at, sees_class
from cadre.core.registry import Panel
from cadre.orgs.models import Organisation, Post
from cadre.people.choices import AssignmentKind
from cadre.people.models import Assignment, Certification, Education, Employee, current_q
from cadre.people.selectors import annotate_filled, indicators

STAFF_LISTED = 10
POSTS_LISTED = 5
HISTORY_SHOWN = 50
# The person's own records whose audit events are the person's history.
RECORD_TYPES = {
    "people.assignment": Assignment,
    "people.education": Education,
    "people.certification": Certification,
}


def organisation_staff(user: Any, org: Organisation) -> Panel | None:
    """Headcount, places and vacancies of the organisation's subtree (as the dashboard
    counts them) and the people whose main post is in the organisation itself."""
    if not can(user, "people.employee", "view"):
        return None
    figures = indicators(user=user, root=org)
    people_url = reverse("people:employee_list")
    within = {"within": str(org.pk)}
    staff = (
        Assignment.objects.restrict(user, "view")
        .filter(current_q(), kind=AssignmentKind.MAIN, post__organisation=org)
        .select_related("employee", "post")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )
    listed = list(staff[: STAFF_LISTED + 1])
    items = tuple(
        (str(a.employee), a.employee.get_absolute_url(), a.post.title)
        for a in listed[:STAFF_LISTED]
    )
    return Panel(
        _("Staff"),
        figures=(
            (_("headcount"), grouped(figures.headcount)),
            (_("places"), grouped(figures.positions)),
            (_("filled"), grouped(figures.filled)),
            (_("vacant places"), grouped(figures.vacancies)),
        ),
        items=items,
        more=(
            _("All %(count)s people counted here") % {"count": grouped(figures.headcount)},
            f"{people_url}?{urlencode({**within, 'figure': 'headcount'})}",
        ),
        empty=_("Nobody holds a post in this unit itself."),
        order=10,
    )


def organisation_vacancies(user: Any, org: Organisation) -> Panel | None:
    """The posts of the organisation itself with vacant places, the most vacant first."""
    if not (can(user, "orgs.post", "view") and can(user, "people.employee", "view")):
        return None
    posts = annotate_filled(Post.objects.restrict(user, "view").filter(organisation=org))
    open_posts = list(posts.order_by("title", "pk"))
    vacant = sorted(
        (p for p in open_posts if p.filled < p.positions),  # type: ignore[attr-defined]
        key=lambda p: (p.filled - p.positions, p.title),  # type: ignore[attr-defined]
    )
    items = tuple(
        (
            p.title,
            p.get_absolute_url(),
            ngettext("%(n)d vacant of %(of)d", "%(n)d vacant of %(of)d", p.positions)
            % {"n": p.positions - p.filled, "of": p.positions},  # type: ignore[attr-defined]
        )
        for p in vacant[:POSTS_LISTED]
    )
    query = urlencode({"within": str(org.pk), "vacant": "true"})
    return Panel(
        _("Posts with vacancies"),
        figures=((_("posts"), grouped(len(open_posts))), (_("with vacancies"), len(vacant))),
        items=items,
        more=(_("All posts with vacancies"), f"{reverse('orgs:post_list')}?{query}")
        if vacant
        else None,
        empty=_("Every post of this unit is filled."),
        order=20,
    )


def person_summary(user: Any, person: Employee) -> Panel:
    """The person at a glance: their main post, highest education, certifications."""
    today = timezone.localdate()
    main = (
        person.assignments.filter(current_q(), kind=AssignmentKind.MAIN)
        .select_related("post__organisation")
        .order_by("-start_date", "-pk")
        .first()
    )
    education = person.education.select_related("specialty").order_by("-level", "-pk").first()
    soon = today + dt.timedelta(days=settings.CADRE_CERTIFICATE_ALERT_DAYS)
    certs = list(person.certifications.values_list("expires_on", flat=True))
    valid = sum(1 for d in certs if d is None or d >= today)
    expiring = sum(1 for d in certs if d is not None and today <= d <= soon)
    post = (
        _("%(post)s, %(unit)s, since %(date)s")
        % {
            "post": main.post.title,
            "unit": main.post.organisation.display_name,
            "date": date_format(main.start_date, "SHORT_DATE_FORMAT"),
        }
        if main
        else _("no post in force")
    )
    return Panel(
        _("Summary"),
        figures=(
            (_("main post"), post),
            (
                _("highest education"),
                f"{education.get_level_display()}, {education.specialty}"
                if education
                else _("none recorded"),
            ),
            (
                _("certifications"),
                _("%(valid)d valid, %(expiring)d expiring within %(days)d days")
                % {
                    "valid": valid,
                    "expiring": expiring,
                    "days": settings.CADRE_CERTIFICATE_ALERT_DAYS,
                },
            ),
        ),
        order=0,
    )


def sees_history(user: Any, person: Employee) -> bool:
    """The person's change history shows personal data (identifiers, birth dates, contacts
    as they were): only a role granted the ``personal`` class (not merely the person
    themself) that reads the audit log or keeps the person's file."""
    path = person.organisation.path
    if not sees_class(user, DataClass.PERSONAL, path):
        return False
    return can_at(user, "core.auditevent", "view", path) or may(user, person, "change")


def person_history(user: Any, person: Employee) -> QuerySet[AuditEvent]:
    """Audit events of the person's record and of their posts, education and
    certifications (those still on file), the latest first; none for a user who may not
    see them (``sees_history``)."""
    if not sees_history(user, person):
        return AuditEvent.objects.none()
    where = Q(object_type="people.employee", object_id=str(person.pk))
    for label, model in RECORD_TYPES.items():
        ids = [str(i) for i in model.objects.filter(employee=person).values_list("pk", flat=True)]
        if ids:
            where |= Q(object_type=label, object_id__in=ids)
    return AuditEvent.objects.filter(where).order_by("-id")[:HISTORY_SHOWN]
