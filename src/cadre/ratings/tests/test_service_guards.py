"""Services guard themselves (issue 16, item 10): a service point is changed or deleted only
by someone who keeps the points of the body it belongs to *now* — a command or a task
calling the service is refused like a page, and nothing is written."""

from __future__ import annotations

import pytest

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.ratings.models import ServicePoint
from cadre.ratings.services import service_point_delete, service_point_update
from cadre.ratings.tests.test_servicepoint_crud import make_point


def test_a_point_of_another_body_is_neither_moved_renamed_nor_deleted(world: World) -> None:
    point = make_point(world, "b")
    hr_a = world.users["hr_a"]
    events = AuditEvent.objects.count()
    for fields in ({"organisation": world.orgs["body_a"]}, {"name": "Renamed"}):
        with pytest.raises(ApplicationError) as refused:
            service_point_update(actor=hr_a, service_point=point, **fields)
        assert refused.value.code == "scope"
        assert refused.value.errors == {None: ["You may not keep service points of “Body B”."]}
    with pytest.raises(ApplicationError) as refused:
        service_point_delete(actor=hr_a, service_point=point)
    assert refused.value.code == "scope"
    fresh = ServicePoint.objects.get(pk=point.pk)
    assert (fresh.organisation, fresh.name) == (world.orgs["body_b"], point.name)
    assert AuditEvent.objects.count() == events
    # Their own body's keeper changes and deletes it.
    renamed = service_point_update(actor=world.users["hr_b"], service_point=point, name="New")
    assert renamed.name == "New"
    service_point_delete(actor=world.users["hr_b"], service_point=point)
    assert not ServicePoint.objects.filter(pk=point.pk).exists()
