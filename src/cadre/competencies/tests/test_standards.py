"""Position standards: generated CRUD × scope, versions, retired competencies, posts."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from cadre.competencies import frameworks, services
from cadre.competencies.models import Competency, PositionProfile, ProfilePost, ProfileVersion
from cadre.competencies.tests.factories import framework_json, published_framework, standard
from cadre.core.errors import ApplicationError
from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.orgs.services import post_create

_seq = itertools.count(1)


def make_profile(world: World, where: str) -> PositionProfile:
    n = next(_seq)
    return services.profile_create(
        actor=world.users["admin"],
        organisation=world.orgs[f"body_{where}"],
        code=f"PS-{where.upper()}-{n}",
        title=f"Analyst standard {where.upper()}-{n}",
    )


class TestPositionProfileCrud(
    crud.UIList, crud.UIAdd, crud.UIEdit, crud.UIDelete, crud.APIRead, crud.APIWrite
):
    model = PositionProfile
    url_prefix = "competencies:positionprofile"
    api_basename = "positionprofile"
    export_column = 1

    def make(self, world: World, where: str) -> PositionProfile:
        return make_profile(world, where)

    def export_key(self, obj: PositionProfile) -> str:
        return obj.title

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        n = next(_seq)
        return {
            "organisation": world.orgs[f"body_{where}"].pk,
            "code": f"NEW-{n}",
            "title": f"S {n}",
        }

    def edit_data(self, world: World, obj: PositionProfile) -> dict[str, Any]:
        return {
            "organisation": obj.organisation_id,
            "code": obj.code,
            "title": f"{obj.title} (rev)",
        }

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return self.form_data(world, where)

    def api_edit_data(self, world: World, obj: PositionProfile) -> dict[str, Any]:
        return {"title": f"{obj.title} (rev)"}

    def changed(self, obj: PositionProfile) -> bool:
        return obj.title.endswith("(rev)")


def _post(world: World, unit: str, code: str) -> Any:
    return post_create(
        actor=world.users["admin"],
        organisation=world.orgs[unit],
        code=code,
        title="Analyst",
        salary_min=Decimal(100),
        salary_max=Decimal(200),
        currency="KZT",
    )


@pytest.mark.django_db
def test_a_standard_on_a_retired_version_is_refused_and_nothing_is_saved(world: World) -> None:
    admin = world.users["admin"]
    v1 = published_framework(admin)
    old = Competency.objects.get(version=v1, code="A.1")
    v2 = services.framework_import(actor=admin, data=frameworks.parse_json(framework_json()))
    services.version_publish(actor=admin, version=v2)
    profile = make_profile(world, "a")
    with pytest.raises(ApplicationError) as caught:
        services.profile_version_create(
            actor=admin,
            profile=profile,
            legal_document="Order 5",
            legal_date=dt.date(2026, 3, 1),
            requirements=[{"competency": "T:A.2", "level": 2}, {"competency": old.pk, "level": 3}],
        )
    assert caught.value.errors == {
        "requirements[1].competency": [
            "“A.1” belongs to version 1 of Test framework, which is retired; "
            "use the published version."
        ]
    }
    assert ProfileVersion.objects.count() == 0


@pytest.mark.django_db
def test_levels_outside_the_scale_unknown_and_repeated_competencies_are_refused(
    world: World,
) -> None:
    admin = world.users["admin"]
    published_framework(admin)
    profile = make_profile(world, "a")

    def refusal(requirements: list[dict[str, Any]]) -> dict[Any, Any]:
        with pytest.raises(ApplicationError) as caught:
            services.profile_version_create(
                actor=admin,
                profile=profile,
                legal_document="Order 5",
                legal_date=dt.date(2026, 3, 1),
                requirements=requirements,
            )
        return caught.value.errors

    assert refusal([{"competency": "T:A.1", "level": 5}]) == {
        "requirements[0].level": ["The level must be a whole number from 1 to 4."]
    }
    assert refusal([{"competency": "T:NOPE", "level": 1}]) == {
        "requirements[0].competency": ["Unknown competency “T:NOPE”."]
    }
    assert refusal([{"competency": "T:A", "level": 1}]) == {
        "requirements[0].competency": ["“A” is a category; require its competencies instead."]
    }
    assert refusal([{"competency": "T:A.1", "level": 1}, {"competency": "T:A.1", "level": 2}]) == {
        "requirements[1].competency": ["“A.1” is required twice."]
    }
    assert refusal([]) == {"requirements": ["A standard requires at least one competency."]}
    assert ProfileVersion.objects.count() == 0


@pytest.mark.django_db
def test_a_new_version_in_force_supersedes_the_old(world: World) -> None:
    admin = world.users["admin"]
    published_framework(admin)
    profile, first = standard(admin, world.orgs["body_a"], [{"competency": "T:A.1", "level": 2}])
    assert (first.status, first.effective_from is not None) == ("in_force", True)
    second = services.profile_version_create(
        actor=admin,
        profile=profile,
        legal_document="Order 9",
        legal_date=dt.date(2026, 6, 1),
        effective_from=dt.date(2026, 7, 1),
        requirements=[
            {"competency": "T:A.1", "level": 3, "weight": 60},
            {"competency": "T:S.1", "level": 2, "weight": 40},
        ],
        in_force=True,
    )
    first.refresh_from_db()
    assert (first.status, second.status, second.number) == ("superseded", "in_force", 2)
    assert [
        (r.competency.code, r.level, r.weight)
        for r in second.requirements.order_by("competency__code")
    ] == [
        ("A.1", 3, 60),
        ("S.1", 2, 40),
    ]
    with pytest.raises(ApplicationError, match=r"Only a draft can be put in force\."):
        services.profile_version_put_in_force(actor=admin, version=first)


@pytest.mark.django_db
def test_posts_are_attached_by_code_only_within_the_actors_scope(world: World) -> None:
    admin, hr_a = world.users["admin"], world.users["hr_a"]
    published_framework(admin)
    national, _v = standard(
        admin, world.orgs["country"], [{"competency": "T:A.1", "level": 2}], code="NAT"
    )
    p_a = _post(world, "unit_a1", "P-A")
    p_b = _post(world, "unit_b1", "P-B")
    with pytest.raises(ApplicationError) as caught:
        services.profile_posts_attach(
            actor=hr_a, profile=national, post_codes=["P-A", "P-B", "P-X"]
        )
    assert str(caught.value) == "Unknown post code(s), or posts you may not change: P-B, P-X."
    assert ProfilePost.objects.count() == 0
    assert services.profile_posts_attach(actor=hr_a, profile=national, post_codes=["P-A"]) == 1
    assert services.profile_posts_attach(actor=hr_a, profile=national, post_codes=["P-A"]) == 0
    own = make_profile(world, "a")
    assert services.profile_posts_attach(actor=hr_a, profile=own, post_codes=["P-A"]) == 1
    assert ProfilePost.objects.get(post=p_a).profile == own
    assert not ProfilePost.objects.filter(post=p_b).exists()


@pytest.mark.django_db
def test_the_national_standard_is_visible_to_every_body_but_a_sibling_body_is_not(
    world: World, as_user: Any
) -> None:
    admin = world.users["admin"]
    published_framework(admin)
    national, _v = standard(
        admin, world.orgs["country"], [{"competency": "T:A.1", "level": 2}], code="NAT"
    )
    body_b = make_profile(world, "b")
    visible = set(PositionProfile.objects.restrict(world.users["hr_a"], "view"))
    assert national in visible and body_b not in visible
    assert (
        not PositionProfile.objects.restrict(world.users["hr_a"], "change")
        .filter(pk=national.pk)
        .exists()
    )
    page = as_user("hr_a").get(national.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Order No. 1" in page.content.decode()
    assert (
        as_user("hr_a")
        .get(reverse("competencies:profileversion_add", args=[national.pk]))
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_the_version_form_and_the_api_create_versions(
    world: World, as_user: Any, api_as: Any
) -> None:
    admin = world.users["admin"]
    published_framework(admin)
    profile = make_profile(world, "a")
    a1 = Competency.objects.get(code="A.1")
    url = reverse("competencies:profileversion_add", args=[profile.pk])
    bad = as_user("hr_a").post(
        url,
        {"legal_document": "Order 3", "legal_date": "2026-02-01", f"level_{a1.pk}": "9"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400 and ProfileVersion.objects.count() == 0
    ok = as_user("hr_a").post(
        url,
        {
            "legal_document": "Order 3",
            "legal_date": "2026-02-01",
            f"level_{a1.pk}": "3",
            f"weight_{a1.pk}": "5",
            "in_force": "on",
        },
    )
    assert ok.status_code == 302
    version = ProfileVersion.objects.get()
    assert (
        version.status,
        [(r.competency_id, r.level, r.weight) for r in version.requirements.all()],
    ) == (
        "in_force",
        [(a1.pk, 3, 5)],
    )
    response = api_as("hr_a").post(
        reverse("v1:positionprofile-versions", args=[profile.pk]),
        {
            "legal_document": "Order 4",
            "legal_date": "2026-04-01",
            "requirements": [{"competency": "T:S.1", "level": 4}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["requirements"] == [{"competency": "T:S.1", "level": 4, "weight": 1}]
    refused = api_as("hr_b").post(
        reverse("v1:positionprofile-versions", args=[profile.pk]),
        {"legal_document": "X", "legal_date": "2026-04-01", "requirements": []},
        format="json",
    )
    assert refused.status_code == 404


class TestProfileVersionPages(crud.CrudBase):
    """Standard versions are shown on their standard's page: its scope tests cover them,
    and ``test_the_national_standard_is_visible_…`` the reach to ancestors."""

    model = ProfileVersion
