"""Generated read × scope cases of the learning records that belong to a person
(enrolments, certificates) (issue 16 item 7): body A's HR officer reads those of body A's
people only, the national auditor everyone's."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.learning import services
from cadre.learning.models import Certificate, Course, Enrolment, Session
from cadre.people.tests.test_employee_crud import make_employee

_seq = itertools.count(1)


def _session(world: World) -> Session:
    """A session of a course the national provider runs, starting in a week."""
    admin = world.users["admin"]
    course = Course.objects.filter(code="CRUD-1").first() or services.course_create(
        actor=admin,
        provider=world.orgs["country"],
        code="CRUD-1",
        titles={"en": "Records management"},
        hours=8,
        format="online",
        currency="KZT",
    )
    soon = timezone.localdate() + dt.timedelta(days=7)
    return services.session_create(
        actor=admin, course=course, starts_on=soon, ends_on=soon, capacity=50, online=True
    )


def make_enrolment(world: World, where: str) -> Enrolment:
    return services.enrolment_request(
        actor=world.users["admin"], session=_session(world), employee=make_employee(world, where)
    )


class TestEnrolmentRead(crud.APIRead):
    model = Enrolment
    api_basename = "enrolment"

    def make(self, world: World, where: str) -> Enrolment:
        return make_enrolment(world, where)


class TestCertificateRead(crud.APIRead):
    model = Certificate
    api_basename = "certificate"

    def make(self, world: World, where: str) -> Certificate:
        enrolment = make_enrolment(world, where)
        services.enrolment_complete(
            actor=world.users["admin"],
            session=enrolment.session,
            employee=enrolment.employee,
            passed=True,
            attended_hours=8,
        )
        return Certificate.objects.get(enrolment=enrolment)
