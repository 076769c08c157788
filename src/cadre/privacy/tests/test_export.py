"""A person's data export: a job writes one file (JSON, and a workbook with a sheet per
section) with what every app holds; the person and HR in scope download it; someone out
of scope is not found; every export and download is audited."""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.identity.models import IdentityLink
from cadre.privacy.models import DataExport


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_hr_exports_a_persons_data_and_downloads_it(
    as_user: Any, world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    aliya = people["aliya"]
    IdentityLink.objects.create(
        user=world.users["employee_a1"], provider="egov", subject="sub-1", matched_on="email"
    )
    client = as_user("hr_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:export_start"), {"employee": aliya.pk})
    export = DataExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == export.get_absolute_url()
    export.refresh_from_db()
    assert export.job is not None
    assert export.job.status == "succeeded", export.job.message
    assert export.job.result["sections"] >= 20
    data = json.loads(_body(client.get(reverse("privacy:export_download", args=[export.pk]))))
    assert data["person"] == {"id": aliya.pk, "name": "Aliya Test"}
    employee_rows = data["sections"]["people.employee"]
    assert [(r["personal_id"], r["email"]) for r in employee_rows] == [
        ("A0001", "a0001@example.org")
    ]
    assert [r["institution"] for r in data["sections"]["people.education"]] == ["KazNU"]
    assert [r["name"] for r in data["sections"]["people.certification"]] == ["PRINCE2"]
    assert [r["username"] for r in data["sections"]["accounts.user"]] == ["employee_a1"]
    assert "password" not in json.dumps(data["sections"]["accounts.user"])
    assert data["sections"]["pay.runline"] == []
    links = data["sections"]["identity.identitylink"]
    assert [(r["provider"], r["subject"], r["matched_on"]) for r in links] == [
        ("egov", "sub-1", "email")
    ]
    assert data["sections"]["otp_totp.totpdevice"] == []
    xlsx = client.get(reverse("privacy:export_download", args=[export.pk]) + "?format=xlsx")
    assert xlsx.status_code == 200
    import io

    book = load_workbook(io.BytesIO(_body(xlsx)))
    assert "people.employee" in book.sheetnames
    sheet = book["people.employee"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("last_name") + 1).value == "Aliya"
    # Who exported whose data, and each download.
    assert AuditEvent.objects.filter(
        action="privacy.export", actor_repr="hr_a", changes__employee=[None, aliya.pk]
    ).exists()
    assert AuditEvent.objects.filter(action="privacy.download", actor_repr="hr_a").count() == 2


def test_the_person_exports_their_own_data(
    as_user: Any, world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = as_user("employee_a1")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:export_start"), {"mine": "1"})
    assert response.status_code == 302
    export = DataExport.objects.get()
    assert export.employee == people["aliya"]
    download = client.get(reverse("privacy:export_download", args=[export.pk]))
    assert download.status_code == 200
    assert json.loads(_body(download))["person"]["name"] == "Aliya Test"
    # Another HR officer's export of Aliya is not the employee's to list… but theirs is.
    listing = client.get(reverse("privacy:dataexport_list"))
    assert export.get_absolute_url() in listing.content.decode()


def test_an_export_of_someone_out_of_scope_is_not_found(
    as_user: Any, api_as: Any, world: World, people: dict[str, Any]
) -> None:
    erlan = people["erlan"]
    assert (
        as_user("hr_a").post(reverse("privacy:export_start"), {"employee": erlan.pk}).status_code
        == 404
    )
    # A manager sees Aliya but does not keep her record: not found either.
    aliya = people["aliya"]
    assert (
        as_user("manager_a1")
        .post(reverse("privacy:export_start"), {"employee": aliya.pk})
        .status_code
        == 404
    )
    response = api_as("hr_a").post(
        "/api/v1/personal-data-exports/start/", {"employee": erlan.pk}, format="json"
    )
    assert response.status_code == 404
    assert not DataExport.objects.exists()
    assert not AuditEvent.objects.filter(action="privacy.export").exists()


def test_the_api_starts_an_export(
    api_as: Any, world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as("hr_a").post(
            "/api/v1/personal-data-exports/start/", {"employee": people["aliya"].pk}, format="json"
        )
    assert response.status_code == 201, response.json()
    assert response.json()["employee"] == people["aliya"].pk
    read = api_as("hr_a").get(f"/api/v1/personal-data-exports/{response.json()['id']}/")
    assert read.json()["ready"] is True


def test_the_persons_export_lists_their_legal_hold_without_its_grounds(
    as_user: Any, world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    import datetime as dt

    from cadre.privacy import services

    hold = services.legal_hold_create(
        actor=world.users["hr_a"],
        employee=people["aliya"],
        grounds="Court case 2-114/2026",
        until=dt.date(2099, 1, 31),
    )
    client = as_user("employee_a1")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:export_start"), {"mine": "1"})
    export = DataExport.objects.get()
    body = _body(client.get(reverse("privacy:export_download", args=[export.pk])))
    data = json.loads(body)
    assert data["sections"]["privacy.legalhold"] == [
        {"id": hold.pk, "until": "2099-01-31", "released_at": None}
    ]
    assert b"Court case" not in body
