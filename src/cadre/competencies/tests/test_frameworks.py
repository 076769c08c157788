"""Framework files: what is refused and why, round trips, versions, permissions."""

from __future__ import annotations

import io
import json
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadre.competencies import frameworks, services
from cadre.competencies.models import Competency, Framework, FrameworkVersion
from cadre.competencies.tests.factories import framework_json, published_framework
from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing import crud
from cadre.core.testing.world import World


def _refusal(raw: Any) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        frameworks.parse_json(raw)
    return caught.value


def test_a_cycle_of_parents_is_refused_naming_it() -> None:
    raw = framework_json()
    raw["competencies"] = [
        {"code": "X", "parent": "Y", "category": True, "name": {"en": "X"}},
        {"code": "Y", "parent": "X", "category": True, "name": {"en": "Y"}},
        {"code": "Z", "parent": "X", "category": False, "name": {"en": "Z"}},
    ]
    exc = _refusal(raw)
    assert exc.errors["X"] == ["The parents form a cycle: X → Y → X."]
    assert exc.errors["Y"] == ["The parents form a cycle: Y → X → Y."]


def test_an_indicator_for_an_unknown_level_is_refused() -> None:
    raw = framework_json()
    raw["competencies"][1]["indicators"] = {"7": {"en": "Beyond the scale"}}
    exc = _refusal(raw)
    assert exc.errors["A.1"] == ["Indicator for level 7, which the scale does not have."]


def test_gaps_in_the_scale_unknown_parents_and_bad_codes_are_all_reported() -> None:
    raw = framework_json()
    raw["levels"][2]["rank"] = 5
    raw["competencies"].append({"code": "B.1", "parent": "B", "name": {"en": "Orphan"}})
    raw["competencies"].append({"code": "bad code", "name": {"fr": "Non"}})
    exc = _refusal(raw)
    assert exc.errors["levels"] == [
        "Level ranks must run 1, 2, 3, … without gaps or repeats; got 1, 2, 4, 5."
    ]
    assert exc.errors["B.1"] == ["Unknown parent “B”."]
    assert exc.errors["competencies[6].code"] == [
        "A code is 1–32 letters, digits, dots, dashes or underscores; got “bad code”."
    ]
    assert exc.errors["competencies[6].name"] == [
        "Unknown language “fr”; use one of: ru, kk, vi, en."
    ]


def test_a_competency_under_a_competency_and_unknown_fields_are_refused() -> None:
    raw = framework_json()
    raw["competencies"].append({"code": "A.1.1", "parent": "A.1", "name": {"en": "Sub"}})
    raw["competencies"][0]["colour"] = "red"
    exc = _refusal(raw)
    assert exc.errors["A.1.1"] == ["The parent “A.1” is a competency, not a category."]
    assert exc.errors["competencies[0].colour"] == ["Unknown field."]
    assert _refusal({"code": "T"}).errors == {
        "format": ['The file must be an object with "format": "cadre.framework/1".']
    }


@pytest.mark.django_db
def test_import_publish_and_a_second_version_keep_the_first_readable(world: World) -> None:
    admin = world.users["admin"]
    v1 = published_framework(admin)
    assert (v1.number, v1.status) == (1, "published")
    assert list(v1.levels.values_list("rank", "code")) == [
        (1, "aware"),
        (2, "working"),
        (3, "practitioner"),
        (4, "expert"),
    ]
    a1 = Competency.objects.get(version=v1, code="A.1")
    assert a1.parent is not None
    assert (a1.parent.code, a1.indicator(2), a1.names["ru"]) == (
        "A",
        "Writes requirements with help",
        "Требования",
    )
    raw = framework_json()
    raw["competencies"][2]["name"] = {"en": "Process modelling"}
    v2 = services.framework_import(actor=admin, data=frameworks.parse_json(raw))
    assert (v2.number, v2.status) == (2, "draft")
    services.version_publish(actor=admin, version=v2)
    v1.refresh_from_db()
    assert v1.status == "retired"
    assert Competency.objects.get(version=v1, code="A.2").name == "Modelling"
    assert Competency.objects.get(version=v2, code="A.2").name == "Process modelling"
    assert Framework.objects.count() == 1
    with pytest.raises(ApplicationError, match="Only a draft can be published"):
        services.version_publish(actor=admin, version=v1)
    assert AuditEvent.objects.filter(
        object_type="competencies.frameworkversion", object_id=str(v1.pk), action="update"
    ).exists()


