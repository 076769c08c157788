"""Erasure through the pages: the person's own request, a refusal under legal hold with
the reason on the page and nothing saved, the review, the outcome shown."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.privacy import services
from cadre.privacy.models import ErasureRequest


def test_a_person_under_legal_hold_cannot_be_erased_through_the_page(
    as_user: Any, world: World, people: dict[str, Any]
) -> None:
    aliya = people["aliya"]
    services.legal_hold_create(
        actor=world.users["hr_a"], employee=aliya, grounds="Court case 2-114/2026"
    )
    events = AuditEvent.objects.count()
    response = as_user("hr_a").post(
        reverse("privacy:erasurerequest_add"), {"employee": aliya.pk, "grounds": "She asked"}
    )
    assert response.status_code == 400
    assert (
        "Aliya Test is under a legal hold (Court case 2-114/2026): erasure refused."
        in response.content.decode()
    )
    mine = as_user("employee_a1").post(reverse("privacy:erasure_mine"), {"grounds": "I left"})
    assert mine.status_code == 400
    # The person is refused without the hold's grounds (they are HR's).
    assert "Aliya Test is under a legal hold: erasure refused." in mine.content.decode()
    assert "Court case" not in mine.content.decode()
    assert not ErasureRequest.objects.exists()
    assert AuditEvent.objects.count() == events


def test_the_person_asks_the_administrator_reviews_and_the_outcome_is_shown(
    as_user: Any, world: World, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    profile = as_user("employee_a1").get(reverse("accounts:profile")).content.decode()
    assert reverse("privacy:erasure_mine") in profile
    response = as_user("employee_a1").post(
        reverse("privacy:erasure_mine"), {"grounds": "I left the service in 2020"}
    )
    request = ErasureRequest.objects.get()
    assert response.status_code == 302
    assert (request.employee, request.grounds) == (people["aliya"], "I left the service in 2020")
    # The person sees their request; HR of body B does not.
    assert as_user("employee_a1").get(request.get_absolute_url()).status_code == 200
    assert as_user("hr_b").get(request.get_absolute_url()).status_code == 404
    # The national administrator has it to review on their home page; HR does not.
    from cadre.core.registry import home_for

    tasks = {str(t.label): t.count for t in home_for(world.users["admin"])["task"]}
    assert tasks["Erasure requests to review"] == 1
    hr_tasks = [str(t.label) for t in home_for(world.users["hr_a"])["task"]]
    assert "Erasure requests to review" not in hr_tasks
    # HR of body A may not review; the national administrator must give a reason to refuse.
    review = reverse("privacy:erasure_review", args=[request.pk])
    assert as_user("hr_a").post(review, {"approve": "yes"}).status_code == 403
    refused = as_user("admin").post(review, {"approve": "no", "note": ""})
    assert refused.status_code == 400
    assert "Say why the request is refused." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = as_user("admin").post(review, {"approve": "yes", "note": ""})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.state == "done"
    page = as_user("admin").get(request.get_absolute_url()).content.decode()
    assert "people.education" in page
    assert "The request is the record that the erasure was asked for and done." in page
    assert "the audit log still verifies" in page
