"""Appeals as people use them: the person files through the API within the window, HR
admits with a panel (managers and the proposer refused), the panel — reaching the appeal by
membership only — decides, and an amended decision proposes a correction run; the contested
amount is held out of the payroll file meanwhile."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cadre.accounts.models import User
from cadre.appeals.calendar import add_working_days
from cadre.appeals.models import Appeal
from cadre.appeals.services import appeal_admit, appeal_decide, appeal_file, window_ends
from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.pay import services as pay
from cadre.pay.models import Run, RunLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(api_as: Any) -> Any:
    """The API clients of conftest, asking for English answers."""

    def make(username: str) -> Any:
        client = api_as(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def test_the_window_counts_working_days_of_the_persons_country() -> None:
    # KZ: 16 December is Independence Day; RU and VN work that week through.
    friday = dt.date(2026, 12, 11)
    assert add_working_days(friday, 10, "KZ") == dt.date(2026, 12, 28)
    assert add_working_days(friday, 10, "RU") == dt.date(2026, 12, 25)
    assert add_working_days(friday, 10, "VN") == dt.date(2026, 12, 25)
    # Nauryz (21–25 March 2026 in KZ) moves the third working day after 20 March to the 30th
    assert add_working_days(dt.date(2026, 3, 20), 3, "KZ") == dt.date(2026, 3, 30)


@pytest.fixture
def approved(world: World, pay_world: dict[str, Any]) -> dict[str, Any]:
    run = pay.run_propose(actor=world.users["hr_a"], fund=pay_world["fund"])
    run = pay.run_approve(actor=world.users["admin"], run=run)
    line = RunLine.objects.get(run=run, employee=pay_world["people"]["A0001"])
    return {**pay_world, "run": run, "line": line}


@pytest.fixture
def pay_world(pay: dict[str, Any]) -> dict[str, Any]:
    return pay


def _english(as_user: Any) -> Any:
    def make(username: str) -> Any:
        client = as_user(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def _file(api_as: Any, line: RunLine, **extra: Any) -> Any:
    return api_as("employee_a1").post(
        "/api/v1/appeals/file/",
        {
            "line": line.pk,
            "grounds": "The certificates I earned in May are missing from DIG-1.",
            "evidence": SimpleUploadedFile("cert.pdf", b"%PDF-1.4 evidence"),
            **extra,
        },
        format="multipart",
    )


def _payroll_rows(api_as: Any, run: Run) -> list[list[str]]:
    response = api_as("hr_a").get(f"/api/v1/pay-runs/{run.pk}/export/?file_format=csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_filing_admitting_and_an_amended_decision(
    world: World, approved: dict[str, Any], api_as: Any
) -> None:
    line, run = approved["line"], approved["run"]
    before_rows = _payroll_rows(api_as, run)

    filed = _file(api_as, line)
    assert filed.status_code == 201, filed.content
    body = filed.json()
    assert (body["state"], body["has_evidence"], body["run"]) == ("filed", True, run.pk)
    assert body["window_ends"] == window_ends(line).isoformat()
    appeal = Appeal.objects.get(pk=body["id"])

    # the contested amount is held: the payroll file lacks that person until the decision
    held_rows = _payroll_rows(api_as, run)
    assert len(held_rows) == len(before_rows) - 1
    assert not any(line.employee.personal_id in r for r in held_rows)

    # the person's manager and the run's proposer may not sit on the panel
    for name, who in (("manager_a1", "manager_a1"), ("hr_a", "hr_a"), ("employee_a1", "me")):
        response = api_as("hr_a").post(
            f"/api/v1/appeals/{appeal.pk}/admit/",
            {"panel": [world.users["hr_b"].pk, world.users[name].pk]},
            format="json",
        )
        assert response.status_code == 400, who
        assert response.json()["errors"][0]["field"] == "panel"
        assert "may not sit on this panel" in response.json()["errors"][0]["message"]
    assert Appeal.objects.get(pk=appeal.pk).state == "filed"

    # before it is admitted, the future panel member (HR of another body) does not see it
    assert api_as("hr_b").get(f"/api/v1/appeals/{appeal.pk}/").status_code == 404
    admitted = api_as("hr_a").post(
        f"/api/v1/appeals/{appeal.pk}/admit/",
        {"panel": [world.users["admin"].pk, world.users["hr_b"].pk]},
        format="json",
    )
    assert admitted.status_code == 200, admitted.content
    assert sorted(admitted.json()["panel"]) == ["admin", "hr_b"]
    assert admitted.json()["decide_by"] is not None
    # members reach it by membership, whatever their roles' scope
    assert api_as("hr_b").get(f"/api/v1/appeals/{appeal.pk}/").status_code == 200
    # someone not on the panel cannot decide, even HR of the body
    refused = api_as("hr_a").post(
        f"/api/v1/appeals/{appeal.pk}/decide/",
        {"outcome": "rejected", "reason": "No."},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["message"] == (
        "Only a member of this appeal's panel may decide it."
    )
    assert Run.objects.filter(fund=run.fund).count() == 1

    decided = api_as("hr_b").post(
        f"/api/v1/appeals/{appeal.pk}/decide/",
        {
            "outcome": "amended",
            "reason": "Two certificates were left out.",
            "amended_achievement": "1.5",
        },
        format="json",
    )
    assert decided.status_code == 200, decided.content
    assert (decided.json()["state"], decided.json()["amended_achievement"]) == ("amended", "1.5000")
    correction = Run.objects.get(pk=decided.json()["correction"])
    assert (correction.state, correction.corrects_id) == ("proposed", run.pk)
    new_line = RunLine.objects.get(run=correction, employee=line.employee)
    assert new_line.achievement == 1.5
    assert new_line.previous_amount == line.amount
    # the fund is still exactly allocated (or the rest reported): nothing is created or lost
    assert correction.allocated + correction.unallocated == run.fund_amount
    assert sum(correction.lines.values_list("amount", flat=True)) == correction.allocated
    # decided: the hold is lifted
    assert len(_payroll_rows(api_as, run)) == len(before_rows)
    steps = list(
        AuditEvent.objects.filter(object_type="appeals.appeal", object_id=str(appeal.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert steps == ["file", "admit", "decide"]


def test_the_panel_is_drawn_from_those_whose_roles_decide_appeals(
    world: World, approved: dict[str, Any], api_as: Any, as_user: Any
) -> None:
    from cadre.accounts.choices import Role
    from cadre.accounts.services import role_assignment_create, user_create
    from cadre.appeals.models import PanelMember
    from cadre.orgs.choices import OrgKind
    from cadre.orgs.services import organisation_create

    admin = world.users["admin"]
    # HR of another country's tree decides nothing here.
    abroad = organisation_create(actor=admin, name="Abroad", code="ABROAD", kind=OrgKind.COUNTRY)
    foreign_hr = user_create(actor=admin, username="hr_abroad", password="x-Long-enough-1")
    role_assignment_create(actor=admin, user=foreign_hr, role=Role.HR_OFFICER, organisation=abroad)
    appeal = Appeal.objects.get(pk=_file(api_as, approved["line"]).json()["id"])
    country = world.orgs["country"].name
    for name in ("nobody", "provider", "auditor", "hr_abroad"):
        refused = api_as("hr_a").post(
            f"/api/v1/appeals/{appeal.pk}/admit/",
            {"panel": [world.users["hr_b"].pk, User.objects.get(username=name).pk]},
            format="json",
        )
        assert refused.status_code == 400, name
        assert refused.json()["errors"] == [
            {
                "field": "panel",
                "code": "role",
                "message": f"{name} may not sit on this panel: they hold no role that decides "
                f"appeals in “{country}”.",
            }
        ], name
    # In the reader's language.
    ru = api_as("hr_a")
    ru.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    refused = ru.post(
        f"/api/v1/appeals/{appeal.pk}/admit/",
        {"panel": [world.users["nobody"].pk]},
        format="json",
    )
    assert refused.json()["errors"][0]["message"] == (
        f"nobody не может входить в комиссию: ни одна из его ролей не позволяет решать "
        f"апелляции в “{country}”."
    )
    # The page offers only those who may sit, and refuses anyone else the same way.
    hr = _english(as_user)("hr_a")
    page = hr.get(f"/appeals/{appeal.pk}/").content.decode()
    offered = page.split('name="panel"')[1].split("</select>")[0]
    assert f'value="{world.users["hr_b"].pk}"' in offered
    assert f'value="{admin.pk}"' in offered
    for name in ("nobody", "provider", "auditor", "hr_abroad", "hr_a", "employee_a1"):
        assert f'value="{User.objects.get(username=name).pk}"' not in offered, name
    # The form says who is listed and who may not sit.
    assert (
        "Listed: the accounts whose role decides appeals in this country (HR officers, "
        "national administrators), from any body." in page
    )
    response = hr.post(
        f"/appeals/{appeal.pk}/admit/", {"panel": [world.users["nobody"].pk]}, follow=True
    )
    assert (
        f"nobody may not sit on this panel: they hold no role that decides appeals in "
        f"“{country}”." in [str(m) for m in response.context["messages"]]
    )
    appeal.refresh_from_db()
    assert (appeal.state, PanelMember.objects.count()) == ("filed", 0)
    assert not AuditEvent.objects.filter(action="admit").exists()
    # HR of another body and a national administrator may.
    admitted = api_as("hr_a").post(
        f"/api/v1/appeals/{appeal.pk}/admit/",
        {"panel": [world.users["hr_b"].pk, admin.pk]},
        format="json",
    )
    assert admitted.status_code == 200, admitted.content
    assert sorted(admitted.json()["panel"]) == ["admin", "hr_b"]


def test_only_the_person_may_appeal_within_the_window_and_once(
    world: World, approved: dict[str, Any], api_as: Any
) -> None:
    line = approved["line"]
    other = api_as("hr_a").post(
        "/api/v1/appeals/file/", {"line": line.pk, "grounds": "x"}, format="multipart"
    )
    assert other.status_code == 400
    assert other.json()["errors"][0]["field"] == "line"
    ends = window_ends(line)
    with pytest.raises(ApplicationError, match=f"The time to appeal ended on {ends.isoformat()}"):
        appeal_file(
            actor=world.users["employee_a1"],
            line=line,
            grounds="late",
            today=ends + dt.timedelta(days=1),
        )
    blank = _file(api_as, line, grounds="   ")
    assert blank.status_code == 400
    assert Appeal.objects.count() == 0
    assert _file(api_as, line).status_code == 201
    again = _file(api_as, line)
    assert again.status_code == 400
    assert again.json()["errors"][0]["message"] == (
        "This pay line already has an appeal under way."
    )
    assert Appeal.objects.count() == 1


def test_a_line_of_a_proposed_run_cannot_be_appealed(
    world: World, pay_world: dict[str, Any]
) -> None:
    run = pay.run_propose(actor=world.users["hr_a"], fund=pay_world["fund"])
    line = RunLine.objects.get(run=run, employee=pay_world["people"]["A0001"])
    with pytest.raises(ApplicationError, match="Only a line of an approved run can be appealed"):
        appeal_file(actor=world.users["employee_a1"], line=line, grounds="too early")


def test_a_rejected_appeal_leaves_the_run_and_a_withdrawn_one_cannot_be_decided(
    world: World, approved: dict[str, Any], api_as: Any
) -> None:
    appeal = Appeal.objects.get(pk=_file(api_as, approved["line"]).json()["id"])
    appeal_admit(actor=world.users["hr_a"], appeal=appeal, panel=[world.users["hr_b"]])
    appeal_decide(
        actor=world.users["hr_b"], appeal=appeal, outcome="rejected", reason="Counted right."
    )
    appeal.refresh_from_db()
    assert (appeal.state, appeal.correction_id) == ("rejected", None)
    assert Run.objects.filter(fund=approved["fund"]).count() == 1

    second = Appeal.objects.get(pk=_file(api_as, approved["line"]).json()["id"])
    withdrawn = api_as("employee_a1").post(f"/api/v1/appeals/{second.pk}/withdraw/")
    assert withdrawn.json()["state"] == "withdrawn"
    with pytest.raises(ApplicationError, match="Only an admitted appeal can be decided"):
        appeal_decide(actor=world.users["hr_b"], appeal=second, outcome="upheld", reason="late")
    second.refresh_from_db()
    assert second.state == "withdrawn"
    assert second.decided_at is not None and second.decided_at <= timezone.now()


def test_the_pages_file_admit_and_decide(
    world: World, approved: dict[str, Any], as_user: Any
) -> None:
    line = approved["line"]
    as_user = _english(as_user)
    person = as_user("employee_a1")
    explained = person.get(f"/pay/lines/{line.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/appeals/lines/{line.pk}/"' in explained  # "Appeal against this line"
    page = person.get(f"/appeals/lines/{line.pk}/")
    assert page.status_code == 200
    assert as_user("hr_a").get(f"/appeals/lines/{line.pk}/").status_code == 404  # not theirs
    posted = person.post(f"/appeals/lines/{line.pk}/", {"grounds": "Missing certificates."})
    assert posted.status_code == 302
    appeal = Appeal.objects.get()
    hr = as_user("hr_a")
    detail = hr.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "Admit and name the panel" in detail
    hr.post(f"/appeals/{appeal.pk}/admit/", {"panel": [world.users["hr_b"].pk]})
    member = as_user("hr_b")
    assert "Record the decision" in member.get(f"/appeals/{appeal.pk}/").content.decode()
    member.post(f"/appeals/{appeal.pk}/decide/", {"outcome": "upheld", "reason": "Data fixed."})
    appeal.refresh_from_db()
    assert appeal.state == "upheld"
    assert appeal.correction is not None and appeal.correction.state == "proposed"
    # HR opens the correction run from the appeal; the appellant, who may not open runs,
    # gets no link to it.
    link = f'href="/pay/runs/{appeal.correction.pk}/"'
    assert link in hr.get(f"/appeals/{appeal.pk}/").content.decode()
    assert hr.get(f"/pay/runs/{appeal.correction.pk}/").status_code == 200
    assert link not in person.get(f"/appeals/{appeal.pk}/").content.decode()
    assert person.get(f"/pay/runs/{appeal.correction.pk}/").status_code == 404
    listed = hr.get("/appeals/").content.decode()
    assert str(line.employee) in listed


def test_a_line_held_at_every_export_is_paid_in_full_by_the_correction(
    world: World, approved: dict[str, Any], api_as: Any
) -> None:
    line, run = approved["line"], approved["run"]
    appeal = Appeal.objects.get(pk=_file(api_as, line).json()["id"])
    held = _payroll_rows(api_as, run)  # the first file of the run: the line is held
    assert not any(line.employee.personal_id in r for r in held)
    appeal_admit(actor=world.users["hr_a"], appeal=appeal, panel=[world.users["hr_b"]])
    appeal = appeal_decide(
        actor=world.users["hr_b"],
        appeal=appeal,
        outcome="amended",
        reason="Two certificates were left out.",
        amended_achievement="1.5",
    )
    assert appeal.correction is not None
    correction = pay.run_approve(actor=world.users["hr_a"], run=appeal.correction)
    table = _payroll_rows(api_as, correction)[1:]  # without the header
    rows = {r[1]: int(r[5]) for r in table if r[0] != "CONTROL"}
    new_line = RunLine.objects.get(run=correction, employee=line.employee)
    # never paid by the first run's file: the correction pays the whole new amount …
    assert rows[line.employee.personal_id] == new_line.amount
    # … and the others only the difference against what they were paid
    for other in correction.lines.exclude(employee=line.employee).select_related("employee"):
        difference = other.amount - other.previous_amount
        assert rows.get(other.employee.personal_id, 0) == difference


# --- the generated CRUD × scope cases -----------------------------------------------------

from cadre.core.testing import crud  # noqa: E402
from cadre.pay.tests.test_pay import PayCases, _fund, _person  # noqa: E402


class TestAppealCases(PayCases, crud.UIList, crud.APIRead):
    model = Appeal
    url_prefix = "appeals:appeal"
    api_basename = "appeal"

    def export_key(self, obj: Any) -> str:
        return str(obj.line.employee)

    def make(self, world: World, where: str) -> Appeal:
        person = _person(world, where)
        run = pay.run_propose(actor=world.users["admin"], fund=_fund(world, where))
        run = pay.run_approve(actor=world.users[f"hr_{where}"], run=run)
        line = run.lines.get(employee=person)
        return Appeal.objects.create(
            line=line, grounds="test", filed_at=timezone.now(), window_ends=window_ends(line)
        )


def test_each_step_is_notified_to_whom_it_concerns(
    world: World, approved: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    from cadre.accounts.models import User
    from cadre.appeals.services import appeal_withdraw

    for name in ("employee_a1", "hr_a", "admin", "hr_b"):
        User.objects.filter(username=name).update(email=f"{name}@example.kz", language="en")
    users = {u.username: u for u in User.objects.all()}
    with django_capture_on_commit_callbacks(execute=True):
        appeal = appeal_file(actor=users["employee_a1"], line=approved["line"], grounds="Why.")
    assert [(m.subject, m.to) for m in mail.outbox] == [
        (f"Appeal {appeal.pk} filed", ["employee_a1@example.kz"]),
        (f"Appeal {appeal.pk} filed", ["hr_a@example.kz"]),
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appeal_admit(actor=users["hr_a"], appeal=appeal, panel=[users["admin"], users["hr_b"]])
    assert sorted((m.subject, m.to[0]) for m in mail.outbox) == [
        (f"Appeal {appeal.pk} admitted", "employee_a1@example.kz"),
        (f"You sit on the panel of appeal {appeal.pk}", "admin@example.kz"),
        (f"You sit on the panel of appeal {appeal.pk}", "hr_b@example.kz"),
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appeal_withdraw(actor=users["employee_a1"], appeal=appeal)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "admin@example.kz",
        "hr_a@example.kz",
        "hr_b@example.kz",
    ]
    # a refused step tells no one
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        appeal_decide(actor=users["hr_b"], appeal=appeal, outcome="upheld", reason="x")
    assert mail.outbox == []