@pytest.mark.django_db
def test_csv_and_xlsx_exports_read_back_to_the_same_framework(world: World, tmp_path: Path) -> None:
    version = published_framework(world.users["admin"])
    original = frameworks.parse_json(frameworks.as_json(version) | {"version": None})
    csv_path = tmp_path / "f.csv"
    csv_path.write_text(frameworks.as_csv(version), encoding="utf-8")
    xlsx_path = tmp_path / "f.xlsx"
    xlsx_path.write_bytes(frameworks.as_xlsx(version))
    for path in (csv_path, xlsx_path):
        assert frameworks.parse_file(path, path.name) == original


@pytest.mark.django_db
def test_formula_like_texts_are_neutralised_in_exports_and_read_back_exactly(
    world: World, tmp_path: Path
) -> None:
    """A text that a spreadsheet would run (``=…``, ``-…``, ``@…``) is escaped in the CSV and
    a typed string in the XLSX; the import reads back exactly what was written."""
    raw = framework_json(description={"en": "=HYPERLINK(1)", "ru": "'=кавычка"})
    raw["competencies"][0]["name"] = {"en": "-5 units", "ru": "@все"}
    version = published_framework(world.users["admin"], **raw)
    original = frameworks.parse_json(frameworks.as_json(version) | {"version": None})
    text = frameworks.as_csv(version)
    assert ",'=HYPERLINK(1)\r" in text and ",''=кавычка," in text and ",'-5 units," in text
    csv_path = tmp_path / "f.csv"
    csv_path.write_text(text, encoding="utf-8")
    xlsx_path = tmp_path / "f.xlsx"
    xlsx_path.write_bytes(frameworks.as_xlsx(version))
    for path in (csv_path, xlsx_path):
        assert frameworks.parse_file(path, path.name) == original
    from openpyxl import load_workbook

    sheet: Any = load_workbook(xlsx_path).active
    assert "=HYPERLINK(1)" in [c.value for c in sheet[2]]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_a_flat_file_with_a_cycle_names_the_codes(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "kind,code,parent,rank,name_en\n"
        "framework,F,,,Flat\n"
        "level,a,,1,A\nlevel,b,,2,B\n"
        "category,C1,C2,,One\ncategory,C2,C1,,Two\ncompetency,K,C1,,Kid\n"
        "indicator,K,,3,\nwidget,K,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ApplicationError) as caught:
        frameworks.parse_file(path, "f.csv")
    errors = caught.value.errors
    assert errors["row 9"] == [
        "Unknown kind “widget”; use one of: framework, level, category, competency, indicator."
    ]
    assert errors["C1"] == ["The parents form a cycle: C1 → C2 → C1."]
    assert errors["row 8"] == ["Give the text in at least one language."]


@pytest.mark.django_db
def test_the_import_page_lists_every_problem_and_writes_nothing(as_user: Any, world: World) -> None:
    raw = framework_json()
    raw["competencies"][1]["indicators"] = {"9": {"en": "?"}}
    upload = SimpleUploadedFile("f.json", json.dumps(raw).encode(), "application/json")
    response = as_user("admin").post(
        reverse("competencies:framework_import"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "Indicator for level 9, which the scale does not have." in response.content.decode()
    assert (Framework.objects.count(), FrameworkVersion.objects.count()) == (0, 0)
    good = SimpleUploadedFile("f.json", json.dumps(framework_json()).encode())
    response = as_user("admin").post(
        reverse("competencies:framework_import"), {"file": good, "publish": "on"}
    )
    version = FrameworkVersion.objects.get()
    assert response.status_code == 302 and response["Location"] == version.get_absolute_url()
    assert version.status == "published"
    page = as_user("employee_a1").get(version.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru")
    assert "Требования" in page.content.decode()


@pytest.mark.django_db
def test_only_the_national_authority_imports_and_publishes(
    as_user: Any, api_as: Any, world: World
) -> None:
    upload = SimpleUploadedFile("f.json", json.dumps(framework_json()).encode())
    assert (
        as_user("hr_a").post(reverse("competencies:framework_import"), {"file": upload}).status_code
        == 403
    )
    response = api_as("hr_a").post(
        reverse("v1:framework-imports"), {"framework": framework_json()}, format="json"
    )
    assert response.status_code == 403
    response = api_as("admin").post(
        reverse("v1:framework-imports"),
        {"framework": framework_json(), "publish": True},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "published"
    assert [c["code"] for c in response.json()["competencies"]] == ["A", "A.1", "A.2", "S", "S.1"]
    listed = api_as("employee_a1").get(reverse("v1:framework-list")).json()
    assert [f["code"] for f in listed["results"]] == ["T"]
    assert as_user("nobody").get(reverse("competencies:framework_list")).status_code == 403


@pytest.mark.django_db
def test_the_api_refuses_a_bad_framework_with_its_location(api_as: Any, world: World) -> None:
    raw = framework_json()
    raw["levels"] = raw["levels"][:1]
    response = api_as("admin").post(
        reverse("v1:framework-imports"),
        {"framework": raw},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "A proficiency scale has at least two levels." in json.dumps(response.json())
    assert Framework.objects.count() == 0


class TestFrameworkPages(crud.CrudBase):
    """Frameworks are a national classifier, not scoped to bodies: their own tests above
    and below stand for the generated matrix."""

    model = Framework


@pytest.mark.django_db
def test_framework_pages_and_exports(as_user: Any, world: World) -> None:
    version = published_framework(world.users["admin"])
    client = as_user("manager_a1")
    listing = client.get(reverse("competencies:framework_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Test framework" in listing.content.decode()
    detail = client.get(version.framework.get_absolute_url()).content.decode()
    assert "v1" in detail
    exported = client.get(reverse("competencies:version_export", args=[version.pk, "json"]))
    assert json.loads(exported.content)["code"] == "T"
    xlsx = client.get(reverse("competencies:version_export", args=[version.pk, "xlsx"]))
    from openpyxl import load_workbook

    sheet: Any = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("framework", "T")
    assert (
        client.post(reverse("competencies:version_publish", args=[version.pk])).status_code == 403
    )


class TestFrameworkVersionPages(crud.CrudBase):
    """Versions and competencies are read with their framework (tests above)."""

    model = FrameworkVersion


class TestCompetencyPages(crud.CrudBase):
    model = Competency


@pytest.mark.django_db
def test_crosswalks_between_two_frameworks_refuse_unknown_levels_and_same_framework(
    world: World, as_user: Any, api_as: Any
) -> None:
    from cadre.competencies.models import Crosswalk

    admin = world.users["admin"]
    ours = published_framework(admin, code="T")
    published_framework(admin, code="SFIA")
    client = api_as("admin")
    url = reverse("v1:crosswalk-list")
    made = client.post(
        url,
        {"source": "T:A.1", "source_level": 3, "target": "SFIA:A.2", "target_level": 2},
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json() | {"id": 0} == {
        "id": 0,
        "source": "T:A.1",
        "source_level": 3,
        "target": "SFIA:A.2",
        "target_level": 2,
        "note": "",
    }
    refusals = [
        ({"target": "SFIA:A.2", "target_level": 5}, "The scale of “A.2” has no level 5."),
        (
            {"target": "T:A.2", "target_level": 1},
            "A crosswalk links competencies of two different frameworks.",
        ),
        (
            {"target": "SFIA:NOPE", "target_level": 1},
            "Unknown competency “SFIA:NOPE”; give it as FRAMEWORK:CODE of a published version.",
        ),
    ]
    for change, message in refusals:
        body = {"source": "T:S.1", "source_level": 1} | change
        response = client.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert response.json()["errors"][0]["message"] == message
    assert Crosswalk.objects.count() == 1
    assert (
        api_as("hr_a")
        .post(
            url,
            {"source": "T:S.1", "source_level": 1, "target": "SFIA:S.1", "target_level": 1},
            format="json",
        )
        .status_code
        == 403
    )
    listed = api_as("employee_a1").get(url + "?framework=SFIA").json()["results"]
    assert [(x["source"], x["target"]) for x in listed] == [("T:A.1", "SFIA:A.2")]
    page = as_user("admin").get(ours.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "SFIA:A.2 Modelling" in page and "Record the crosswalk" in page
    a1 = Competency.objects.get(version=ours, code="S.1")
    # The levels are chosen from the scales (issue 18): this version's for the source, the
    # published scales of the other frameworks, grouped by framework, for the target.
    form = page[page.index('name="source_level"') : page.index('name="note"')]
    assert '<option value="2">2.' in form and '<optgroup label="SFIA">' in form
    assert 'value="SFIA:1"' in form and 'value="T:1"' not in form
    # So is the competency it corresponds to: the other frameworks' published competencies,
    # grouped by framework, named in the reader's language; no category, none of its own.
    target = page[page.index('name="target"') : page.index('name="target_level"')]
    assert '<optgroup label="SFIA">' in target and "T:" not in target
    assert '<option value="SFIA:A.1">SFIA — A.1 Requirements</option>' in target
    assert 'value="SFIA:A"' not in target and 'value="SFIA:S"' not in target
    russian = as_user("admin").get(ours.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru")
    assert '<option value="SFIA:A.1">SFIA — A.1 Требования</option>' in russian.content.decode()
    published_framework(admin, code="OTHER")

    def post(target_level: str, lang: str = "en", source_level: Any = 2) -> Any:
        return as_user("admin").post(
            ours.get_absolute_url(),
            {
                "source": a1.pk,
                "source_level": source_level,
                "target": "SFIA:S.1",
                "target_level": target_level,
            },
            HTTP_ACCEPT_LANGUAGE=lang,
        )

    def post_target(key: str) -> Any:
        return as_user("admin").post(
            ours.get_absolute_url(),
            {"source": a1.pk, "source_level": 2, "target": key, "target_level": "SFIA:1"},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    # A value not on the list is refused with the API's message, under the field.
    for key, message in (
        (
            "SFIA:NOPE",
            "Unknown competency “SFIA:NOPE”; give it as FRAMEWORK:CODE of a published version.",
        ),
        ("T:A.2", "A crosswalk links competencies of two different frameworks."),
        ("SFIA:A", "“A” is a category, not a competency."),
    ):
        response = post_target(key)
        assert response.status_code == 400
        assert message in unescape(response.content.decode()), key
    refused = [
        (post("SFIA:9"), "Choose a level of a published framework&#x27;s scale."),
        (post("T:1"), "Choose a level of a published framework&#x27;s scale."),
        (post("OTHER:1"), "Choose a level of the scale of SFIA, the target&#x27;s framework."),
        (post("SFIA:1", source_level=9), "Choose a level of this version&#x27;s scale."),
    ]
    for response, message in refused:
        assert response.status_code == 400 and message in response.content.decode()
    translated = post("OTHER:1", lang="ru").content.decode()
    assert "Выберите уровень шкалы SFIA — рамки целевой компетенции." in translated
    assert Crosswalk.objects.count() == 1
    posted = post("SFIA:1")
    assert posted.status_code == 302 and Crosswalk.objects.count() == 2
    saved = Crosswalk.objects.latest("pk")
    assert (saved.source_level, saved.target.code, saved.target_level) == (2, "S.1", 1)
    assert as_user("hr_a").post(ours.get_absolute_url(), {}).status_code == 403
    gone = client.delete(reverse("v1:crosswalk-detail", args=[made.json()["id"]]))
    assert gone.status_code == 204 and Crosswalk.objects.count() == 1
