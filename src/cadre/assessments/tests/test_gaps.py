"""Proficiency from evidence, appraisals, person gaps, the gap batch, heat map, drill-down."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cadre.assessments import services
from cadre.assessments.gaps import gaps_recompute
from cadre.assessments.models import Appraisal, Evidence, GapCell, Proficiency
from cadre.assessments.proficiency import Observation, combine, evidence_record
from cadre.assessments.selectors import person_gaps, weighted_fit
from cadre.competencies.models import Competency
from cadre.core.errors import ApplicationError
from cadre.core.testing import crud
from cadre.core.testing.world import World


def _comp(code: str) -> Competency:
    return Competency.objects.get(framework__code="DG", code=code)


def _evidence(
    world: World, person: Any, code: str, level: int, instrument: str, days_ago: int = 0
) -> None:
    with transaction.atomic():
        evidence_record(
            actor=world.users["admin"],
            employee=person,
            observations=[Observation(_comp(code), level)],
            instrument=instrument,
            source="test",
            observed_at=timezone.now() - dt.timedelta(days=days_ago),
        )


def test_the_rule_weighs_the_latest_level_of_each_instrument() -> None:
    assert combine({"self": 4, "test": 2}) == 3  # (4·1 + 2·3) / 4 = 2.5 → 3
    assert combine({"self": 4, "test": 2, "manager": 2}) == 2  # (4 + 6 + 6) / 7 = 2.29
    assert combine({"self": 1}) == 1
    assert combine({}) is None


def test_proficiency_follows_the_latest_evidence_and_ignores_old(world: World, staff: Any) -> None:
    aliya = staff["aliya"]
    _evidence(world, aliya, "SA.1", 1, "test", days_ago=2000)  # older than 3 years: ignored
    assert not Proficiency.objects.filter(employee=aliya).exists()
    _evidence(world, aliya, "SA.1", 2, "test", days_ago=10)
    _evidence(world, aliya, "SA.1", 4, "self", days_ago=5)
    row = Proficiency.objects.get(employee=aliya, code="SA.1")
    assert (row.level, row.basis) == (3, {"test": 2, "self": 4})
    _evidence(world, aliya, "SA.1", 4, "test")
    row.refresh_from_db()
    assert (row.level, row.basis) == (4, {"test": 4, "self": 4})


@override_settings(CADRE_PROFICIENCY_WEIGHTS={"test": 1, "self": 0})
def test_the_weights_are_configurable(world: World, staff: Any) -> None:
    _evidence(world, staff["aliya"], "SA.1", 4, "self")
    assert not Proficiency.objects.filter(employee=staff["aliya"]).exists()


def test_person_gaps_and_fit(world: World, staff: Any) -> None:
    version, gaps = person_gaps(staff["aliya"])
    assert version == staff["standard"]
    assert [(g.competency.code, g.required, g.weight, g.current, g.shortfall) for g in gaps] == [
        ("SA.1", 3, 2, None, 3),
        ("IS.1", 2, 1, None, 2),
    ]
    _evidence(world, staff["aliya"], "SA.1", 2, "test")
    _evidence(world, staff["aliya"], "IS.1", 3, "test")
    _version, gaps = person_gaps(staff["aliya"])
    assert [(g.current, g.shortfall) for g in gaps] == [(2, 1), (3, 0)]
    assert weighted_fit(gaps) == pytest.approx((2 * 2 / 3 + 1 * 1) / 3)


def test_self_and_manager_appraisals_and_who_may_make_them(world: World, staff: Any) -> None:
    aliya = staff["aliya"]
    sa, is1 = _comp("SA.1"), _comp("IS.1")
    services.appraisal_submit(
        actor=world.users["employee_a1"], employee=aliya, role="self", levels={str(sa.pk): 4}
    )
    services.appraisal_submit(
        actor=world.users["manager_a1"],
        employee=aliya,
        role="manager",
        levels={sa.pk: 2, is1.pk: 2},
    )
    assert sorted(Proficiency.objects.filter(employee=aliya).values_list("code", "level")) == [
        ("IS.1", 2),
        ("SA.1", 3),  # (4·1 + 2·3) / 4 = 2.5 → 3
    ]
    refusals = [
        (
            world.users["employee_a1"],
            staff["bolat"],
            "self",
            {sa.pk: 2},
            "A self-assessment is made by the person themselves.",
        ),
        (
            world.users["employee_a1"],
            aliya,
            "manager",
            {sa.pk: 2},
            "Only a manager of the person's unit may make a manager assessment.",
        ),
        (
            world.users["hr_b"],
            aliya,
            "manager",
            {sa.pk: 2},
            "Only a manager of the person's unit may make a manager assessment.",
        ),
        (
            world.users["manager_a1"],
            staff["bolat"],
            "manager",
            {sa.pk: 5},
            "The level must be a whole number from 1 to 4.",
        ),
        (
            world.users["manager_a1"],
            staff["bolat"],
            "manager",
            {"999": 1},
            "Competency 999 is not in the person's standard.",
        ),
        (
            world.users["manager_a1"],
            staff["bolat"],
            "peer",
            {sa.pk: 1},
            "Unknown kind of appraisal.",
        ),
    ]
    for actor, person, role, levels, message in refusals:
        with pytest.raises(ApplicationError) as caught:
            services.appraisal_submit(actor=actor, employee=person, role=role, levels=levels)
        assert str(caught.value) == message
    assert Appraisal.objects.count() == 2
    assert not Evidence.objects.filter(employee=staff["bolat"]).exists()


def test_the_batch_counts_each_subtree_exactly(world: World, staff: Any) -> None:
    # Aliya: SA.1 3 (meets), IS.1 1 (short 1). Bolat: nothing (short 3 and 2).
    # Dana: SA.1 2 (short 1), IS.1 4 (meets). Erlan (body B): SA.1 3, IS.1 2 (meets both).
    for person, code, level in (
        (staff["aliya"], "SA.1", 3),
        (staff["aliya"], "IS.1", 1),
        (staff["dana"], "SA.1", 2),
        (staff["dana"], "IS.1", 4),
        (staff["erlan"], "SA.1", 3),
        (staff["erlan"], "IS.1", 2),
    ):
        _evidence(world, person, code, level, "test")
    result = gaps_recompute()
    assert result == {"cells": 10, "requirements": 8}

    def cell(org: str, code: str) -> tuple[int, int, int, int]:
        c = GapCell.objects.get(organisation=world.orgs[org], code=code)
        return (c.people, c.below, c.shortfall, c.required)

    assert cell("unit_a1", "SA.1") == (3, 2, 4, 9)
    assert cell("unit_a1", "IS.1") == (3, 2, 3, 6)
    assert cell("body_a", "SA.1") == cell("unit_a1", "SA.1")
    assert cell("unit_b1", "SA.1") == (1, 0, 0, 3)
    assert cell("country", "SA.1") == (4, 2, 4, 12)
    assert cell("country", "IS.1") == (4, 2, 3, 8)
    # Recomputing after a change replaces the cells.
    _evidence(world, staff["bolat"], "SA.1", 3, "test")
    gaps_recompute()
    assert cell("country", "SA.1") == (4, 1, 1, 12)


def test_heat_map_drill_down_and_their_scope(world: World, staff: Any, as_user: Any) -> None:
    _evidence(world, staff["aliya"], "SA.1", 3, "test")
    gaps_recompute()
    national = as_user("auditor").get(reverse("assessments:heatmap"), HTTP_ACCEPT_LANGUAGE="en")
    page = national.content.decode()
    assert national.status_code == 200
    assert "Country" in page and "75%" in page  # SA.1: 3 of 4 below
    body = as_user("hr_a").get(
        reverse("assessments:heatmap") + f"?within={world.orgs['body_a'].pk}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Unit A1" in body.content.decode() and "67%" in body.content.decode()  # 2 of 3
    assert (
        as_user("hr_a")
        .get(reverse("assessments:heatmap") + f"?within={world.orgs['body_b'].pk}")
        .status_code
        == 404
    )
    fw = Competency.objects.get(code="SA.1").framework_id
    url = (
        reverse("assessments:gap_people")
        + f"?within={world.orgs['body_a'].pk}&framework={fw}&code=SA.1"
    )
    people = as_user("hr_a").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bolat" in people and "Dana" in people and "Aliya" not in people
    country = (
        reverse("assessments:gap_people")
        + f"?within={world.orgs['country'].pk}&framework={fw}&code=SA.1"
    )
    assert as_user("hr_a").get(country).status_code == 404
    everyone = as_user("auditor").get(country, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Erlan" in everyone and "Aliya" not in everyone  # only Aliya meets SA.1
    exported = as_user("auditor").get(reverse("assessments:heatmap") + "?export=csv")
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert "3/4" in text
    assert as_user("nobody").get(reverse("assessments:heatmap")).status_code == 403


def test_the_person_page_shows_gaps_to_self_and_manager(
    world: World, staff: Any, as_user: Any, api_as: Any
) -> None:
    _evidence(world, staff["aliya"], "SA.1", 2, "test")
    mine = (
        as_user("employee_a1")
        .get(reverse("assessments:mine"), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Standard NAT-ANALYST" in mine and "−1" in mine and "Your own assessment" in mine
    managed = (
        as_user("manager_a1")
        .get(reverse("assessments:person", args=[staff["aliya"].pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Manager assessment" in managed
    assert (
        as_user("hr_b").get(reverse("assessments:person", args=[staff["aliya"].pk])).status_code
        == 404
    )
    sa = _comp("SA.1")
    saved = as_user("manager_a1").post(
        reverse("assessments:appraise", args=[staff["aliya"].pk]),
        {"role": "manager", f"level_{sa.pk}": "3"},
    )
    assert saved.status_code == 302
    assert Proficiency.objects.get(employee=staff["aliya"], code="SA.1").level == 3
    gaps = api_as("employee_a1").get(reverse("v1:person-gaps", args=[staff["aliya"].pk])).json()
    assert [(g["competency"], g["current"], g["shortfall"]) for g in gaps["gaps"]] == [
        ("DG:SA.1", 3, 0),
        ("DG:IS.1", None, 2),
    ]
    assert (
        api_as("employee_a1").get(reverse("v1:person-gaps", args=[staff["bolat"].pk])).status_code
        == 404
    )


class TestGapCells(crud.CrudBase):
    model = GapCell


def test_only_the_national_authority_recomputes_by_hand_and_it_runs_as_a_job(
    world: World, staff: Any, as_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from cadre.core.models import Job

    url = reverse("assessments:gaps_recompute")
    assert as_user("hr_a").post(url).status_code == 403
    assert not GapCell.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("admin").post(url)
    job = Job.objects.get(kind="assessments.gaps_recompute")
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.status, job.result) == ("succeeded", {"cells": 10, "requirements": 8})
    assert GapCell.objects.get(organisation=world.orgs["country"], code="SA.1").people == 4


def test_a_long_drill_down_says_it_shows_the_largest_shortfalls_only(
    world: World, staff: Any, as_user: Any, monkeypatch: Any
) -> None:
    from cadre.assessments.views import gaps

    monkeypatch.setattr(gaps, "LIMIT", 2)
    fw = Competency.objects.get(code="SA.1").framework_id
    url = (
        reverse("assessments:gap_people")
        + f"?within={world.orgs['country'].pk}&framework={fw}&code=SA.1"
    )
    page = as_user("auditor").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 people — the 2 with the largest shortfall; open a smaller organisation" in page


def test_heat_map_and_person_page_queries_do_not_grow_with_columns_or_competencies(
    world: World, staff: Any, as_user: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cadre.orgs.services import organisation_create

    gaps_recompute()
    client = as_user("admin")
    url = reverse("assessments:heatmap") + f"?within={world.orgs['country'].pk}"
    person = reverse("assessments:person", args=[staff["aliya"].pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    with CaptureQueriesContext(connection) as p1:
        client.get(person)
    for i in range(6):
        organisation_create(
            actor=world.users["admin"],
            name=f"Body {i}",
            code=f"EXTRA{i}",
            kind="central_body",
            parent=world.orgs["country"],
        )
    _evidence(world, staff["aliya"], "SA.1", 2, "test")
    _evidence(world, staff["aliya"], "IS.1", 2, "manager")
    gaps_recompute()
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as p2:
        client.get(person)
    assert "Body 5" in page
    assert len(after.captured_queries) == len(before.captured_queries)
    assert len(p2.captured_queries) == len(p1.captured_queries)


def test_gaps_count_people_where_their_main_post_is(world: World, staff: Any, as_user: Any) -> None:
    from cadre.assessments.tests.conftest import _person
    from cadre.orgs.models import Post

    # On body A's books, working in unit A1: counted in unit A1 (docs/registry.md).
    _person(world, "A0009", "Farida", Post.objects.get(code="P-ANALYST"), unit="body_a")
    gaps_recompute()
    cell = GapCell.objects.get(organisation=world.orgs["unit_a1"], code="SA.1")
    assert (cell.people, cell.below) == (4, 4)
    fw = Competency.objects.get(code="SA.1").framework_id
    url = (
        reverse("assessments:gap_people")
        + f"?within={world.orgs['unit_a1'].pk}&framework={fw}&code=SA.1"
    )
    assert "Farida" in as_user("admin").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_evidence_pages_hold_every_row_once_in_a_fixed_order(
    world: World, staff: Any, api_as: Any
) -> None:
    """Evidence of one moment ties on ``-observed_at``: the id breaks the tie, so paging
    neither repeats a row nor skips one (issue 17 #6)."""
    when = timezone.now().replace(microsecond=0)
    competencies = list(Competency.objects.filter(framework__code="DG"))
    for key in ("aliya", "bolat", "dana", "erlan"):
        for instrument in ("self", "test", "manager"):
            with transaction.atomic():
                evidence_record(
                    actor=world.users["admin"],
                    employee=staff[key],
                    observations=[Observation(c, 2) for c in competencies],
                    instrument=instrument,
                    source="test",
                    observed_at=when,
                )
    _evidence(world, staff["aliya"], "SA.1", 3, "record", days_ago=1)
    expected = list(Evidence.objects.order_by("-observed_at", "-pk").values_list("pk", flat=True))
    assert len(expected) == 49
    client = api_as("admin")
    for size, ordering in ((5, None), (7, "-observed_at"), (10, "observed_at")):
        seen: list[int] = []
        for page in range(1, -(-49 // size) + 1):
            query = {"page_size": size, "page": page} | ({"ordering": ordering} if ordering else {})
            body = client.get("/api/v1/evidence/", query).json()
            seen += [row["id"] for row in body["results"]]
        wanted = (
            expected
            if ordering != "observed_at"
            else list(Evidence.objects.order_by("observed_at", "pk").values_list("pk", flat=True))
        )
        assert seen == wanted
