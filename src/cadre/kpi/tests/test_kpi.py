"""KPIs: versioned definitions, assignments and their freeze, actuals from the three
sources with their refusals, achievements computed by the job, and who sees what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.kpi import selectors, services
from cadre.kpi.models import Achievement, Actual, Assignment, Definition
from cadre.kpi.tests.conftest import definition, give, year_period

pytestmark = pytest.mark.django_db
D = Decimal


def evidence(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 signed report", content_type="application/pdf")


def refused(fn: Any, **kwargs: Any) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        fn(**kwargs)
    return caught.value


# --- definitions ---------------------------------------------------------------------------


def test_a_version_in_use_is_not_edited_a_change_is_a_new_version(
    world: World, kpis: dict[str, Any]
) -> None:
    hr = world.users["hr_a"]
    egov = kpis["egov"]
    services.definition_update(actor=hr, instance=egov, names={"en": "eGov share"})
    egov.refresh_from_db()
    assert egov.names == {"en": "eGov share"}
    give(world, egov, kpis["period"], ("50", "70", "90"), "100", employee=kpis["aliya"])
    error = refused(
        services.definition_update, actor=hr, instance=egov, names={"en": "Something else"}
    )
    assert str(error) == "Version 1 of “EGOV” is in use; make a new version instead."
    assert error.code == "in_use"
    egov.refresh_from_db()
    assert egov.names == {"en": "eGov share"}
    v2 = services.definition_revise(actor=hr, definition=egov, names={"kk": "eGov үлесі"})
    assert (v2.code, v2.version, v2.names, v2.unit) == ("EGOV", 2, {"kk": "eGov үлесі"}, "percent")
    assert str(refused(services.definition_delete, actor=hr, instance=egov)) == (
        "Version 1 of “EGOV” is in use; it cannot be deleted."
    )


def test_a_definition_is_refused_with_every_reason(world: World, kpis: dict[str, Any]) -> None:
    hr = world.users["hr_a"]
    before = Definition.objects.count()
    error = refused(
        services.definition_create,
        actor=hr,
        owner=world.orgs["body_a"],
        code="bad code!",
        names={},
        unit="count",
        direction="higher",
        period_kind="year",
        origin="measure",
        measure="nothing.such",
    )
    assert {f: [str(m) for m in ms] for f, ms in error.errors.items()} == {
        "code": ["A code has up to 64 letters, digits, '.', '-', '/' or '_'."],
        "names": ["Give the text in at least one language."],
        "measure": ["Unknown measure “nothing.such”."],
    }
    error = refused(
        services.definition_create,
        actor=hr,
        owner=world.orgs["body_b"],
        code="B-KPI",
        names={"en": "B"},
        unit="count",
        direction="higher",
        period_kind="year",
        origin="manual",
    )
    assert str(error) == "You may not keep the KPIs of “Body B”."
    error = refused(definition, world=world, code="EGOV", origin="imported")
    assert str(error) == "A KPI with the code “EGOV” exists already; make a new version of it."
    assert Definition.objects.count() == before


# --- assignments and the freeze ------------------------------------------------------------


def test_assignments_are_checked_and_the_frozen_set_does_not_change(
    world: World, kpis: dict[str, Any]
) -> None:
    period, aliya, unit = kpis["period"], kpis["aliya"], world.orgs["unit_a1"]
    error = refused(
        give,
        world=world,
        kpi=kpis["ratio"],
        period=period,
        levels=("0.8", "1.0", "1.2"),
        weight="30",
        employee=aliya,
    )
    assert str(error) == "Lower is better for “RATIO”: give threshold ≥ target ≥ stretch."
    quarter = services.period_create(
        actor=world.users["admin"],
        code="Q1",
        kind="quarter",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 3, 31),
    )
    error = refused(
        give,
        world=world,
        kpi=kpis["egov"],
        period=quarter,
        levels=("1", "2", "3"),
        weight="30",
        employee=aliya,
    )
    assert str(error) == "“EGOV” is measured per Year; Q1 is a Quarter."
    error = refused(
        give,
        world=world,
        kpi=kpis["it_share"],
        period=period,
        levels=("50", "70", "90"),
        weight="30",
        employee=aliya,
    )
    assert str(error) == (
        "The measure “people.it_specialty_share” is computed for units, not for one person."
    )
    body = give(
        world,
        kpis["it_share"],
        period,
        ("50", "70", "90"),
        "100",
        organisation=world.orgs["body_a"],
    )
    unit_kpi = give(
        world, kpis["it_share"], period, ("50", "70", "90"), "100", organisation=unit, parent=body
    )
    give(world, kpis["egov"], period, ("50", "70", "90"), "60", employee=aliya, parent=unit_kpi)
    error = refused(
        give,
        world=world,
        kpi=kpis["projects"],
        period=period,
        levels=("1", "2", "3"),
        weight="50",
        employee=aliya,
    )
    assert str(error) == "Their KPIs' weights would add up to 110 %, more than 100 %."
    error = refused(
        give,
        world=world,
        kpi=kpis["projects"],
        period=period,
        levels=("1", "2", "3"),
        weight="10",
        employee=kpis["erlan"],
    )
    assert str(error) == "You may not keep the KPIs of “Unit B1”."
    error = refused(
        give,
        world=world,
        kpi=kpis["egov"],
        period=period,
        levels=("1", "2", "3"),
        weight="10",
        employee=aliya,
    )
    assert str(error) == f"“EGOV” is already assigned to them for {period.code}."
    other = year_period(world, code="OTHER")
    error = refused(
        give,
        world=world,
        kpi=kpis["egov"],
        period=other,
        levels=("1", "2", "3"),
        weight="10",
        employee=kpis["bolat"],
        parent=unit_kpi,
    )
    assert str(error) == (
        "A KPI cascades from a KPI of the same period given to the unit or body above it."
    )
    # Freezing: Aliya's set sums to 60 %.
    error = refused(services.period_freeze, actor=world.users["admin"], period=period)
    assert str(error) == (
        "The weights of each holder's KPIs must sum to exactly 100 %; 1 do not: Aliya Test (60 %)."
    )
    assert error.code == "weights"
    give(world, kpis["projects"], period, ("1", "2", "3"), "40", employee=aliya)
    assert str(refused(services.period_freeze, actor=world.users["hr_a"], period=period)) == (
        "You may not freeze KPI periods."
    )
    services.period_freeze(actor=world.users["admin"], period=period)
    period.refresh_from_db()
    assert period.frozen_at is not None
    count = Assignment.objects.count()
    error = refused(
        give,
        world=world,
        kpi=kpis["certs"],
        period=period,
        levels=("1", "2", "3"),
        weight="10",
        employee=kpis["bolat"],
    )
    assert str(error) == f"The KPI set of {period.code} is frozen; it cannot change."
    line = Assignment.objects.get(employee=aliya, definition=kpis["projects"])
    error = refused(
        services.assignment_update, actor=world.users["hr_a"], instance=line, weight=D(30)
    )
    assert error.code == "frozen"
    error = refused(services.assignment_delete, actor=world.users["hr_a"], instance=line)
    assert error.code == "frozen"
    assert Assignment.objects.count() == count


# --- actuals -------------------------------------------------------------------------------


def test_actuals_are_refused_with_a_clear_reason_and_nothing_is_saved(
    world: World, kpis: dict[str, Any]
) -> None:
    hr, period, aliya = world.users["hr_a"], kpis["period"], kpis["aliya"]
    manual = give(world, kpis["projects"], period, ("1", "3", "5"), "50", employee=aliya)
    imported = give(world, kpis["egov"], period, ("50", "70", "90"), "50", employee=aliya)
    find = services.assignment_find
    assert str(refused(find, period="1999", kpi="EGOV", employee=aliya)) == (
        "Unknown period “1999”."
    )
    assert str(refused(find, period=period.code, kpi="NOPE", employee=aliya)) == (
        "Unknown KPI “NOPE”."
    )
    assert str(refused(find, period=period.code, kpi="EGOV")) == "Unknown person."
    assert str(refused(find, period=period.code, kpi="EGOV", employee=kpis["bolat"])) == (
        f"“EGOV” is not assigned to Bolat Test for {period.code}."
    )
    error = refused(services.actual_create, actor=hr, assignment=manual, value=D(4))
    assert (str(error), error.code) == ("A manual actual needs an evidence file.", "evidence")
    error = refused(
        services.actual_create, actor=hr, assignment=imported, value=D(4), evidence=evidence()
    )
    assert str(error) == ("“EGOV” takes its actual from this source: imported from another system.")
    assert Actual.objects.count() == 0
    actual = services.actual_create(actor=hr, assignment=manual, value=D(4), evidence=evidence())
    error = refused(
        services.actual_create, actor=hr, assignment=manual, value=D(5), evidence=evidence()
    )
    assert (str(error), error.code) == (
        "This KPI already has an actual for the period.",
        "duplicate",
    )
    error = refused(services.actual_confirm, actor=hr, actual=actual)
    assert str(error) == "The author of an actual may not confirm it; a second person does."
    actual.refresh_from_db()
    assert actual.confirmed_at is None and not actual.counts
    services.actual_confirm(actor=world.users["manager_a1"], actual=actual)
    actual.refresh_from_db()
    assert actual.confirmed_by == world.users["manager_a1"] and actual.counts
    assert AuditEvent.objects.filter(
        object_type="kpi.actual", object_id=str(actual.pk), action="update"
    ).exists()
    assert Actual.objects.count() == 1


def test_imported_actuals_keep_their_system_and_the_file_digest(
    world: World, kpis: dict[str, Any], tmp_path: Any
) -> None:
    import hashlib

    from cadre.core.imports.runs import import_run

    period, aliya, bolat = kpis["period"], kpis["aliya"], kpis["bolat"]
    give(world, kpis["egov"], period, ("50", "70", "90"), "50", employee=aliya)
    give(world, kpis["egov"], period, ("50", "70", "90"), "50", employee=bolat)
    give(world, kpis["egov"], period, ("50", "70", "90"), "100", organisation=world.orgs["unit_a1"])
    header = "period,kpi,personal_id,organisation_code,value,source_system\n"
    bad = header + (
        f"{period.code},EGOV,A0001,,87.5,eGov analytics\n"
        f"1999,EGOV,A0002,,80,eGov analytics\n"
        f"{period.code},NOPE,A0002,,80,eGov analytics\n"
        f"{period.code},EGOV,X999,,80,eGov analytics\n"
        f"{period.code},EGOV,A0003,,80,eGov analytics\n"
        f"{period.code},EGOV,A0001,,88,eGov analytics\n"
    )
    path = tmp_path / "egov.csv"
    path.write_text(bad, encoding="utf-8")
    report = import_run(
        actor=world.users["hr_a"], kind="kpi.actuals", path=path, name="egov.csv", mode="all"
    )
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "period", "Unknown period “1999”."),
        (4, "kpi", "Unknown KPI “NOPE”."),
        (5, "personal_id", "Unknown person."),
        (6, "kpi", f"“EGOV” is not assigned to them for {period.code}."),
        (7, "kpi", "Repeats row 2 of this file."),
    ]
    assert Actual.objects.count() == 0
    good = header + (
        f"{period.code},EGOV,A0001,,87.5,eGov analytics\n"
        f"{period.code},EGOV,A0002,,64,eGov analytics\n"
        f"{period.code},EGOV,,UNIT_A1,75.25,eGov analytics\n"
    )
    path.write_text(good, encoding="utf-8")
    report = import_run(
        actor=world.users["hr_a"], kind="kpi.actuals", path=path, name="egov.csv", mode="all"
    )
    assert (report.created, report.error_count) == (3, 0)
    digest = hashlib.sha256(good.encode()).hexdigest()
    rows = Actual.objects.order_by("value").values_list(
        "value", "origin", "source_system", "file_name", "file_sha256"
    )
    assert list(rows) == [
        (D("64.0000"), "imported", "eGov analytics", "egov.csv", digest),
        (D("75.2500"), "imported", "eGov analytics", "egov.csv", digest),
        (D("87.5000"), "imported", "eGov analytics", "egov.csv", digest),
    ]
    # The same file again: every row is a duplicate, nothing written.
    report = import_run(
        actor=world.users["hr_a"], kind="kpi.actuals", path=path, name="egov.csv", mode="good"
    )
    assert [e.message for e in report.errors] == [
        "This KPI already has an actual for the period."
    ] * 3
    assert Actual.objects.count() == 3


# --- measures and the achievements job -----------------------------------------------------


def _measured_world(world: World, kpis: dict[str, Any]) -> None:
    """Unit A1 is an IT unit; Aliya and Bolat have an IT specialty, Dana has not; Aliya
    earned two certificates this year; Aliya's and Bolat's fair ratios are kept."""
    from cadre.learning import services as learning
    from cadre.orgs.choices import OrgKind
    from cadre.orgs.services import organisation_create, organisation_update
    from cadre.people.models import Specialty
    from cadre.people.services import education_add
    from cadre.ratings.models import EmployeeScore

    admin = world.users["admin"]
    organisation_update(actor=admin, organisation=world.orgs["unit_a1"], is_it_unit=True)
    it = Specialty.objects.get(code="09.03.01")
    for key in ("aliya", "bolat"):
        education_add(actor=admin, employee=kpis[key], level=3, specialty=it)
    centre = organisation_create(
        actor=admin,
        name="Centre",
        code="CDC",
        kind=OrgKind.COMPETENCE_CENTRE,
        parent=world.orgs["country"],
    )
    today = timezone.localdate()
    for code in ("C1", "C2"):
        course = learning.course_create(
            actor=admin,
            provider=centre,
            code=code,
            titles={"en": code},
            hours=8,
            format="online",
            currency="KZT",
        )
        session = learning.session_create(
            actor=admin, course=course, starts_on=today, ends_on=today, capacity=5
        )
        learning.enrolment_request(
            actor=world.users["hr_a"], session=session, employee=kpis["aliya"]
        )
        learning.enrolment_complete(
            actor=admin, session=session, employee=kpis["aliya"], passed=True
        )
    now = timezone.now()
    for key, ratio, expected in (("aliya", 0.9, 10.0), ("bolat", 1.3, 30.0)):
        EmployeeScore.objects.create(
            employee=kpis[key],
            computed_at=now,
            ratings=50,
            negatives=int(ratio * expected),
            expected=expected,
            ratio=ratio,
            ratio_low=ratio - 0.2,
            ratio_high=ratio + 0.2,
            p_worse=0.1,
            reliably_worse=False,
            mean=4.2,
        )


def test_the_job_computes_every_achievement_from_the_three_sources(
    world: World, kpis: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from cadre.core.models import Job
    from cadre.core.services import job_create

    _measured_world(world, kpis)
    period, aliya, bolat = kpis["period"], kpis["aliya"], kpis["bolat"]
    unit = give(
        world,
        kpis["it_share"],
        period,
        ("50", "70", "90"),
        "100",
        organisation=world.orgs["unit_a1"],
    )
    give(world, kpis["certs"], period, ("1", "2", "3"), "30", employee=aliya)
    give(world, kpis["ratio"], period, ("1.2", "1.0", "0.8"), "20", employee=aliya)
    egov = give(world, kpis["egov"], period, ("50", "70", "90"), "30", employee=aliya, parent=unit)
    manual = give(world, kpis["projects"], period, ("1", "3", "5"), "20", employee=aliya)
    give(world, kpis["ratio"], period, ("1.2", "1.0", "0.8"), "100", employee=bolat)
    hr = world.users["hr_a"]
    services.actual_create(
        actor=hr, assignment=egov, value=D("75"), origin="imported", source_system="eGov analytics"
    )
    services.actual_create(actor=hr, assignment=manual, value=D("4"), evidence=evidence())
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(actor=hr, kind="kpi.achievements_compute", params={"period": period.pk})
    job = Job.objects.get(pk=job.pk)
    assert job.status == "succeeded", job.message
    assert job.result == {"measured": 4, "people": 2, "created": 2, "updated": 0, "removed": 0}
    unit_actual = Actual.objects.get(assignment=unit)
    assert unit_actual.value == D("66.6700")  # 2 of the 3 IT staff
    assert unit_actual.rows == {
        "model": "people.employee",
        "ids": sorted([kpis["aliya"].pk, kpis["bolat"].pk, kpis["dana"].pk]),
    }
    got = selectors.achievements_for(period, [aliya.pk, bolat.pk, kpis["dana"].pk])
    assert sorted(got) == sorted([aliya.pk, bolat.pk])
    # Aliya: certificates 2 → 100 % × 30; ratio 0.9 → 125 % × 20; eGov 75 → 112.5 % × 30;
    # projects 4 unconfirmed → 0 × 20: 0.30 + 0.25 + 0.3375 + 0 = 0.8875.
    assert got[aliya.pk].total == D("0.8875")
    lines = {line["kpi"]: line for line in got[aliya.pk].lines}
    assert {k: (v["actual"], v["achievement"], v["note"]) for k, v in lines.items()} == {
        "CERTS": ("2.0000", "1.0000", ""),
        "RATIO": ("0.9000", "1.2500", ""),
        "EGOV": ("75.0000", "1.1250", ""),
        "PROJECTS": ("4.0000", "0.0000", "unconfirmed"),
    }
    assert lines["CERTS"]["rows"]["model"] == "learning.certificate"
    assert len(lines["CERTS"]["rows"]["ids"]) == 2
    assert lines["EGOV"]["source_system"] == "eGov analytics"
    # Bolat: ratio 1.3 is past the threshold 1.2: 0.
    assert got[bolat.pk].total == D("0.0000")
    # Confirmed by a second person, the manual actual counts at the next run: 4 of 3..5 → 125 %.
    services.actual_confirm(
        actor=world.users["manager_a1"], actual=Actual.objects.get(assignment=manual)
    )
    result = services.achievements_compute(actor=hr, period=period)
    assert result == {"measured": 0, "people": 2, "created": 0, "updated": 2, "removed": 0}
    assert Achievement.objects.get(employee=aliya, period=period).total == D("1.1375")


# --- pages and API -------------------------------------------------------------------------


def test_an_employee_sees_their_own_kpis_and_where_each_came_from(
    world: World, kpis: dict[str, Any], as_user: Any, api_as: Any
) -> None:
    period, aliya, bolat = kpis["period"], kpis["aliya"], kpis["bolat"]
    egov = give(world, kpis["egov"], period, ("50", "70", "90"), "100", employee=aliya)
    give(world, kpis["egov"], period, ("50", "70", "90"), "100", employee=bolat)
    services.actual_create(
        actor=world.users["hr_a"],
        assignment=egov,
        value=D("90"),
        origin="imported",
        source_system="eGov analytics",
    )
    services.achievements_compute(actor=world.users["hr_a"], period=period)
    page = as_user("employee_a1").get("/kpi/mine/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "EGOV" in body and "eGov analytics" in body and "150,00" in body, body
    assert "Bolat" not in body
    api = api_as("employee_a1")
    rows = api.get("/api/v1/kpi-achievements/").json()["results"]
    assert [(r["employee"], r["total"], r["period"]) for r in rows] == [
        (aliya.pk, "1.5000", period.code)
    ]
    mine = Achievement.objects.get(employee=aliya)
    theirs = Achievement.objects.get(employee=bolat)
    assert as_user("employee_a1").get(mine.get_absolute_url()).status_code == 200
    assert as_user("employee_a1").get(theirs.get_absolute_url()).status_code == 404
    assert api.get(f"/api/v1/kpi-assignments/{egov.pk}/").status_code == 200


def test_the_api_records_and_confirms_a_manual_actual(
    world: World, kpis: dict[str, Any], api_as: Any
) -> None:
    period, aliya = kpis["period"], kpis["aliya"]
    give(world, kpis["projects"], period, ("1", "3", "5"), "100", employee=aliya)
    hr = api_as("hr_a")
    body = {"period": period.code, "kpi": "PROJECTS", "employee": aliya.pk, "value": "4"}
    response = hr.post("/api/v1/kpi-actuals/", body, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "evidence",
            "code": "evidence",
            "message": "Для факта, вводимого вручную, нужен подтверждающий файл.",
        }
    ]
    unknown = hr.post(
        "/api/v1/kpi-actuals/",
        {**body, "period": "1999"},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert unknown.json()["errors"][0]["message"] == "Unknown period “1999”."
    response = hr.post("/api/v1/kpi-actuals/", {**body, "evidence": evidence()}, format="multipart")
    assert response.status_code == 201, response.json()
    actual_id = response.json()["id"]
    assert response.json()["counts"] is False
    again = hr.post("/api/v1/kpi-actuals/", {**body, "evidence": evidence()}, format="multipart")
    assert again.json()["errors"][0]["code"] == "duplicate"
    own = hr.post(f"/api/v1/kpi-actuals/{actual_id}/confirm/", HTTP_ACCEPT_LANGUAGE="en")
    assert own.status_code == 400
    assert own.json()["errors"][0]["message"] == (
        "The author of an actual may not confirm it; a second person does."
    )
    confirmed = api_as("manager_a1").post(f"/api/v1/kpi-actuals/{actual_id}/confirm/")
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["counts"] is True
    assert Actual.objects.count() == 1


def test_periods_through_the_api(
    world: World, kpis: dict[str, Any], api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    period = kpis["period"]
    give(world, kpis["egov"], period, ("50", "70", "90"), "60", employee=kpis["aliya"])
    admin = api_as("admin")
    response = admin.post(f"/api/v1/kpi-periods/{period.code}/freeze/")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "weights"
    assert admin.post("/api/v1/kpi-periods/NOPE/freeze/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/api/v1/kpi-periods/{period.code}/compute/")
    assert response.status_code == 202
    assert Achievement.objects.get(employee=kpis["aliya"]).total == D("0.0000")
    codes = [p["code"] for p in api_as("hr_a").get("/api/v1/kpi-periods/").json()]
    assert period.code in codes


def test_the_head_of_a_unit_sees_their_peoples_kpis_and_no_others(
    world: World, kpis: dict[str, Any], api_as: Any, as_user: Any
) -> None:
    from cadre.core.tests.test_scope_vocabulary import head_post, person
    from cadre.people.services import assignment_create

    admin, period = world.users["admin"], kpis["period"]
    head = person(world, "H1", "unit_a1", user=world.users["nobody"])
    assignment_create(
        actor=admin,
        employee=head,
        post=head_post(world, "unit_a1"),
        start_date=dt.date(2025, 1, 1),
    )
    aliya = give(world, kpis["egov"], period, ("50", "70", "90"), "100", employee=kpis["aliya"])
    national = services.definition_create(
        actor=admin,
        owner=world.orgs["country"],
        code="NAT-EGOV",
        names={"en": "Services online"},
        unit="percent",
        direction="higher",
        period_kind="year",
        origin="imported",
    )
    services.assignment_create(
        actor=world.users["hr_b"],
        definition=national,
        period=period,
        employee=kpis["erlan"],
        threshold=D(1),
        target=D(2),
        stretch=D(3),
        weight=D(100),
    )
    services.actual_create(
        actor=world.users["hr_a"],
        assignment=aliya,
        value=D(70),
        origin="imported",
        source_system="eGov analytics",
    )
    services.achievements_compute(actor=admin, period=period)
    api = api_as("nobody")
    rows = api.get("/api/v1/kpi-assignments/").json()["results"]
    assert [(r["kpi"], r["employee"]) for r in rows] == [("EGOV", kpis["aliya"].pk)]
    achieved = api.get("/api/v1/kpi-achievements/").json()["results"]
    assert [(r["employee"], r["total"]) for r in achieved] == [(kpis["aliya"].pk, "1.0000")]
    assert api.get("/api/v1/kpi-actuals/").json()["count"] == 1
    # Seen, not kept: the head changes nothing.
    response = api.patch(f"/api/v1/kpi-assignments/{aliya.pk}/", {"weight": "50"}, format="json")
    assert response.status_code == 403
    assert as_user("nobody").get(aliya.get_absolute_url()).status_code == 200


def test_pages_revise_a_version_in_use_and_confirm_a_manual_actual(
    world: World, kpis: dict[str, Any], as_user: Any
) -> None:
    from django.urls import reverse

    period, aliya = kpis["period"], kpis["aliya"]
    projects = give(world, kpis["projects"], period, ("1", "3", "5"), "100", employee=aliya)
    hr = as_user("hr_a")
    # A version in use: its edit page refuses; "New version" makes v2 with the new name.
    edit = hr.post(
        reverse("kpi:definition_edit", args=[kpis["projects"].pk]),
        {
            "unit": "count",
            "direction": "higher",
            "period_kind": "year",
            "origin": "manual",
            "measure": "",
            "name_en": "Projects",
            "reason": "x",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert edit.status_code == 400
    assert "is in use; make a new version instead." in edit.content.decode()
    revise = hr.post(
        reverse("kpi:definition_revise", args=[kpis["projects"].pk]),
        {
            "unit": "count",
            "direction": "higher",
            "period_kind": "year",
            "origin": "manual",
            "measure": "",
            "name_en": "Digital projects delivered",
            "name_kk": "Жобалар",
        },
    )
    assert revise.status_code == 302, revise.content.decode()[:2000]
    v2 = Definition.objects.get(code="PROJECTS", version=2)
    assert v2.names == {"en": "Digital projects delivered", "kk": "Жобалар"}
    assert revise["Location"] == v2.get_absolute_url()
    # A manual actual through its page, with its evidence; the author cannot confirm it.
    added = hr.post(
        reverse("kpi:actual_add"),
        {"assignment": projects.pk, "value": "4", "note": "Act № 5", "evidence": evidence()},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    actual = Actual.objects.get(assignment=projects)
    assert actual.file_name == "report.pdf" and len(actual.file_sha256) == 64
    page = hr.get(actual.get_absolute_url()).content.decode()
    assert "Confirm" not in page and "Подтвердить" not in page
    hr.post(actual.get_absolute_url())
    actual.refresh_from_db()
    assert actual.confirmed_at is None
    waiting = hr.get(reverse("kpi:actual_list") + "?unconfirmed=true").content.decode()
    assert actual.get_absolute_url() in waiting
    manager = as_user("manager_a1")
    evidence_url = reverse("kpi:actual_evidence", args=[actual.pk])
    download = manager.get(evidence_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 signed report"
    assert as_user("hr_b").get(evidence_url).status_code == 404
    assert "Подтвердить" in manager.get(actual.get_absolute_url()).content.decode()
    assert manager.post(actual.get_absolute_url()).status_code == 302
    actual.refresh_from_db()
    assert actual.confirmed_by == world.users["manager_a1"]
    # The list of actuals awaiting confirmation is empty now.
    waiting = hr.get(reverse("kpi:actual_list") + "?unconfirmed=true").content.decode()
    assert actual.get_absolute_url() not in waiting


def test_an_xlsx_of_actuals_imported_through_the_api(
    world: World, kpis: dict[str, Any], api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import hashlib
    import io

    from openpyxl import Workbook

    from cadre.core.models import Job

    period = kpis["period"]
    give(world, kpis["egov"], period, ("50", "70", "90"), "100", employee=kpis["aliya"])
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["period", "kpi", "personal_id", "organisation_code", "value", "source_system"])
    sheet.append([period.code, "EGOV", "A0001", None, 91.25, "eGov analytics"])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    upload = SimpleUploadedFile("egov.xlsx", data)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as("hr_a").post(
            "/api/v1/imports/", {"kind": "kpi.actuals", "file": upload}, format="multipart"
        )
    assert response.status_code == 202, response.json()
    job = Job.objects.get(pk=response.json()["id"])
    assert (job.status, job.result["created"]) == ("succeeded", 1)
    actual = Actual.objects.get()
    assert (actual.value, actual.origin, actual.file_name) == (D("91.25"), "imported", "egov.xlsx")
    assert actual.file_sha256 == hashlib.sha256(data).hexdigest()
    # An employee may not import actuals.
    refused_import = api_as("employee_a1").post(
        "/api/v1/imports/",
        {"kind": "kpi.actuals", "file": SimpleUploadedFile("egov.xlsx", data)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused_import.status_code == 400
    assert refused_import.json()["errors"][0]["message"] == (
        "You may not import this kind of record."
    )


def test_a_person_whose_kpis_were_removed_keeps_no_achievement(
    world: World, kpis: dict[str, Any]
) -> None:
    period, hr = kpis["period"], world.users["hr_a"]
    line = give(world, kpis["egov"], period, ("50", "70", "90"), "100", employee=kpis["bolat"])
    assert services.achievements_compute(actor=hr, period=period)["created"] == 1
    services.assignment_delete(actor=hr, instance=line)
    result = services.achievements_compute(actor=hr, period=period)
    assert (result["people"], result["removed"]) == (0, 1)
    assert selectors.achievements_for(period, [kpis["bolat"].pk]) == {}


def test_the_periods_page_freezes_and_computes_for_the_national_administrator(
    world: World, kpis: dict[str, Any], as_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.urls import reverse

    period = kpis["period"]
    give(world, kpis["egov"], period, ("50", "70", "90"), "60", employee=kpis["aliya"])
    hr_page = as_user("hr_a").get(reverse("kpi:periods")).content.decode()
    assert period.code in hr_page and 'value="freeze"' not in hr_page
    assert 'value="compute"' not in hr_page
    refused_freeze = as_user("hr_a").post(
        reverse("kpi:periods"), {"period": period.pk, "action": "freeze"}
    )
    assert refused_freeze.status_code == 302
    period.refresh_from_db()
    assert period.frozen_at is None
    admin = as_user("admin")
    admin.post(reverse("kpi:periods"), {"period": period.pk, "action": "freeze"})
    period.refresh_from_db()
    assert period.frozen_at is None  # Aliya's weights sum to 60 %
    give(world, kpis["projects"], period, ("1", "2", "3"), "40", employee=kpis["aliya"])
    admin.post(reverse("kpi:periods"), {"period": period.pk, "action": "freeze"})
    period.refresh_from_db()
    assert period.frozen_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("kpi:periods"), {"period": period.pk, "action": "compute"})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    assert Achievement.objects.filter(period=period).count() == 1
    assert as_user("employee_a1").get(reverse("kpi:periods")).status_code == 200
    assert as_user("nobody").get(reverse("kpi:periods")).status_code == 403
