"""Services guard themselves (issue 16, item 10): an organisation or a post is changed or
deleted only by someone whose grants reach it as it is now, whoever calls the service."""

from __future__ import annotations

import pytest

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.orgs.models import Organisation, Post
from cadre.orgs.services import (
    organisation_delete,
    organisation_update,
    organisations_import,
    post_delete,
    post_update,
    posts_import,
)
from cadre.orgs.tests.test_post_crud import make_post


def test_an_organisation_out_of_reach_is_neither_renamed_nor_deleted(world: World) -> None:
    unit = world.orgs["unit_b1"]
    hr_a = world.users["hr_a"]
    events = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as refused:
        organisation_update(actor=hr_a, organisation=unit, name="Taken over")
    assert refused.value.code == "scope"
    assert refused.value.errors == {None: [f"You may not keep organisations for “{unit}”."]}
    with pytest.raises(ApplicationError) as refused:
        organisation_delete(actor=hr_a, organisation=unit)
    assert refused.value.code == "scope"
    assert Organisation.objects.get(pk=unit.pk).name == unit.name
    assert AuditEvent.objects.count() == events


def test_a_post_out_of_reach_is_neither_changed_moved_nor_deleted(world: World) -> None:
    post = make_post(world, "b")
    hr_a = world.users["hr_a"]
    events = AuditEvent.objects.count()
    for fields in ({"title": "Taken over"}, {"organisation": world.orgs["unit_a1"]}):
        with pytest.raises(ApplicationError) as refused:
            post_update(actor=hr_a, post=post, **fields)
        assert refused.value.errors == {
            None: [f"You may not keep posts of “{world.orgs['unit_b1']}”."]
        }
    with pytest.raises(ApplicationError):
        post_delete(actor=hr_a, post=post)
    fresh = Post.objects.get(pk=post.pk)
    assert (fresh.title, fresh.organisation_id) == (post.title, world.orgs["unit_b1"].pk)
    assert AuditEvent.objects.count() == events


def test_an_import_neither_takes_a_post_nor_renames_an_organisation_out_of_reach(
    world: World,
) -> None:
    post = make_post(world, "b")
    hr_a = world.users["hr_a"]
    unit_a1, unit_b1 = world.orgs["unit_a1"], world.orgs["unit_b1"]
    with pytest.raises(ApplicationError) as refused:
        posts_import(
            actor=hr_a,
            create=[],
            update=[(post, {"organisation": unit_a1, "title": "Taken over"})],
        )
    assert refused.value.errors == {"organisation": [f"You may not keep posts of “{unit_b1}”."]}
    assert Post.objects.get(pk=post.pk).organisation_id == unit_b1.pk
    with pytest.raises(ApplicationError) as refused:
        organisations_import(actor=hr_a, create=[], update=[(unit_b1, {"name": "Taken over"})])
    assert refused.value.errors == {None: [f"You may not keep organisations for “{unit_b1}”."]}
    assert Organisation.objects.get(pk=unit_b1.pk).name == unit_b1.name
