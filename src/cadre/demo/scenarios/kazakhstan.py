"""The Republic of Kazakhstan: ministries, regions and cities."""

from __future__ import annotations

from typing import Any

from cadre.demo.scenarios.builder import Builder
from cadre.orgs.choices import Currency, Level, OrgKind
from cadre.orgs.models import Organisation
from cadre.people.choices import EducationLevel

KZ_MINISTRIES = [
    "Министерство цифрового развития, инноваций и аэрокосмической промышленности",
    "Министерство финансов",
    "Министерство национальной экономики",
    "Министерство юстиции",
    "Министерство здравоохранения",
    "Министерство просвещения",
    "Министерство науки и высшего образования",
    "Министерство труда и социальной защиты",
    "Министерство внутренних дел",
    "Министерство энергетики",
    "Министерство сельского хозяйства",
    "Министерство транспорта",
    "Министерство промышленности и строительства",
    "Министерство экологии и природных ресурсов",
    "Министерство культуры и информации",
    "Министерство торговли и интеграции",
]
KZ_REGIONS = [
    "Абайская",
    "Акмолинская",
    "Актюбинская",
    "Алматинская",
    "Атырауская",
    "Западно-Казахстанская",
    "Жамбылская",
    "Жетысуская",
    "Карагандинская",
    "Костанайская",
    "Кызылординская",
    "Мангистауская",
    "Павлодарская",
    "Северо-Казахстанская",
    "Туркестанская",
    "Улытауская",
    "Восточно-Казахстанская",
]
KZ_CITIES = ["Астана", "Алматы", "Шымкент"]


def build_kazakhstan(actor: Any, country: Organisation) -> Organisation:
    """520 IT staff over 36 bodies; 270 of them (51.9%) without an IT specialty."""
    b = Builder(actor, "KZ", seed=7)
    kzt = Currency.KZT
    bodies: list[tuple[str, Organisation]] = []
    root = b.org("KZ-GOV", "Правительство Республики Казахстан", OrgKind.CENTRAL_BODY, country)
    for i, name in enumerate(KZ_MINISTRIES, start=1):
        bodies.append((f"KZ-M{i:02}", b.org(f"KZ-M{i:02}", name, OrgKind.CENTRAL_BODY, root)))
    for i, name in enumerate(KZ_REGIONS + KZ_CITIES, start=1):
        region_name = f"{name} область" if i <= len(KZ_REGIONS) else f"город {name}"
        region = b.org(f"KZ-R{i:02}", region_name, OrgKind.REGION, country, level=Level.REGION)
        bodies.append(
            (
                f"KZ-R{i:02}-AK",
                b.org(f"KZ-R{i:02}-AK", f"Акимат: {region_name}", OrgKind.LOCAL_BODY, region),
            )
        )
    it_total, without = 520, 270
    per_body = [
        it_total // len(bodies) + (1 if i < it_total % len(bodies) else 0)
        for i in range(len(bodies))
    ]
    non_it = iter([True] * without + [False] * (it_total - without))
    order = list(range(it_total))
    b.rng.shuffle(order)
    flags = [False] * it_total
    for position, flag in zip(order, non_it, strict=True):
        flags[position] = flag
    k = 0
    for (code, body), n in zip(bodies, per_body, strict=True):
        unit = b.org(f"{code}-IT", "Департамент цифровизации", OrgKind.UNIT, body, is_it_unit=True)
        post = b.post(
            unit,
            f"{code}-IT-P",
            "Специалист по цифровизации",
            120_000,
            180_000,
            kzt,
            positions=n + 2,
            category="C-4",
        )
        for _ in range(n):
            if flags[k]:
                b.person(
                    body,
                    post,
                    level=EducationLevel.BACHELOR,
                    specialty=b.rng.choice(["6B041", "6B042", "6B071"]),
                )
            else:
                b.person(
                    body,
                    post,
                    level=b.rng.choice([EducationLevel.BACHELOR] * 4 + [EducationLevel.MASTER]),
                    specialty=b.rng.choice(["6B061", "6B063"]),
                )
            k += 1
    for code, body in bodies[:8]:
        lead = b.post(
            body,
            f"{code}-VM",
            "Вице-министр по цифровизации",
            650_000,
            900_000,
            kzt,
            category="A-1",
            lead=True,
        )
        b.person(body, lead, level=EducationLevel.MASTER, specialty="6B061")
    return root
