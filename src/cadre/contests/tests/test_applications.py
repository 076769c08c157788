"""Applying: who may, when, in which category, with which file; what each person sees."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadre.contests import services
from cadre.contests.models import Application
from cadre.contests.tests.conftest import apply
from cadre.core.errors import ApplicationError
from cadre.core.testing.world import World

PDF = b"%PDF-1.7\n" + b"x" * 100


def _refused(fn: Any, **kw: Any) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        fn(**kw)
    return caught.value


@pytest.mark.django_db
class TestApply:
    def test_employee_and_external_candidate_apply(
        self, world: World, setup: dict[str, Any]
    ) -> None:
        mine = apply(world, setup, "employee_a1", "E-licensing")
        theirs = apply(world, setup, "ext", "Open data portal", category="data")
        assert mine.employee == setup["aliya"] and mine.body == world.orgs["unit_a1"]
        assert theirs.employee is None and theirs.body is None
        assert mine.state == "submitted"

    def test_after_the_deadline_is_refused_and_nothing_saved(
        self, world: World, setup: dict[str, Any]
    ) -> None:
        contest = setup["contest"]
        late = contest.applications_close + dt.timedelta(days=1)
        error = _refused(
            services.application_submit,
            actor=world.users["ext"],
            contest=contest,
            category=setup["gov"],
            title="Late",
            summary="Too late",
            today=late,
        )
        assert str(error) == f"Applications closed on {contest.applications_close.isoformat()}."
        assert error.code == "too_late"
        assert not Application.objects.filter(title="Late").exists()

    def test_a_category_of_another_contest_is_refused(
        self, world: World, setup: dict[str, Any]
    ) -> None:
        from cadre.contests.tests.conftest import contest_data

        other = services.contest_create(
            actor=world.users["hr_a"], **contest_data(world, title="Other")
        )
        foreign = services.category_add(
            actor=world.users["hr_a"], contest=other, code="X", name="X"
        )
        error = _refused(
            services.application_submit,
            actor=world.users["ext"],
            contest=setup["contest"],
            category=foreign,
            title="Wrong",
            summary="Wrong category",
        )
        assert error.errors == {"category": ["Choose one of this contest's categories."]}
        assert not Application.objects.filter(title="Wrong").exists()

    def test_file_too_large_or_of_a_forbidden_type(
        self, world: World, setup: dict[str, Any], settings: Any
    ) -> None:
        big = SimpleUploadedFile("p.pdf", b"%PDF-" + b"0" * (services.max_file_bytes() + 1))
        error = _refused(
            services.application_submit,
            actor=world.users["ext"],
            contest=setup["contest"],
            category=setup["gov"],
            title="Big",
            summary="Big file",
            file=big,
        )
        assert error.errors == {"file": ["The file is larger than 20 MB."]}
        exe = SimpleUploadedFile("p.exe", b"MZ\x90\x00")
        error = _refused(
            services.application_submit,
            actor=world.users["ext"],
            contest=setup["contest"],
            category=setup["gov"],
            title="Exe",
            summary="Program",
            file=exe,
        )
        assert error.errors["file"][0].startswith(
            "Files of this type are not accepted; send one of:"
        )
        disguised = SimpleUploadedFile("p.pdf", b"MZ\x90\x00 not a pdf")
        error = _refused(
            services.application_submit,
            actor=world.users["ext"],
            contest=setup["contest"],
            category=setup["gov"],
            title="Disguised",
            summary="Program",
            file=disguised,
        )
        assert error.errors == {"file": ["The file's content is not a .pdf file."]}
        assert Application.objects.filter(applicant=world.users["ext"]).count() == 0

    def test_the_file_is_stored_under_a_name_of_cadre_and_downloaded_by_who_may_see(
        self, world: World, setup: dict[str, Any], as_user: Any
    ) -> None:
        entry = apply(
            world, setup, "ext", "Portal", file=SimpleUploadedFile("../../etc/my plan.pdf", PDF)
        )
        assert entry.file_name == "my plan.pdf"
        assert entry.file.name.endswith(".pdf") and "plan" not in entry.file.name
        url = reverse("contests:application_file", args=[entry.pk])
        response = as_user("ext").get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert "attachment" in response["Content-Disposition"]
        assert as_user("ext2").get(url).status_code == 404
        assert as_user("hr_b").get(url).status_code == 404

    def test_twice_is_refused(self, world: World, setup: dict[str, Any]) -> None:
        apply(world, setup, "ext", "One")
        error = _refused(
            services.application_submit,
            actor=world.users["ext"],
            contest=setup["contest"],
            category=setup["gov"],
            title="Two",
            summary="Again",
        )
        assert str(error) == "You have applied to this contest already."

    def test_eligibility_open_to_employees_only(self, world: World, setup: dict[str, Any]) -> None:
        services.contest_update(
            actor=world.users["hr_a"], instance=setup["contest"], open_to="employees"
        )
        error = _refused(
            services.application_submit,
            actor=world.users["ext"],
            contest=setup["contest"],
            category=setup["gov"],
            title="No",
            summary="Not an employee",
        )
        assert str(error) == "This contest is open to employees only."


@pytest.mark.django_db
class TestApplyHttp:
    def test_page_applies_and_applicants_see_only_their_own(
        self, world: World, setup: dict[str, Any], as_user: Any, api_as: Any
    ) -> None:
        client = as_user("ext")
        url = reverse("contests:contest_apply", args=[setup["contest"].pk])
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "category": setup["gov"].pk,
                "title": "Smart city",
                "summary": "Sensors",
                "file": SimpleUploadedFile("plan.pdf", PDF),
            },
        )
        assert response.status_code == 302
        entry = Application.objects.get(title="Smart city")
        other = apply(world, setup, "ext2", "Someone else's")
        rows = api_as("ext").get("/api/v1/contest-entries/").json()["results"]
        assert [r["title"] for r in rows] == ["Smart city"]
        assert api_as("ext").get(f"/api/v1/contest-entries/{other.pk}/").status_code == 404
        page = as_user("ext").get(reverse("contests:application_list")).content.decode()
        assert entry.get_absolute_url() in page and other.get_absolute_url() not in page
        calls = as_user("ext").get(reverse("contests:calls")).content.decode()
        assert "Strategy of Success" in calls and "Smart city" in calls

    def test_page_refuses_a_late_application_with_the_reason(
        self, world: World, setup: dict[str, Any], as_user: Any
    ) -> None:
        contest = setup["contest"]
        services.contest_update(
            actor=world.users["hr_a"],
            instance=contest,
            applications_open=contest.applications_open - dt.timedelta(days=10),
            applications_close=contest.applications_open - dt.timedelta(days=1),
        )
        contest.refresh_from_db()
        response = as_user("ext").post(
            reverse("contests:contest_apply", args=[contest.pk]),
            {"category": setup["gov"].pk, "title": "Late", "summary": "Late"},
        )
        assert response.status_code == 400
        assert (
            f"Applications closed on {contest.applications_close.isoformat()}."
            in response.content.decode()
        )
        assert not Application.objects.filter(title="Late").exists()

    def test_a_huge_body_is_refused_before_it_is_read(
        self, world: World, setup: dict[str, Any], api_as: Any
    ) -> None:
        response = api_as("ext").post(
            "/api/v1/contest-entries/apply/",
            {"contest": setup["contest"].pk},
            CONTENT_LENGTH=str(services.max_file_bytes() * 2),
        )
        assert response.status_code == 400
        assert response.json()["errors"][0] == {
            "field": "file",
            "code": "too_large",
            "message": "The file is larger than 20 MB.",
        }

    def test_api_applies_with_a_file_and_refuses_a_wrong_category(
        self, world: World, setup: dict[str, Any], api_as: Any
    ) -> None:
        client = api_as("erlan")
        response = client.post(
            "/api/v1/contest-entries/apply/",
            {
                "contest": setup["contest"].pk,
                "category": setup["gov"].pk,
                "title": "Registry",
                "summary": "One registry",
                "file": SimpleUploadedFile("r.pdf", PDF),
            },
            format="multipart",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["has_file"] is True and response.json()["file_name"] == "r.pdf"
        response = api_as("ext").post(
            "/api/v1/contest-entries/apply/",
            {"contest": setup["contest"].pk, "category": 10**9, "title": "X", "summary": "Y"},
            format="multipart",
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["message"] == "Choose one of this contest's categories."
