"""The pages through HTTP: dashboards, evenness, rows, reports made by jobs, refusals."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.utils import translation
from openpyxl import load_workbook

from cadre.analytics import services
from cadre.analytics.jobs import subscriptions_scheduled
from cadre.analytics.models import Report, Subscription
from cadre.core.errors import ApplicationError

pytestmark = pytest.mark.django_db
MAY = dt.date(2026, 5, 1)


@pytest.fixture
def snap(regions):
    services.snapshot_take(period=MAY)
    return regions


def test_dashboards_of_country_region_and_body(snap, as_user):
    admin = as_user("admin")
    o = snap.orgs
    page = admin.get(f"/analytics/{o['country'].pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Registry indicators" in text and "Share of IT staff qualified" in text
    assert "50%" in text  # 2 qualified of 4 IT staff in bodies under regions
    csv = admin.get(f"/analytics/{o['country'].pk}/?export=chart-registry")
    assert csv["Content-Type"].startswith("text/csv")
    assert admin.get(f"/analytics/{o['north'].pk}/").status_code == 200
    assert admin.get(f"/analytics/{o['body_n1'].pk}/").status_code == 200
    assert admin.get("/analytics/").url == f"/analytics/{o['country'].pk}/"


def test_out_of_scope_is_not_found(snap, as_user):
    hr = as_user("hr_n")
    o = snap.orgs
    assert hr.get(f"/analytics/{o['body_n1'].pk}/").status_code == 200
    assert hr.get(f"/analytics/{o['body_s1'].pk}/").status_code == 404
    assert hr.get(f"/analytics/{o['south'].pk}/evenness/").status_code == 404
    assert as_user("employee_a1").get(f"/analytics/{o['body_a'].pk}/").status_code == 404
    assert as_user("nobody").get("/analytics/").status_code == 404


def test_evenness_page_ranking_and_rows(snap, as_user):
    admin = as_user("admin")
    c = snap.orgs["country"].pk
    page = admin.get(f"/analytics/{c}/evenness/?measure=it_qualified&period=2026-05")
    text = page.content.decode()
    assert page.status_code == 200 and "Theil T" in text and "North" in text
    csv = admin.get(f"/analytics/{c}/evenness/?measure=it_qualified&export=chart-ranking")
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert lines[1].startswith("South,0.0,1,1") and lines[2].startswith("North,0.666667,1,0")
    rows = admin.get(
        f"/analytics/{c}/evenness/rows/?measure=it_qualified&period=2026-05&region={snap.orgs['north'].pk}"
    )
    assert rows.status_code == 200 and "Body N1" in rows.content.decode()
    assert "Body S1" not in rows.content.decode()
    csv = admin.get(f"/analytics/{c}/evenness/rows/?measure=it_qualified&export=chart-rows")
    assert csv.content.decode("utf-8-sig").count("\n") == 4  # the header and three bodies


def test_bad_measure_and_period_are_refused(snap, as_user):
    admin = as_user("admin")
    c = snap.orgs["country"].pk
    page = admin.get(f"/analytics/{c}/evenness/?measure=happiness")
    assert page.status_code == 400 and "Unknown measure “happiness”." in page.content.decode()
    page = admin.get(f"/analytics/{c}/evenness/?period=1999-01")
    assert page.status_code == 400
    assert "No figures for the period “1999-01”" in page.content.decode()


def test_reports_made_by_a_job(
    snap, as_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    admin = as_user("admin")
    c = snap.orgs["country"].pk
    for fmt in ("xlsx", "pdf"):
        with django_capture_on_commit_callbacks(execute=True):
            r = admin.post("/analytics/reports/", {"kind": "regions", "format": fmt, "root": c})
        assert r.status_code == 302
    xlsx, pdf = Report.objects.order_by("pk")
    assert xlsx.file_name.endswith(".xlsx") and pdf.file_name.endswith(".pdf") and pdf.pages >= 1
    got = admin.get(f"/analytics/reports/{xlsx.pk}/file/")
    wb = load_workbook(io.BytesIO(b"".join(got.streaming_content)))
    charted = [ws.title for ws in wb.worksheets if ws._charts]  # type: ignore[attr-defined]
    # A ranking chart per measure with figures (no gap cells and no ratings here).
    assert charted == ["Share of IT staff qualified", "IT staff per body", "Training coverage"]
    with django_capture_on_commit_callbacks(execute=True):
        body = admin.post(
            "/analytics/reports/",
            {"kind": "body", "format": "pdf", "root": snap.orgs["body_n1"].pk},
        )
    assert body.status_code == 302
    pdf_bytes = b"".join(
        admin.get(
            f"/analytics/reports/{Report.objects.order_by('-pk')[0].pk}/file/"
        ).streaming_content
    )
    assert pdf_bytes.startswith(b"%PDF") and b"DejaVuSans" in pdf_bytes
    # Someone else's report is not found.
    assert as_user("hr_n").get(f"/analytics/reports/{xlsx.pk}/file/").status_code == 404


def test_report_out_of_scope_or_unknown_is_refused(snap, as_user):
    hr = as_user("hr_n")
    page = hr.post(
        "/analytics/reports/", {"kind": "regions", "format": "pdf", "root": snap.orgs["country"].pk}
    )
    assert page.status_code == 400
    assert "This organisation is not in your scope" in page.content.decode()
    assert Report.objects.count() == 0
    with pytest.raises(ApplicationError) as e:
        services.report_request(
            actor=snap.users["admin"], kind="gossip", format="pdf", root_id=snap.orgs["country"].pk
        )
    assert e.value.errors == {"kind": ["Unknown value “gossip”: choose one of regions, body."]}
    assert Report.objects.count() == 0


def test_subscription_is_mailed_when_due(snap, as_user, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    admin = snap.users["admin"]
    admin.email = "admin@example.org"
    admin.save()
    r = as_user("admin").post(
        "/analytics/reports/",
        {
            "action": "subscribe",
            "kind": "regions",
            "format": "xlsx",
            "root": snap.orgs["country"].pk,
            "every_days": 7,
        },
    )
    assert r.status_code == 302 and Subscription.objects.count() == 1
    assert subscriptions_scheduled() == {"sent": 1}
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments[0][0].endswith(".xlsx")
    assert subscriptions_scheduled() == {"sent": 0}  # not due again for 7 days
    again = as_user("admin").post(
        "/analytics/reports/",
        {
            "action": "subscribe",
            "kind": "regions",
            "format": "xlsx",
            "root": snap.orgs["country"].pk,
            "every_days": 7,
        },
    )
    assert again.status_code == 400 and "already subscribed" in again.content.decode()


def test_all_countries_compared(snap, as_user):
    page = as_user("admin").get("/analytics/0/evenness/?measure=it_per_unit")
    text = page.content.decode()
    assert page.status_code == 200 and "All countries" in text and "North" in text
    assert as_user("admin").get("/analytics/0/").status_code == 404  # no dashboard of it
    mine = as_user("hr_n").get("/analytics/0/evenness/?measure=it_per_unit&export=chart-ranking")
    assert mine.content.decode("utf-8-sig").strip().splitlines()[1:] == ["North,3.0,1,0,0.0"]


def test_the_shipped_font_covers_cyrillic_kazakh_and_vietnamese():
    from reportlab.pdfbase.ttfonts import TTFont

    from cadre.analytics.reports.pdf import FONTS

    face = TTFont("check", str(FONTS / "DejaVuSans.ttf")).face
    for letter in "ЖжӘәҒғҚқҢңӨөҰұҮүҺһІіạảấầẩẫậắằẳẵặđơưỹ":
        assert ord(letter) in face.charToGlyph, letter
    assert (FONTS / "LICENSE").read_text().startswith("Format:")


def test_report_in_the_users_language(
    snap, as_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    admin = as_user("admin")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            "/analytics/reports/",
            {"kind": "regions", "format": "xlsx", "root": snap.orgs["country"].pk},
            HTTP_ACCEPT_LANGUAGE="kk",
        )
    report = Report.objects.get()
    assert report.language == "kk"
    got = admin.get(f"/analytics/reports/{report.pk}/file/")
    wb = load_workbook(io.BytesIO(b"".join(got.streaming_content)))
    assert wb.worksheets[0]["A1"].value == "Өңірлерді салыстыру: Country"


def test_a_region_or_subscription_that_is_not_a_number_is_refused_not_a_server_error(snap, as_user):
    admin = as_user("admin")
    c = snap.orgs["country"].pk
    page = admin.get(f"/analytics/{c}/evenness/rows/?region=²")
    assert page.status_code == 400
    assert "This organisation is not in your scope" in page.content.decode()
    gone = admin.post("/analytics/reports/", {"action": "unsubscribe", "subscription": "abc"})
    assert gone.status_code == 404


def test_an_ethics_officer_reads_dashboards_but_is_neither_offered_nor_shown_reports(
    snap, as_user, api_as, settings, tmp_path
):
    """Reports are ``analytics.report``'s, which the ethics officer does not hold: the page
    and the API agree, and nothing is recorded for them (docs/analytics.md)."""
    from cadre.accounts import services as account_services
    from cadre.core.choices import Role
    from cadre.core.models import Job
    from cadre.core.testing.world import PASSWORD

    settings.DATA_DIR = tmp_path
    admin = snap.users["admin"]
    officer = account_services.user_create(actor=admin, username="ethics_n", password=PASSWORD)
    officer.email = "ethics_n@example.org"
    officer.save()
    account_services.role_assignment_create(
        actor=admin, user=officer, role=Role.ETHICS_OFFICER, organisation=snap.orgs["body_n1"]
    )
    snap.users["ethics_n"] = officer
    body = snap.orgs["body_n1"].pk
    page = as_user("ethics_n").get(f"/analytics/{body}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert 'href="/analytics/reports/"' not in page.content.decode()  # menu and page links
    client = as_user("ethics_n")
    assert client.get("/analytics/reports/").status_code == 404
    for action in ("make", "subscribe"):
        posted = client.post(
            "/analytics/reports/",
            {"action": action, "kind": "body", "format": "pdf", "root": body, "every_days": 7},
        )
        assert posted.status_code == 404, action
    api = api_as("ethics_n")
    assert api.get("/api/v1/analytics/reports/").status_code == 403
    refused = api.post(
        "/api/v1/analytics/reports/",
        {"kind": "body", "format": "pdf", "organisation": body},
        format="json",
    )
    assert refused.status_code == 403
    with (
        translation.override("en"),
        pytest.raises(ApplicationError, match=r"You may not request analytics reports\."),
    ):
        services.report_request(actor=officer, kind="body", format="pdf", root_id=body)
    assert (Report.objects.count(), Subscription.objects.count()) == (0, 0)
    assert not Job.objects.filter(kind="analytics.report").exists()
    # A subscription kept from before is not mailed to them.
    Subscription.objects.create(user=officer, kind="body", format="pdf", root_id=body)
    assert subscriptions_scheduled() == {"sent": 0}
    assert mail.outbox == [] and Report.objects.count() == 0
    # HR of the body holds the grant: the link, the page and the report are theirs.
    hr = as_user("hr_n")
    dashboard = hr.get(f"/analytics/{body}/").content.decode()
    assert 'href="/analytics/reports/"' in dashboard
    assert hr.get("/analytics/reports/").status_code == 200
