"""The overlap score on small exact examples (decision 0024)."""

from __future__ import annotations

import pytest

from cadre.portfolio.scoring import Entry, Index, combine, jaccard, normalise, shared_terms

DOC_RU = (
    "СЭД Минфина: система электронного документооборота, регистрация входящей "
    "корреспонденции, согласование и подписание ЭЦП, контроль исполнения поручений, "
    "интеграция с eGov. Documentolog, PostgreSQL"
)
DOC_KK = (
    "Әкімдіктің ЭҚАЖ: электрондық құжат айналымы жүйесі, кіріс корреспонденцияны тіркеу, "
    "ЭЦҚ арқылы келісу және қол қою, тапсырмалардың орындалуын бақылау, eGov "
    "интеграциясы. Documentolog, PostgreSQL"
)
CRM_EN = (
    "e-Otinish CRM for citizen requests and complaints: registration from the call centre, "
    "eGov and Telegram, routing to operators, SMS notifications. Bitrix24, Telegram Bot API"
)
CRM_RU = (
    "CRM обращений граждан e-Otinish: регистрация обращений из call-центра, eGov и Telegram, "
    "маршрутизация операторам, SMS-уведомления. Bitrix24, Telegram Bot API"
)
GIS_VI = "Hệ thống thông tin địa lý quản lý đất đai: bản đồ thửa đất, lớp địa chính. ArcGIS"
HR_EN = "Personnel records of the ministry: staffing table, leave and time sheets. 1C"


def test_jaccard_is_exact() -> None:
    assert jaccard({"crm", "messaging"}, {"crm"}) == 0.5
    assert jaccard({"a", "b", "c"}, {"b", "c", "d"}) == 0.5
    assert jaccard({"a", "b", "c"}, {"a", "b", "c", "d"}) == 0.75
    assert jaccard({"gis"}, {"hr"}) == 0.0
    assert jaccard(set(), set()) == 0.0
    assert combine(1.0, 0.25) == pytest.approx(0.55)
    assert combine(0.5, 0.5) == pytest.approx(0.5)


def test_text_is_normalised_across_scripts_and_accents() -> None:
    assert normalise("Электронный ДОКУМЕНТООБОРОТ") == "elektronnyi dokumentooborot"
    assert normalise("Электрондық құжат айналымы") == "elektrondyq quzhat ainalymy"
    assert normalise("Quản lý văn bản điện tử") == "quan ly van ban dien tu"
    assert shared_terms("Электронный документооборот, eGov", "электрондық құжат, eGov") == [
        "электронный",
        "egov",
    ]


def _index() -> Index:
    return Index(
        [
            Entry(1, 10, frozenset({"document_flow"}), DOC_RU),
            Entry(2, 20, frozenset({"document_flow"}), DOC_KK),
            Entry(3, 30, frozenset({"crm", "messaging"}), CRM_EN),
            Entry(4, 40, frozenset({"crm", "messaging"}), CRM_RU),
            Entry(5, 50, frozenset({"gis"}), GIS_VI),
            Entry(6, 60, frozenset({"hr"}), HR_EN),
            Entry(7, 10, frozenset({"document_flow"}), DOC_RU + " v2"),  # the same body
        ]
    )


def test_planted_cross_language_duplicates_are_found_and_unrelated_pairs_are_not() -> None:
    index = _index()
    pairs = {(p.a, p.b): p for p in index.brute_force(0.55)}
    # Russian and Kazakh document flow; English and Russian CRM. Entries 1 and 7 belong to
    # the same body: not a pair.
    assert sorted(pairs) == [(1, 2), (2, 7), (3, 4)]
    assert pairs[1, 2].capabilities == 1.0
    assert pairs[3, 4].capabilities == 1.0
    assert 0.25 < pairs[1, 2].text < 0.9
    assert pairs[1, 2].score == pytest.approx(0.4 + 0.6 * pairs[1, 2].text)
    # The LSH path finds the same pairs.
    assert sorted((p.a, p.b) for p in index.all_pairs(0.55)) == sorted(pairs)
    unrelated = index.score_pairs(*[__import__("numpy").array([x]) for x in (0, 4)])
    assert unrelated[2][0] < 0.2


def test_a_new_entry_is_scored_against_the_index_without_its_own_body() -> None:
    index = _index()
    found = index.query(Entry(0, 40, frozenset({"document_flow"}), DOC_RU), 0.55)
    assert [p.b for p in found] == [1, 7, 2]
    assert found[0].text == pytest.approx(1.0, abs=1e-5)
    assert index.query(Entry(0, 10, frozenset({"document_flow"}), DOC_RU), 0.55)[0].b == 2
    assert index.query(Entry(0, 99, frozenset({"video"}), "Traffic cameras. Python"), 0.55) == []
