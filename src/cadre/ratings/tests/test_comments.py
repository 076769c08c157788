"""Comments: moderated before anyone sees them, answered by the body, every change audited."""

from __future__ import annotations

import datetime as dt

from django.contrib.messages import get_messages
from django.utils import timezone

from cadre.core.audit import audit_verify
from cadre.core.models import AuditEvent
from cadre.ratings.models import Rating
from cadre.ratings.scores import scores_recompute
from cadre.ratings.tests.conftest import issue

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
COMMENT = "Aigerim at desk 3 was rude, call me on +7 701 555 0102"


def _commented(client, desk) -> Rating:
    token = issue(desk, "CRM-C1")
    client.post(f"/r/{token}/", {"overall": "2", "comment": COMMENT}, **EN)
    return Rating.objects.get()


def test_a_comment_waits_for_moderation_and_an_answer_is_due(client, desk, settings) -> None:
    rating = _commented(client, desk)
    assert (rating.comment_status, rating.published_comment) == ("pending", "")
    assert rating.answer_due == timezone.localdate() + dt.timedelta(days=10)
    scores_recompute()
    page = client.get(f"/ratings/public/{desk.point.organisation.pk}/", **EN).content.decode()
    assert "rude" not in page and "No published comments." in page


def test_personal_data_is_taken_out_before_publishing_and_the_body_answers(
    client, desk, as_user
) -> None:
    rating = _commented(client, desk)
    hr = as_user("hr_a")
    listed = hr.get("/ratings/comments/", **EN).content.decode()
    assert "rude" in listed and "Answer due by" in listed
    no_reason = hr.post(
        f"/ratings/comments/{rating.pk}/moderate/",
        {"decision": "edit", "text": "An employee at desk 3 was rude."},
        **EN,
    )
    assert no_reason.status_code == 302
    rating.refresh_from_db()
    assert rating.comment_status == "pending"  # refused: no reason given
    hr.post(
        f"/ratings/comments/{rating.pk}/moderate/",
        {"decision": "edit", "text": "An employee at desk 3 was rude.", "reason": "personal_data"},
        **EN,
    )
    hr.post(
        f"/ratings/comments/{rating.pk}/answer/",
        {"text": "We are sorry; we have spoken with the desk."},
        **EN,
    )
    rating.refresh_from_db()
    assert (rating.comment_status, rating.moderation_reason) == ("published", "personal_data")
    assert rating.comment == COMMENT  # the original is kept, never shown publicly
    scores_recompute()
    page = client.get(f"/ratings/public/{desk.point.organisation.pk}/", **EN).content.decode()
    assert "An employee at desk 3 was rude." in page
    assert "We are sorry; we have spoken with the desk." in page
    assert "555" not in page and "Aigerim" not in page
    events = AuditEvent.objects.filter(chain="ratings").order_by("id")
    assert [(e.action, e.changes, e.reason) for e in events] == [
        (
            "comment.edit",
            {"comment_status": ["pending", "published"], "reason": ["", "personal_data"]},
            "personal_data",
        ),
        (
            "comment.answer",
            {"answer": [None, "We are sorry; we have spoken with the desk."]},
            "",
        ),
    ]
    assert audit_verify(chain="ratings").ok


def test_a_removed_comment_is_never_shown(client, desk, as_user) -> None:
    rating = _commented(client, desk)
    as_user("hr_a").post(
        f"/ratings/comments/{rating.pk}/moderate/", {"decision": "remove", "reason": "abuse"}
    )
    rating.refresh_from_db()
    assert (rating.comment_status, rating.published_comment) == ("removed", "")
    scores_recompute()
    page = client.get(f"/ratings/public/{desk.point.organisation.pk}/", **EN).content.decode()
    assert "rude" not in page


def test_only_the_body_may_moderate(client, desk, as_user) -> None:
    rating = _commented(client, desk)
    url = f"/ratings/comments/{rating.pk}/moderate/"
    assert as_user("hr_b").post(url, {"decision": "publish"}).status_code == 404
    assert as_user("auditor").post(url, {"decision": "publish"}).status_code == 403
    assert as_user("employee_a1").get("/ratings/comments/").status_code == 403
    rating.refresh_from_db()
    assert rating.comment_status == "pending"
    assert not AuditEvent.objects.filter(chain="ratings").exists()


