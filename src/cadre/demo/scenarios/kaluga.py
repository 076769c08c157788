"""Kaluga region (Russian Federation)."""

from __future__ import annotations

from typing import Any

from cadre.demo.scenarios.builder import Builder
from cadre.orgs.choices import Currency, Level, OrgKind
from cadre.orgs.models import Organisation
from cadre.people.choices import EducationLevel


def build_kaluga(actor: Any, country: Organisation) -> Organisation:
    b = Builder(actor, "RU", seed=40)
    rub = Currency.RUB
    region = b.org("RU-KLU", "Калужская область", OrgKind.REGION, country, level=Level.REGION)
    gov = b.org("RU-KLU-GOV", "Правительство Калужской области", OrgKind.LOCAL_BODY, region)
    mdd = b.org(
        "RU-KLU-MCR", "Министерство цифрового развития Калужской области", OrgKind.LOCAL_BODY, gov
    )
    it = b.org(
        "RU-KLU-MCR-IT", "Управление информационных технологий", OrgKind.UNIT, mdd, is_it_unit=True
    )
    post = b.post(it, "RU-KLU-MCR-IT-P", "Консультант", 55_000, 90_000, rub, positions=10)
    for i in range(8):
        b.person(
            mdd,
            post,
            level=EducationLevel.MASTER if i < 3 else EducationLevel.BACHELOR,
            specialty=["09.03.01", "09.03.02", "09.03.03", "38.03.04"][i % 4],
        )
    minister = b.post(
        mdd, "RU-KLU-MCR-MIN", "Министр цифрового развития", 150_000, 220_000, rub, lead=True
    )
    b.person(mdd, minister, level=EducationLevel.MASTER, specialty="27.03.03")
    for code, name in [
        ("RU-KLU-CK-MED", "Региональный центр компетенций «Цифровая медицина»"),
        ("RU-KLU-CK-ZKH", "Региональный центр компетенций «ЖКХ»"),
        ("RU-KLU-CK-EDU", "Региональный центр компетенций в образовании (создаётся)"),
        ("RU-KLU-UC", "Учебный центр подготовки государственных служащих"),
    ]:
        b.org(code, name, OrgKind.COMPETENCE_CENTRE, region)
    b.org("RU-KLU-LYC", "IT-лицей", OrgKind.SUBORDINATE, region)
    return region
