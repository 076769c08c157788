"""The catalogue: courses and their sessions, kept by their provider."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.competencies.services.frameworks import check_level, competency_by_key, scale_tops
from cadre.core.audit import create_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.scoping import require_reach
from cadre.core.translated import clean_texts, languages
from cadre.learning.models import Course, CourseOutcome, Session
from cadre.orgs.models import Organisation


def _check_provider(actor: Any, provider: Organisation, action: str) -> None:
    require_reach(
        actor,
        Course,
        action,
        provider,
        message=_("You may not keep the courses of “%(org)s”."),
        field="provider",
    )


DESCRIPTION_MAX = 2000


@transaction.atomic
def course_create(
    *,
    actor: Any,
    provider: Organisation,
    code: str,
    titles: Any,
    hours: int,
    format: str,
    currency: str,
    cost: Decimal = Decimal(0),
    languages_taught: list[str] | None = None,
    outcomes: list[dict[str, Any]] | None = None,
    prerequisites: list[str] | None = None,
    certificate_months: int | None = None,
    descriptions: Any = None,
    source: str = AuditSource.WEB,
) -> Course:
    """A course with the competencies it builds (``{"competency": "DG:SA.1", "level": 2}``)
    and the codes of the courses it requires first."""
    _check_provider(actor, provider, "add")
    known = languages()
    bad = [lang for lang in languages_taught or [] if lang not in known]
    if bad:
        raise ApplicationError(
            _("Unknown language “%(lang)s”; use one of: %(known)s.")
            % {"lang": bad[0], "known": ", ".join(known)},
            field="languages",
        )
    course = Course(
        provider=provider,
        code=(code or "").strip(),
        titles=clean_texts(titles, field="titles"),
        descriptions=clean_texts(
            descriptions, field="descriptions", required=False, max_length=DESCRIPTION_MAX
        ),
        hours=hours,
        format=format,
        cost=cost,
        currency=currency,
        languages=list(languages_taught or []),
        certificate_months=certificate_months,
    )
    create_audited(
        actor=actor,
        obj=course,
        audited=(
            "provider",
            "code",
            "titles",
            "descriptions",
            "hours",
            "format",
            "cost",
            "currency",
        ),
        source=source,
    )
    for i, raw in enumerate(outcomes or []):
        where = f"outcomes[{i}]"
        competency = competency_by_key(raw.get("competency"), field=f"{where}.competency")
        top = scale_tops([competency.version_id]).get(competency.version_id, 0)
        level = check_level(raw.get("level"), top, field=f"{where}.level")
        if course.outcomes.filter(competency=competency).exists():
            raise ApplicationError(
                _("“%(code)s” is listed twice.") % {"code": competency.code},
                field=f"{where}.competency",
            )
        CourseOutcome.objects.create(course=course, competency=competency, level=level)
    codes = sorted(set(prerequisites or []))
    found = {c.code: c for c in Course.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ApplicationError(
            _("Unknown course(s): %(codes)s.") % {"codes": ", ".join(missing)},
            field="prerequisites",
        )
    course.prerequisites.set(found.values())
    return course


@transaction.atomic
def session_create(
    *,
    actor: Any,
    course: Course,
    starts_on: dt.date,
    ends_on: dt.date,
    capacity: int,
    location: str = "",
    online: bool = False,
    source: str = AuditSource.WEB,
) -> Session:
    _check_provider(actor, course.provider, "change")
    session = Session(
        course=course,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        location=location,
        online=online,
    )
    return create_audited(
        actor=actor,
        obj=session,
        audited=("course", "starts_on", "ends_on", "capacity", "location", "online"),
        source=source,
    )