def test_a_held_rating_is_counted_or_not_by_the_body(client, desk, as_user, settings) -> None:
    settings.CADRE_RATING_MIN_SECONDS = 600
    first, second = issue(desk, "CRM-H1", "ID-H1"), issue(desk, "CRM-H2", "ID-H2")
    for token in (first, second):
        client.post(f"/r/{token}/", {"overall": "1"}, **EN)
    held = list(Rating.objects.order_by("id"))
    assert [r.status for r in held] == ["held", "held"]
    page = as_user("hr_a").get("/ratings/held/", **EN).content.decode()
    assert page.count("rated too soon after the service") == 2 and "Count it" in page
    assert (
        as_user("manager_a1")
        .post(f"/ratings/held/{held[0].pk}/decide/", {"decision": "count"})
        .status_code
        == 404
    )  # body A is outside a unit manager's view
    hr = as_user("hr_a")
    # Deciding by hand needs its reason: without one nothing changes (issue 17, item 22).
    refused = hr.post(
        f"/ratings/held/{held[0].pk}/decide/", {"decision": "count", "reason": " "}, **EN
    )
    assert refused.status_code == 302
    assert [str(m) for m in get_messages(refused.wsgi_request)] == [
        "Give the reason for this change; it is kept in the audit log."
    ]
    assert [r.status for r in Rating.objects.order_by("id")] == ["held", "held"]
    assert not AuditEvent.objects.filter(chain="ratings").exists()
    too_long = {"decision": "count", "reason": "x" * 501}
    hr.post(f"/ratings/held/{held[0].pk}/decide/", too_long)
    assert not AuditEvent.objects.filter(chain="ratings").exists()
    why = {"reason": "Queue-side kiosk"}
    hr.post(f"/ratings/held/{held[0].pk}/decide/", {"decision": "count", **why})
    hr.post(f"/ratings/held/{held[1].pk}/decide/", {"decision": "reject", "reason": "A burst"})
    hr.post(f"/ratings/held/{held[1].pk}/decide/", {"decision": "count", **why})  # not held now
    assert list(Rating.objects.order_by("id").values_list("status", "reason")) == [
        ("counted", "too_fast"),
        ("not_counted", "too_fast"),
    ]
    assert list(
        AuditEvent.objects.filter(chain="ratings")
        .order_by("id")
        .values_list("action", "reason", "source")
    ) == [("rating.count", "Queue-side kiosk", "web"), ("rating.reject", "A burst", "web")]


def _manager_of_body_a(desk):
    from cadre.accounts.choices import Role
    from cadre.accounts.services import user_create_with_role

    return user_create_with_role(
        actor=desk.world.users["admin"],
        username="manager_a",
        password="manager-password-2026",
        role=Role.MANAGER,
        organisation=desk.world.orgs["body_a"],
    )


def test_a_manager_sees_how_many_ratings_are_held_not_which(client, desk, settings) -> None:
    """Controlled anonymity: in a small office the time, the service point and the score of
    one held rating name the citizen and what they said (issue 17, item 25)."""
    from django.test import Client

    settings.CADRE_RATING_MIN_SECONDS = 600
    for external, citizen in (("CRM-H1", "ID-H1"), ("CRM-H2", "ID-H2")):
        client.post(f"/r/{issue(desk, external, citizen)}/", {"overall": "1"}, **EN)
    first = Rating.objects.order_by("id")[0]
    Rating.objects.filter(pk=first.pk).update(
        submitted_at=dt.datetime(2026, 3, 9, 14, 37, tzinfo=dt.UTC)
    )
    Rating.objects.exclude(pk=first.pk).update(
        submitted_at=dt.datetime(2026, 3, 9, 16, 5, tzinfo=dt.UTC)
    )
    manager = Client()
    manager.force_login(_manager_of_body_a(desk))
    response = manager.get("/ratings/held/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Body A" in page and "rated too soon after the service" in page
    assert "3/9/2026" in page or "03/09/2026" in page or "2026-03-09" in page
    assert "<td>2</td>" in page  # two held on that day, for that reason
    assert "14:37" not in page and "2:37" not in page and "16:05" not in page
    assert "Front office A" not in page
    assert "1/5" not in page
    assert 'value="count"' not in page
    # Those who decide see the time and the service point, but not the score either.
    hr = Client()
    hr.force_login(desk.world.users["hr_a"])
    page = hr.get("/ratings/held/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("Front office A") == 2 and page.count('value="count"') == 2
    assert "1/5" not in page


def test_a_manager_reads_only_published_comments_as_published(client, desk, as_user) -> None:
    rating = _commented(client, desk)
    from django.test import Client

    manager = Client()
    manager.force_login(_manager_of_body_a(desk))
    assert (
        "rude" not in manager.get("/ratings/comments/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    as_user("hr_a").post(
        f"/ratings/comments/{rating.pk}/moderate/",
        {"decision": "edit", "text": "An employee at desk 3 was rude.", "reason": "personal_data"},
    )
    page = manager.get(
        "/ratings/comments/?status=published", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "An employee at desk 3 was rude." in page
    assert "555" not in page and "Aigerim" not in page
