"""The breach register: national administrators record and update incidents, auditors
read them, nobody else sees them; the clocks of the law that applies, reminders before
each runs out (once per clock), home items."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.registry import home_for
from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.privacy import breaches
from cadre.privacy.clocks import clocks_of
from cadre.privacy.models import Breach

DETECTED = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _breach(world: World, **kw: Any) -> Breach:
    data: dict[str, Any] = {
        "title": "Mailbox of the HR unit exposed",
        "description": "A shared folder with personnel files was public for 3 days.",
        "detected_at": DETECTED,
        "country": "RU",
        "data_classes": ["personal", "pay"],
        "people_count": 41,
        "records_count": 130,
    }
    data.update(kw)
    return breaches.breach_create(actor=world.users["admin"], source="web", **data)


class TestBreachPages(crud.CrudBase):
    """National only: the a/b scope matrix does not apply; these are its cases."""

    model = Breach
    who_sees: ClassVar[dict[str, int]] = {
        "admin": 200,
        "auditor": 200,
        "auditor_a": 403,
        "hr_a": 403,
        "employee_a1": 403,
    }

    @pytest.mark.parametrize("username", sorted(who_sees))
    def test_only_national_administrators_and_auditors_see_the_register(
        self, as_user: Any, api_as: Any, world: World, username: str
    ) -> None:
        breach = _breach(world)
        status = self.who_sees[username]
        client = as_user(username)
        assert client.get(reverse("privacy:breaches")).status_code == status
        detail = client.get(breach.get_absolute_url()).status_code
        assert detail == (200 if status == 200 else 404)
        api = api_as(username).get("/api/v1/breaches/")
        assert api.status_code == status
        if status == 200:
            assert [b["title"] for b in api.json()["results"]] == [breach.title]

    def test_an_auditor_may_not_record_one(self, as_user: Any, world: World) -> None:
        with pytest.raises(ApplicationError) as refused:
            breaches.breach_create(
                actor=world.users["auditor"],
                title="x",
                description="x",
                detected_at=DETECTED,
                country="VN",
                data_classes=[],
                people_count=1,
            )
        assert str(refused.value) == "Only national administrators keep the breach register."
        assert not Breach.objects.exists()
        assert as_user("auditor").get(reverse("privacy:breach_record")).status_code == 403

    def test_recorded_through_the_page_with_its_clocks(self, as_user: Any, world: World) -> None:
        response = as_user("admin").post(
            reverse("privacy:breach_record"),
            {
                "title": "Lost laptop",
                "description": "An unencrypted laptop with the pay register was stolen.",
                "detected_at": "2026-03-02T08:00",
                "country": "RU",
                "data_classes": ["pay"],
                "people_count": "250",
                "records_count": "3000",
                "state": "open",
                "reason": "Incident 4",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        breach = Breach.objects.get()
        assert AuditEvent.objects.filter(
            object_type="privacy.breach", action="create", reason="Incident 4"
        ).exists()
        page = as_user("admin").get(breach.get_absolute_url()).content.decode()
        assert "Notify the regulator" in page
        assert "Report the investigation results" in page

    def test_the_api_records_reads_and_updates(self, api_as: Any, world: World) -> None:
        admin = api_as("admin")
        data = {
            "title": "Phishing of the HR mailbox",
            "description": "Credentials of one HR officer were used for a day.",
            "detected_at": "2026-03-02T08:00:00Z",
            "country": "VN",
            "data_classes": ["personal"],
            "people_count": 12,
            "records_count": 12,
        }
        bad = admin.post("/api/v1/breaches/", {**data, "people_count": -1}, format="json")
        assert bad.status_code == 400
        assert bad.json()["errors"][0]["field"] == "people_count"
        assert not Breach.objects.exists()
        created = admin.post("/api/v1/breaches/", data, format="json", HTTP_X_CADRE_REASON="A05")
        assert created.status_code == 201, created.json()
        pk = created.json()["id"]
        assert api_as("auditor").get(f"/api/v1/breaches/{pk}/").json()["country"] == "VN"
        assert (
            api_as("auditor").patch(f"/api/v1/breaches/{pk}/", {}, format="json").status_code == 403
        )
        assert api_as("hr_a").get(f"/api/v1/breaches/{pk}/").status_code == 403
        done = admin.patch(
            f"/api/v1/breaches/{pk}/",
            {"regulator_notified_at": "2026-03-03T10:00:00Z", "state": "closed"},
            format="json",
        )
        assert done.status_code == 200, done.json()
        assert done.json()["closed_at"] is not None
        breach = Breach.objects.get()
        assert clocks_of(breach)[0].running is False

    def test_bad_input_names_the_field_and_saves_nothing(self, world: World) -> None:
        with pytest.raises(ApplicationError) as refused:
            _breach(
                world,
                data_classes=["personal", "secrets"],
                regulator_notified_at=DETECTED - dt.timedelta(hours=1),
            )
        assert refused.value.errors == {
            "data_classes": ["Unknown data class: secrets."],
            "regulator_notified_at": ["This cannot come before the breach was detected."],
        }
        assert not Breach.objects.exists()


def test_the_clocks_follow_the_law_of_the_country(world: World) -> None:
    ru = _breach(world)
    assert [(c.name, c.due_at - DETECTED) for c in clocks_of(ru)] == [
        ("regulator", dt.timedelta(hours=24)),
        ("results", dt.timedelta(hours=72)),
    ]
    vn = _breach(world, country="VN")
    assert [(c.name, c.due_at - DETECTED) for c in clocks_of(vn)] == [
        ("regulator", dt.timedelta(hours=72))
    ]
    ru = breaches.breach_update(
        actor=world.users["admin"],
        instance=ru,
        regulator_notified_at=DETECTED + dt.timedelta(hours=30),
    )
    regulator = clocks_of(ru)[0]
    assert (regulator.running, regulator.late) == (False, True)


def test_reminders_go_once_per_clock_before_it_runs_out(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.users["admin"].email = "dpo@example.org"
    world.users["admin"].save()
    detected = timezone.now() - dt.timedelta(hours=20)
    breach = _breach(world, detected_at=detected)
    with django_capture_on_commit_callbacks(execute=True):
        assert breaches.breach_reminders_send() == 1  # 4 h left of 24: reminded
    assert len(mail.outbox) == 1
    # In the administrator's language: none chosen, so the site's (Russian).
    assert mail.outbox[0].subject.startswith(
        "Инцидент «Mailbox of the HR unit exposed»: Уведомить регулятор до "
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert breaches.breach_reminders_send() == 0  # not twice
        # 52 hours later the 72-hour clock comes within 6 hours.
        later = timezone.now() + dt.timedelta(hours=47)
        assert breaches.breach_reminders_send(now=later) == 1
    breach.refresh_from_db()
    assert sorted(breach.reminded) == ["regulator", "results"]
    assert AuditEvent.objects.filter(action="privacy.breach_reminder").count() == 2


def test_home_shows_running_clocks_to_national_administrators(world: World) -> None:
    _breach(world, detected_at=timezone.now() - dt.timedelta(hours=1))
    alerts = home_for(world.users["admin"])["alert"]
    clocks = [a for a in alerts if str(a.label) == "Breach notification clocks running"]
    assert [c.count for c in clocks] == [2]
    hr = home_for(world.users["hr_a"])["alert"]
    assert not [a for a in hr if str(a.label) == "Breach notification clocks running"]
