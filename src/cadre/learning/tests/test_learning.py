"""Courses, sessions, enrolment and completion: every refusal, certificates and evidence."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cadre.assessments.models import Evidence, Proficiency
from cadre.assessments.selectors import person_gaps
from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.learning import services
from cadre.learning.models import (
    Certificate,
    Course,
    Enrolment,
    LearningPlan,
    Session,
    TrainingTarget,
)


def _complete_basic(world: World, centre: Any, person: Any) -> None:
    services.enrolment_request(
        actor=world.users["hr_a"], session=centre["basic_session"], employee=person
    )
    services.enrolment_complete(
        actor=world.users["teacher"], session=centre["basic_session"], employee=person, passed=True
    )


def test_a_missing_prerequisite_and_a_full_session_are_refused(
    world: World, staff: Any, centre: Any
) -> None:
    hr = world.users["hr_a"]
    with pytest.raises(ApplicationError) as caught:
        services.enrolment_request(actor=hr, session=centre["session"], employee=staff["aliya"])
    assert str(caught.value) == "“Aliya Test” has not completed the prerequisite “Digital basics”."
    for key in ("aliya", "bolat", "dana"):
        _complete_basic(world, centre, staff[key])
    services.enrolment_request(actor=hr, session=centre["session"], employee=staff["aliya"])
    services.enrolment_request(actor=hr, session=centre["session"], employee=staff["bolat"])
    with pytest.raises(ApplicationError) as caught:
        services.enrolment_request(actor=hr, session=centre["session"], employee=staff["dana"])
    assert str(caught.value) == "The session is full: all 2 places are taken."
    with pytest.raises(ApplicationError, match="already in this session"):
        services.enrolment_request(actor=hr, session=centre["session"], employee=staff["aliya"])
    with pytest.raises(ApplicationError) as caught:
        services.enrolment_request(
            actor=world.users["hr_b"], session=centre["basic_session"], employee=staff["dana"]
        )
    assert str(caught.value) == "You may not enrol “Dana Test”."
    assert Enrolment.objects.filter(session=centre["session"]).count() == 2


def test_completion_issues_a_certificate_and_the_gap_shrinks_by_itself(
    world: World, staff: Any, centre: Any
) -> None:
    aliya = staff["aliya"]
    _complete_basic(world, centre, aliya)
    _version, gaps = person_gaps(aliya)
    assert [(g.competency.code, g.shortfall) for g in gaps] == [("SA.1", 3), ("IS.1", 2)]
    services.enrolment_request(actor=world.users["hr_a"], session=centre["session"], employee=aliya)
    services.enrolment_complete(
        actor=world.users["teacher"],
        session=centre["session"],
        employee=aliya,
        passed=True,
        attended_hours=38,
        score=87,
    )
    certificate = Certificate.objects.get(course=centre["analysis"])
    assert certificate.expires_on is not None
    assert (certificate.expires_on.year - certificate.issued_on.year) == 3
    assert list(
        Evidence.objects.filter(employee=aliya, instrument="course").values_list("code", "level")
    ) == [("SA.1", 3)]
    assert Proficiency.objects.get(employee=aliya, code="SA.1").level == 3
    _version, gaps = person_gaps(aliya)
    assert [(g.competency.code, g.shortfall) for g in gaps] == [("SA.1", 0), ("IS.1", 2)]
    assert AuditEvent.objects.filter(action="issue", object_id=str(certificate.pk)).exists()


def test_completion_for_someone_not_enrolled_or_by_another_provider_is_refused(
    world: World, staff: Any, centre: Any
) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.enrolment_complete(
            actor=world.users["teacher"],
            session=centre["basic_session"],
            employee=staff["bolat"],
            passed=True,
        )
    assert str(caught.value) == "“Bolat Test” is not enrolled in this session."
    services.enrolment_request(
        actor=world.users["hr_a"], session=centre["basic_session"], employee=staff["bolat"]
    )
    with pytest.raises(ApplicationError) as caught:
        services.enrolment_complete(
            actor=world.users["provider"],
            session=centre["basic_session"],
            employee=staff["bolat"],
            passed=True,
        )
    assert str(caught.value) == "You may not keep the courses of “Centre of Digital Competencies”."
    with pytest.raises(ApplicationError, match="The course has 16 hours"):
        services.enrolment_complete(
            actor=world.users["teacher"],
            session=centre["basic_session"],
            employee=staff["bolat"],
            passed=True,
            attended_hours=17,
        )
    assert (Certificate.objects.count(), Enrolment.objects.get().status) == (0, "enrolled")


def test_an_employee_requests_and_the_manager_approves(
    world: World, staff: Any, centre: Any
) -> None:
    enrolment = services.enrolment_request(
        actor=world.users["employee_a1"], session=centre["basic_session"], employee=staff["aliya"]
    )
    assert enrolment.status == "requested"
    with pytest.raises(
        ApplicationError, match="Only the person's manager or HR officer may approve"
    ):
        services.enrolment_approve(actor=world.users["employee_a1"], enrolment=enrolment)
    with pytest.raises(ApplicationError, match="You may not enrol"):
        services.enrolment_request(
            actor=world.users["employee_a1"],
            session=centre["basic_session"],
            employee=staff["bolat"],
        )
    with pytest.raises(ApplicationError, match="is not enrolled"):
        services.enrolment_complete(
            actor=world.users["teacher"],
            session=centre["basic_session"],
            employee=staff["aliya"],
            passed=True,
        )
    assert (
        services.enrolment_approve(actor=world.users["manager_a1"], enrolment=enrolment).status
        == "enrolled"
    )


def test_certificates_are_verified_by_anyone_and_forgeries_revocations_are_told(
    world: World, staff: Any, centre: Any, client: Any
) -> None:
    _complete_basic(world, centre, staff["aliya"])
    certificate = Certificate.objects.get()
    page = client.get(
        reverse("learning_public:verify", args=[certificate.identifier]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Genuine and valid." in text and "Aliya Test" in text and "Digital basics" in text
    assert "A0001" not in text  # the personal identifier is never shown
    value, _sep, signature = certificate.identifier.rpartition(":")
    forged = value.replace(value[-6:], "ABCDEF") + ":" + signature
    page = client.get(reverse("learning_public:verify", args=[forged]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 404 and "Not genuine" in page.content.decode()
    page = client.get(
        reverse("learning_public:verify", args=["garbage"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 404 and "Not genuine" in page.content.decode()
    with pytest.raises(ApplicationError, match="Give the reason"):
        services.certificate_revoke(
            actor=world.users["teacher"], certificate=certificate, reason=" "
        )
    services.certificate_revoke(
        actor=world.users["teacher"], certificate=certificate, reason="Exam fraud"
    )
    page = client.get(
        reverse("learning_public:verify", args=[certificate.identifier]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Revoked" in page.content.decode() and "Exam fraud" in page.content.decode()
    assert services.certificate_verify(certificate.identifier)[0] == "revoked"


def test_the_holder_of_a_certificate_is_told_what_comes_next(
    world: World, staff: Any, centre: Any, client: Any, as_user: Any
) -> None:
    _complete_basic(world, centre, staff["aliya"])
    certificate = Certificate.objects.get()
    url = reverse("learning_public:verify", args=[certificate.identifier])
    holder = as_user("employee_a1").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What you can do next" in holder
    assert reverse("assessments:mine") in holder and reverse("learning:mine") in holder
    assert ("It expires on" in holder) == (certificate.expires_on is not None)
    for other in (client, as_user("hr_a")):
        page = other.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Genuine and valid." in page and "What you can do next" not in page


def test_course_inputs_are_checked(world: World, staff: Any, centre: Any) -> None:
    teacher = world.users["teacher"]
    base = {
        "provider": centre["org"],
        "titles": {"en": "X"},
        "hours": 4,
        "format": "online",
        "currency": "KZT",
    }
    cases: list[tuple[dict[str, Any], str]] = [
        (
            {"code": "C1", "outcomes": [{"competency": "DG:SA.1", "level": 7}]},
            "The level must be a whole number from 1 to 4.",
        ),
        ({"code": "C2", "prerequisites": ["NOPE"]}, "Unknown course(s): NOPE."),
        (
            {"code": "C3", "languages_taught": ["fr"]},
            "Unknown language “fr”; use one of: ru, kk, vi, en.",
        ),
        ({"code": "C4", "titles": {}}, "Give the text in at least one language."),
    ]
    for extra, message in cases:
        with pytest.raises(ApplicationError) as caught:
            services.course_create(actor=teacher, **(base | extra))
        assert str(caught.value) == message
    with pytest.raises(ApplicationError, match="You may not keep the courses"):
        services.course_create(actor=world.users["hr_a"], code="C5", **base)
    assert Course.objects.count() == 2


def test_pages_enrol_and_record(world: World, staff: Any, centre: Any, as_user: Any) -> None:
    session = centre["basic_session"]
    hr = as_user("hr_a")
    bad = hr.post(
        session.get_absolute_url(),
        {"action": "enrol", "personal_id": "B0001"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (
        bad.status_code == 400
        and "Nobody with this identifier in your scope." in bad.content.decode()
    )
    assert (
        hr.post(session.get_absolute_url(), {"action": "enrol", "personal_id": "A0002"}).status_code
        == 302
    )
    # A manager sees Dana but not her identifier: typing it names nobody (issue 17, item 24).
    manager = as_user("manager_a1")
    blind = manager.post(
        session.get_absolute_url(),
        {"action": "enrol", "personal_id": "A0003"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert blind.status_code == 400
    assert "Nobody with this identifier in your scope." in blind.content.decode()
    assert not session.enrolments.filter(employee=staff["dana"]).exists()
    teacher = as_user("teacher")
    page = teacher.get(session.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bolat" in page and "Record the result" in page
    done = teacher.post(
        session.get_absolute_url(),
        {
            "action": "complete",
            "employee": staff["bolat"].pk,
            "passed": "on",
            "attended_hours": "16",
            "score": "90",
        },
    )
    assert done.status_code == 302
    assert Certificate.objects.filter(employee=staff["bolat"]).count() == 1
    other = teacher.post(
        session.get_absolute_url(),
        {"action": "complete", "employee": staff["dana"].pk, "passed": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (
        other.status_code == 400
        and "The person is not enrolled in this session." in other.content.decode()
    )
    mine = as_user("employee_a1").get(reverse("learning:mine"), HTTP_ACCEPT_LANGUAGE="en")
    assert mine.status_code == 200
    catalogue = (
        as_user("employee_a1")
        .get(reverse("learning:course_list") + "?competency=SA.1", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Systems analysis in government" in catalogue and "Digital basics" not in catalogue


class TestCoursePages(crud.CrudBase):
    """The catalogue is read by everyone (tests above); providers keep their own courses."""

    model = Course


class TestSessionPages(crud.CrudBase):
    model = Session


class TestCertificatePages(crud.CrudBase):
    model = Certificate


def test_a_plan_closes_the_gaps_with_prerequisites_first_and_is_approved_by_the_manager(
    world: World, staff: Any, centre: Any, as_user: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    from cadre.learning import plans
    from cadre.learning.models import LearningPlan

    aliya = staff["aliya"]
    due = timezone.localdate() + dt.timedelta(days=100)
    with pytest.raises(ApplicationError, match="You may not plan the learning"):
        plans.plan_generate(actor=world.users["hr_b"], employee=aliya, due_on=due)
    with pytest.raises(ApplicationError, match="must end after today"):
        plans.plan_generate(
            actor=world.users["manager_a1"], employee=aliya, due_on=timezone.localdate()
        )
    plan = plans.plan_generate(actor=world.users["manager_a1"], employee=aliya, due_on=due)
    items = list(plan.items.order_by("position"))
    assert [(i.course.code if i.course else None, i.code) for i in items] == [
        ("BASIC", ""),  # the prerequisite, first
        ("SA-301", "SA.1"),  # the heaviest gap: SA.1, weight 2
        (None, "IS.1"),  # no course builds IS.1
    ]
    assert [(i.due_on - timezone.localdate()).days for i in items] == [33, 66, 100]
    with pytest.raises(ApplicationError, match="Only the person's manager or HR officer"):
        plans.plan_approve(actor=world.users["employee_a1"], plan=plan)
    page = (
        as_user("employee_a1")
        .get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "No course in the catalogue closes this gap." in page and "Approve the plan" not in page
    manager = as_user("manager_a1")
    with pytest.raises(ApplicationError, match="already in the plan"):
        plans.plan_item_add(
            actor=world.users["manager_a1"], plan=plan, course=centre["basic"], due_on=due
        )
    extra = services.course_create(
        actor=world.users["teacher"],
        provider=centre["org"],
        code="EXTRA",
        titles={"en": "Extra"},
        hours=2,
        format="online",
        currency="KZT",
    )
    with pytest.raises(ApplicationError, match="Choose a date from today to"):
        plans.plan_item_add(
            actor=world.users["manager_a1"],
            plan=plan,
            course=extra,
            due_on=due + dt.timedelta(days=1),
        )
    added = manager.post(
        plan.get_absolute_url(),
        {"action": "add", "course": extra.pk, "due_on": due.isoformat()},
    )
    assert added.status_code == 302 and plan.items.filter(course=extra, position=4).exists()
    manager.post(plan.get_absolute_url(), {"item": plan.items.get(course=extra).pk})
    manager.post(plan.get_absolute_url(), {"item": items[2].pk})
    manager.post(plan.get_absolute_url(), {"action": "approve"})
    plan.refresh_from_db()
    assert (plan.status, plan.items.count()) == ("approved", 2)
    _complete_basic(world, centre, aliya)
    page = (
        as_user("employee_a1")
        .get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "1 of 2 done" in page
    assert LearningPlan.objects.restrict(world.users["hr_b"], "view").count() == 0


def test_targets_count_certificates_and_levels_and_forecast_at_the_current_pace(
    world: World, staff: Any, centre: Any, as_user: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    from cadre.learning import plans

    hr = world.users["hr_a"]
    today = timezone.localdate()
    with pytest.raises(ApplicationError) as caught:
        plans.target_create(
            actor=hr,
            organisation=world.orgs["body_a"],
            title="Late",
            kind="course",
            course=centre["basic"],
            due_on=today - dt.timedelta(days=1),
        )
    assert caught.value.errors == {"due_on": ["The end date is in the past."]}
    with pytest.raises(ApplicationError, match="You may not set targets"):
        plans.target_create(
            actor=hr,
            organisation=world.orgs["body_b"],
            title="B",
            kind="course",
            course=centre["basic"],
            due_on=today,
        )
    everyone = plans.target_create(
        actor=hr,
        organisation=world.orgs["body_a"],
        title="All complete the basic course",
        kind="course",
        course=centre["basic"],
        due_on=today + dt.timedelta(days=90),
    )
    experts = plans.target_create(
        actor=hr,
        organisation=world.orgs["body_a"],
        title="2 analysts at level 3",
        kind="competency",
        competency="DG:SA.1",
        level=3,
        target=2,
        due_on=today + dt.timedelta(days=180),
    )
    _complete_basic(world, centre, staff["aliya"])
    progress = plans.target_progress(everyone)
    assert (progress.reached, progress.goal, progress.percent) == (1, 3, 33)
    assert (progress.per_month, progress.forecast, progress.on_track) == (0.3, 2, False)
    services.enrolment_request(actor=hr, session=centre["session"], employee=staff["aliya"])
    services.enrolment_complete(
        actor=world.users["teacher"],
        session=centre["session"],
        employee=staff["aliya"],
        passed=True,
    )
    progress = plans.target_progress(experts)
    # One analyst reached level 3 in the last 90 days: 1/90 a day, 2 expected in 180 days.
    assert (progress.reached, progress.goal, progress.forecast, progress.on_track) == (
        1,
        2,
        3,
        True,
    )
    # The page draws it (decision 0029): the table behind the chart and its CSV.
    from django.utils import translation
    from django.utils.formats import date_format

    from cadre.core.testing.charts import chart_figure, chart_table, csv_rows

    client = as_user("hr_a")
    page = client.get(experts.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("en"):
        expected = f"Expected by {date_format(experts.due_on, 'SHORT_DATE_FORMAT')} at this pace"
    assert chart_table(page, "target") == [
        ["Measure", "People"],
        ["Reached now", "1"],
        [expected, "3"],
        ["Target", "2"],
    ]
    (bars,) = chart_figure(page, "target")["data"]
    assert bars["x"] == [1, 3, 2] and bars["marker"]["color"][1] == "#2e7d32"  # on track
    assert 'class="bar' not in page
    exported = client.get(
        experts.get_absolute_url() + "?export=chart-target", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert csv_rows(exported.content) == [
        ["Measure", "People"],
        ["Reached now", "1"],
        [expected, "3"],
        ["Target", "2"],
    ]


class TestTrainingTargetPages(crud.UIList, crud.APIRead):
    model = TrainingTarget
    url_prefix = "learning:trainingtarget"
    api_basename = "trainingtarget"
    export_column = 0

    def make(self, world: World, where: str) -> TrainingTarget:
        import datetime as dt

        from cadre.learning import plans

        course = Course.objects.first() or services.course_create(
            actor=world.users["admin"],
            provider=world.orgs["country"],
            code="ANY",
            titles={"en": "Any"},
            hours=1,
            format="online",
            currency="KZT",
        )
        return plans.target_create(
            actor=world.users["admin"],
            organisation=world.orgs[f"body_{where}"],
            title=f"Target {where} {TrainingTarget.objects.count()}",
            kind="course",
            course=course,
            due_on=dt.date(2030, 1, 1),
        )

    def export_key(self, obj: TrainingTarget) -> str:
        return obj.title


class TestLearningPlanPages(crud.CrudBase):
    """Plans: their scope is tested above (the person, their manager, not another body)."""

    model = LearningPlan


def test_the_learning_api_end_to_end(world: World, staff: Any, centre: Any, api_as: Any) -> None:
    import datetime as dt

    from django.utils import timezone
    from rest_framework.test import APIClient

    teacher = api_as("teacher")
    made = teacher.post(
        reverse("v1:course-list"),
        {
            "provider": centre["org"].pk,
            "code": "PM-101",
            "titles": {"en": "Project management", "ru": "Управление проектами"},
            "hours": 24,
            "format": "in_person",
            "currency": "KZT",
            "outcomes": [{"competency": "DG:IS.1", "level": 2}],
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["outcomes"] == [{"competency": "DG:IS.1", "level": 2}]
    assert api_as("hr_a").post(reverse("v1:course-list"), {}, format="json").status_code == 403
    start = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    session = teacher.post(
        reverse("v1:course-sessions", args=[made.json()["id"]]),
        {"starts_on": start, "ends_on": start, "capacity": 1},
        format="json",
    )
    assert session.status_code == 201, session.content
    sid = session.json()["id"]
    hr = api_as("hr_a")
    enrolled = hr.post(
        reverse("v1:enrolment-list"), {"session": sid, "employee": staff["dana"].pk}, format="json"
    )
    assert enrolled.status_code == 201 and enrolled.json()["status"] == "enrolled"
    full = hr.post(
        reverse("v1:enrolment-list"),
        {"session": sid, "employee": staff["bolat"].pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert full.status_code == 400
    assert full.json()["errors"][0]["message"] == "The session is full: all 1 places are taken."
    result = teacher.post(
        reverse("v1:session-results", args=[sid]),
        {"employee": staff["dana"].pk, "passed": True},
        format="json",
    )
    assert result.status_code == 200 and result.json()["status"] == "completed"
    identifier = Certificate.objects.get(employee=staff["dana"]).identifier
    check = APIClient().get(
        reverse("v1:certificate-check", args=[identifier]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert check.status_code == 200
    assert check.json() | {"issued_on": None} == {
        "status": "valid",
        "holder": "Dana Test",  # family name first, as everywhere
        "course": "Project management",
        "issued_on": None,
        "expires_on": None,
    }
    assert (
        APIClient().get(reverse("v1:certificate-check", args=[identifier + "x"])).json()["status"]
        == "forged"
    )
    plan = api_as("manager_a1").post(
        reverse("v1:learningplan-list"),
        {
            "employee": staff["bolat"].pk,
            "due_on": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        },
        format="json",
    )
    assert plan.status_code == 201, plan.content
    assert [i["course"] for i in plan.json()["items"]] == ["BASIC", "SA-301", "PM-101"]
    approved = api_as("manager_a1").post(
        reverse("v1:learningplan-approve", args=[plan.json()["id"]])
    )
    assert approved.json()["status"] == "approved"
    target = hr.post(
        reverse("v1:trainingtarget-list"),
        {
            "organisation": world.orgs["body_a"].pk,
            "title": "PM",
            "kind": "course",
            "course": made.json()["id"],
            "due_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
        format="json",
    )
    assert target.status_code == 201, target.content
    assert target.json()["progress"] | {"per_month": 0} == {
        "reached": 1,
        "goal": 3,
        "per_month": 0,
        "forecast": 1,
        "on_track": False,
    }


def test_holders_are_told_once_before_a_certificate_expires(
    world: World, staff: Any, centre: Any
) -> None:
    import datetime as dt

    from django.core import mail
    from django.utils import timezone

    from cadre.accounts import services as account_services
    from cadre.people.services import employee_link_user

    user = account_services.user_create(
        actor=world.users["admin"], username="dana", password="x" * 12, email="dana@example.org"
    )
    employee_link_user(actor=world.users["admin"], employee=staff["dana"], user=user)
    _complete_basic(world, centre, staff["dana"])  # the basic course's certificate does not expire
    certificate = Certificate.objects.get()
    assert services.certificate_expiry_alerts() == 0
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() + dt.timedelta(days=59)
    )
    assert services.certificate_expiry_alerts() == 1
    assert mail.outbox[0].to == ["dana@example.org"]
    assert certificate.identifier in mail.outbox[0].body
    assert services.certificate_expiry_alerts() == 0


def test_the_person_page_offers_a_plan_to_hr_and_manager_not_to_the_person(
    world: World, staff: Any, centre: Any, as_user: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    url = reverse("assessments:person", args=[staff["bolat"].pk])
    for who in ("hr_a", "manager_a1"):
        page = as_user(who).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Learning plan to close the gaps" in page
    mine = as_user("employee_a1").get(reverse("assessments:mine"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Learning plan to close the gaps" not in mine.content.decode()
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    made = as_user("hr_a").post(
        reverse("learning:plan_new", args=[staff["bolat"].pk]), {"due_on": due}
    )
    assert made.status_code == 302 and LearningPlan.objects.filter(employee=staff["bolat"]).exists()
    refused = as_user("hr_b").post(
        reverse("learning:plan_new", args=[staff["bolat"].pk]), {"due_on": due}
    )
    assert refused.status_code == 404


def test_the_session_page_and_the_api_list_the_same_participants(
    world: World, staff: Any, centre: Any, as_user: Any, api_as: Any
) -> None:
    """Issue 16, item 5: one scope for both. The provider of the course sees everyone in its
    session; an HR officer and a manager only the people of their scope; another provider,
    an employee of another unit and a user with no role nobody."""
    session = centre["basic_session"]
    for person in ("bolat", "erlan"):
        services.enrolment_request(
            actor=world.users["admin"], session=session, employee=staff[person]
        )
    expected = {
        "teacher": {"Bolat", "Erlan"},
        "hr_a": {"Bolat"},
        "hr_b": {"Erlan"},
        "manager_a1": {"Bolat"},
        "provider": set(),
        "employee_a1": set(),
    }
    for username, names in expected.items():
        api = api_as(username).get(reverse("v1:enrolment-list"), {"session": session.pk})
        assert api.status_code == 200, username
        from_api = {
            Enrolment.objects.get(pk=row["id"]).employee.last_name for row in api.json()["results"]
        }
        page = as_user(username).get(session.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200, username
        html = page.content.decode()
        on_page = {n for n in ("Bolat", "Erlan") if n in html}
        assert from_api == on_page == names, username
