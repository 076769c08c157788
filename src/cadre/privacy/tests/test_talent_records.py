"""What the talent apps hold about a person reaches their export and their erasure
(decision 0034): contest entries (file and description erased), competition applications
and reserve entries (kept, saying why), an appointed candidate's profile (deleted)."""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from cadre.candidates.models import CandidateProfile
from cadre.competitions import services as competition_services
from cadre.competitions.tests.conftest import analyst, announce, cast, people  # noqa: F401
from cadre.contests import services as contest_services
from cadre.contests.models import Application as Entry
from cadre.contests.tests.conftest import setup  # noqa: F401
from cadre.core.testing.world import World
from cadre.people.services import employee_create, employee_link_user
from cadre.privacy.erasure import erase_person, sections
from cadre.privacy.models import DataExport
from cadre.talent import services as talent_services


def _sections(employee: Any) -> dict[str, list[dict[str, Any]]]:
    return {spec.model: rows for spec, rows in sections(employee)}


def test_a_contest_entry_is_exported_and_its_file_and_description_erased(
    world: World,
    setup: dict[str, Any],  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    aliya = setup["aliya"]
    entry = contest_services.application_submit(
        actor=world.users["employee_a1"],
        contest=setup["contest"],
        category=setup["gov"],
        title="Open data portal",
        summary="Publishes the ministry's data sets every night.",
        file=SimpleUploadedFile("portal.pdf", b"%PDF-1.4 portal"),
    )
    stored = entry.file.storage.path(entry.file.name)
    client = Client()
    client.force_login(world.users["employee_a1"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:export_start"), {"mine": "1"})
    export = DataExport.objects.get()
    download = client.get(reverse("privacy:export_download", args=[export.pk]))
    body = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    rows = json.loads(body)["sections"]["contests.application"]
    assert [(r["title"], r["summary"], r["file_name"]) for r in rows] == [
        ("Open data portal", "Publishes the ministry's data sets every night.", "portal.pdf")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            outcome = erase_person(employee=aliya, actor=None, reason="asked", source="system")
        assert os.path.exists(stored)  # until the erasure is committed
    assert outcome.anonymised["contests.application"] == 1
    entry = Entry.objects.get(pk=entry.pk)
    assert (entry.title, entry.summary, entry.file.name, entry.file_name) == (
        "Open data portal",
        "—",
        "",
        "",
    )
    assert not os.path.exists(stored)


def test_competition_applications_and_reserve_entries_are_exported_and_kept(
    world: World,
    cast: dict[str, Any],  # noqa: F811
) -> None:
    aliya = cast["aliya"]
    competition = announce(world, cast["vacancy"])
    application = competition_services.application_submit(
        actor=world.users["employee_a1"],
        competition=competition,
        motivation="Five years of reporting for the ministry.",
    )
    entry = talent_services.reserve_entry_create(
        actor=world.users["admin"],
        employee=aliya,
        organisation=world.orgs["body_a"],
        post_group="C-4",
        source="assessment",
        source_ref="campaign:1",
    )
    found = _sections(aliya)
    assert [(r["id"], r["motivation"]) for r in found["competitions.application"]] == [
        (application.pk, "Five years of reporting for the ministry.")
    ]
    assert [(r["id"], r["post_group"]) for r in found["talent.reserveentry"]] == [(entry.pk, "C-4")]
    with transaction.atomic():
        outcome = erase_person(employee=aliya, actor=None, reason="asked", source="system")
    assert outcome.kept["competitions.application"] == {
        "count": 1,
        "why": "A competition's applications are the grounds of its appointment.",
    }
    assert outcome.kept["talent.reserveentry"] == {
        "count": 1,
        "why": "A reserve entry records the body's decisions on its staffing.",
    }


def test_an_appointed_candidates_profile_is_exported_and_deleted(
    world: World,
    people: dict[str, Any],  # noqa: F811
) -> None:
    dana = people["cand"]
    CandidateProfile.objects.create(
        user=dana, phone="+7 701 555-12-34", cv="Data engineer, 5 years.", verified_at=None
    )
    employee = employee_create(
        actor=world.users["admin"],
        personal_id="C0001",
        last_name="Serik",
        first_name="Dana",
        birth_date=dt.date(1994, 3, 2),
        gender="F",
        organisation=world.orgs["unit_a1"],
    )
    employee_link_user(actor=world.users["admin"], employee=employee, user=dana)
    rows = _sections(employee)["candidates.candidateprofile"]
    assert [(r["phone"], r["cv"]) for r in rows] == [
        ("+7 701 555-12-34", "Data engineer, 5 years.")
    ]
    with transaction.atomic():
        outcome = erase_person(employee=employee, actor=None, reason="asked", source="system")
    assert outcome.deleted["candidates.candidateprofile"] == 1
    assert not CandidateProfile.objects.filter(user=dana).exists()
