"""The classifier of public services: names in four languages, kept by the national
authority, read by everyone, audited; a type in use keeps its code and stays."""

from __future__ import annotations

from cadre.core.models import AuditEvent
from cadre.core.testing import crud
from cadre.ratings.models import ServiceType
from cadre.ratings.tests.conftest import issue

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_starter_types_are_named_in_the_four_languages(db) -> None:
    kind = ServiceType.objects.get(code="certificates")
    assert kind.names == {
        "en": "Certificates and extracts",
        "ru": "Справки и выписки",
        "kk": "Анықтамалар мен үзінді көшірмелер",
        "vi": "Giấy xác nhận và trích lục",
    }
    assert ServiceType.objects.count() == 10
    assert all(set(t.names) == {"en", "ru", "kk", "vi"} for t in ServiceType.objects.all())


def test_the_citizen_reads_the_service_in_their_language(client, desk) -> None:
    desk.service_type.names = {"en": "Certificates and extracts", "ru": "Справки и выписки"}
    desk.service_type.save()
    token = issue(desk, "CRM-T1")
    page = client.get(f"/r/{token}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Справки и выписки — Front office A" in page
    page = client.get(f"/r/{token}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Certificates and extracts — Front office A" in page  # no vi name: English


def test_the_national_authority_adds_a_type_on_the_page(as_user) -> None:
    admin = as_user("admin")
    response = admin.post(
        "/ratings/service-types/add/",
        {
            "code": "pensions",
            "name_ru": "Пенсии",
            "name_kk": "",
            "name_vi": "",
            "name_en": "Pensions ",
        },
        **EN,
    )
    assert response.status_code == 302
    kind = ServiceType.objects.get(code="pensions")
    assert kind.names == {"ru": "Пенсии", "en": "Pensions"}
    assert response["Location"] == f"/ratings/service-types/{kind.pk}/"
    event = AuditEvent.objects.get(object_type="ratings.servicetype", object_id=str(kind.pk))
    assert (event.action, event.changes) == (
        "create",
        {"code": [None, "pensions"], "names": [None, {"ru": "Пенсии", "en": "Pensions"}]},
    )
    detail = admin.get(response["Location"], **EN).content.decode()
    assert "Пенсии" in detail and "Pensions" in detail


def test_a_type_without_any_name_or_with_a_taken_code_is_refused(as_user) -> None:
    admin = as_user("admin")
    blank = {"code": "pensions", "name_ru": " ", "name_kk": "", "name_vi": "", "name_en": ""}
    response = admin.post("/ratings/service-types/add/", blank, **EN)
    assert response.status_code == 400
    assert "Give the name in at least one language." in response.content.decode()
    taken = {**blank, "code": "certificates", "name_en": "Again"}
    response = admin.post("/ratings/service-types/add/", taken, **EN)
    assert response.status_code == 400
    assert "A service type with this code already exists." in response.content.decode()
    assert not ServiceType.objects.filter(code="pensions").exists()
    assert ServiceType.objects.count() == 10


def test_others_read_the_classifier_but_do_not_change_it(as_user, api_as) -> None:
    hr = as_user("hr_a")
    assert hr.get("/ratings/service-types/", **EN).status_code == 200
    assert hr.get("/ratings/service-types/add/", **EN).status_code == 403
    kind = ServiceType.objects.get(code="consultation")
    assert hr.get(f"/ratings/service-types/{kind.pk}/edit/", **EN).status_code == 403
    api = api_as("hr_a")
    listed = api.get("/api/v1/service-types/?code=consultation", **EN).json()["results"]
    assert [(t["code"], t["name"]) for t in listed] == [("consultation", "Consultation")]
    created = api.post(
        "/api/v1/service-types/", {"code": "x", "names": {"en": "X"}}, format="json", **EN
    )
    assert created.status_code == 403
    changed = api.patch(
        f"/api/v1/service-types/{kind.pk}/", {"names": {"en": "Advice"}}, format="json", **EN
    )
    assert changed.status_code == 403
    assert ServiceType.objects.get(pk=kind.pk).names["en"] == "Consultation"
    assert not ServiceType.objects.filter(code="x").exists()


def test_the_api_names_the_field_and_reason_of_bad_input(api_as) -> None:
    api = api_as("admin")
    cases = [
        ({"code": "x", "names": {"de": "X"}}, "names", "Unknown language “de”"),
        ({"code": "x", "names": {"en": 5}}, "names", "The text must be a string."),
        ({"code": "x", "names": {"en": ""}}, "names", "Give the text in at least one language."),
        ({"code": "x", "names": {"en": "X"}, "colour": "red"}, "colour", ""),
        ({"code": "certificates", "names": {"en": "X"}}, "code", "already exists"),
    ]
    for body, field, reason in cases:
        response = api.post("/api/v1/service-types/", body, format="json", **EN)
        assert response.status_code == 400, body
        errors = response.json()["errors"]
        assert any(e["field"] == field and reason in e["message"] for e in errors), errors
    assert ServiceType.objects.count() == 10


def test_a_type_in_use_keeps_its_code_and_stays(api_as, desk) -> None:
    api = api_as("admin")
    issue(desk, "CRM-T2")
    kind = desk.service_type
    url = f"/api/v1/service-types/{kind.pk}/"
    response = api.patch(url, {"code": "extracts"}, format="json", **EN)
    assert response.status_code == 409  # a state conflict: the type is in use
    assert response.json()["errors"][0]["field"] == "code"
    assert response.json()["errors"][0]["code"] == "in_use"
    refused = api.delete(url, **EN)
    assert refused.status_code == 409
    assert refused.json() == {
        "status": 409,
        "errors": [
            {
                "field": None,
                "code": "in_use",
                "message": "Services of this type have been reported; "
                "it is kept for their ratings.",
            }
        ],
    }
    renamed = api.patch(url, {"names": {"en": "Extracts", "ru": "Выписки"}}, format="json", **EN)
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Extracts"
    kind.refresh_from_db()
    assert (kind.code, kind.names) == ("certificates", {"en": "Extracts", "ru": "Выписки"})

    unused = ServiceType.objects.create(code="pensions", names={"en": "Pensions"})
    assert api.delete(f"/api/v1/service-types/{unused.pk}/", **EN).status_code == 204
    assert not ServiceType.objects.filter(pk=unused.pk).exists()
    assert AuditEvent.objects.filter(
        object_type="ratings.servicetype", object_id=str(unused.pk), action="delete"
    ).exists()


class TestServiceTypePages(crud.CrudBase):
    """A national classifier, not scoped to bodies: the tests above stand for the generated
    matrix."""

    model = ServiceType


def test_the_classifier_pages_and_api_need_a_sign_in(client, db) -> None:
    assert client.get("/ratings/service-types/", **EN).status_code == 302
    assert client.get("/api/v1/service-types/", **EN).status_code == 401
