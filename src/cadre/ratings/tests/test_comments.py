"""Comments: moderated before anyone sees them, answered by the body, every change audited."""

from __future__ import annotations

import datetime as dt

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
    assert [(e.action, e.changes) for e in events] == [
        (
            "comment.edit",
            {"comment_status": ["pending", "published"], "reason": ["", "personal_data"]},
        ),
        ("comment.answer", {"answer": [None, "We are sorry; we have spoken with the desk."]}),
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
    hr.post(f"/ratings/held/{held[0].pk}/decide/", {"decision": "count"})
    hr.post(f"/ratings/held/{held[1].pk}/decide/", {"decision": "reject"})
    hr.post(f"/ratings/held/{held[1].pk}/decide/", {"decision": "count"})  # not held any more
    assert list(Rating.objects.order_by("id").values_list("status", "reason")) == [
        ("counted", "too_fast"),
        ("not_counted", "too_fast"),
    ]
    assert list(
        AuditEvent.objects.filter(chain="ratings").order_by("id").values_list("action", flat=True)
    ) == ["rating.count", "rating.reject"]
