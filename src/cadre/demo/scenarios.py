"""Three demo scenarios modelled on the source documents (../shared/context).

Each is built through the services from records only, so that the indicators compute the
documents' own figures:

* Bắc Kạn (Vietnam): a province with 8 districts, 108 communes and 1,292 village digital
  technology teams; 40 IT civil servants in 40 IT units (5 master's, 29 university,
  4 college with an IT specialty, 2 without one — so 2 units have nobody qualified); the
  provincial IT & Communication Centre with 12 staff (1 master's, 11 university); in every
  commune a culture-social officer with a concurrent digital-transformation duty; steering
  committees at province, district and commune level.
* Kazakhstan: 16 ministries and 20 regional akimats, each with an IT unit; 520 IT staff of
  whom 270 (51.9%) have no IT specialty; a digital vice-minister in 8 ministries; IT posts
  paid 120,000–180,000 KZT.
* Kaluga (Russia): the regional government, its ministry of digital development, regional
  competence centres, a training centre for civil servants and an IT lyceum.

Idempotent: a scenario whose root code exists is skipped.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from cadre.core.choices import AuditSource
from cadre.orgs import services as orgs
from cadre.orgs.choices import Currency, Level, OrgKind
from cadre.orgs.models import Organisation, Post
from cadre.people import identifiers
from cadre.people import services as people
from cadre.people.choices import AssignmentKind, EducationLevel, Gender
from cadre.people.models import Employee, Specialty

SRC = AuditSource.CLI
START = dt.date(2024, 1, 15)


class Builder:
    """Small helpers over the services, with a deterministic supply of names and ids."""

    def __init__(self, actor: Any, country: str, seed: int) -> None:
        self.actor = actor
        self.country = country
        self.rng = random.Random(seed)  # noqa: S311  (demo data, not security)
        self.ids = 0
        self.specialties = {s.code: s for s in Specialty.objects.all()}

    def org(
        self, code: str, name: str, kind: str, parent: Organisation | None, **kw: Any
    ) -> Organisation:
        return orgs.organisation_create(
            actor=self.actor, code=code, name=name, kind=kind, parent=parent, source=SRC, **kw
        )

    def post(
        self,
        unit: Organisation,
        code: str,
        title: str,
        lo: int,
        hi: int,
        currency: str,
        positions: int = 1,
        category: str = "",
        lead: bool = False,
    ) -> Post:
        return orgs.post_create(
            actor=self.actor,
            source=SRC,
            organisation=unit,
            code=code,
            title=title,
            category=category,
            salary_min=Decimal(lo),
            salary_max=Decimal(hi),
            currency=currency,
            positions=positions,
            is_digital_lead=lead,
        )

    def person(
        self,
        org: Organisation,
        post: Post | None,
        *,
        level: int | None = None,
        specialty: str | None = None,
        kind: str = AssignmentKind.MAIN,
    ) -> Employee:
        last, first, middle, gender = self._name()
        self.ids += 1
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 365 * 35))
        employee = people.employee_create(
            actor=self.actor,
            source=SRC,
            personal_id=self._pid(birth, gender),
            last_name=last,
            first_name=first,
            middle_name=middle,
            birth_date=birth,
            gender=gender,
            organisation=org,
        )
        if post is not None:
            people.assignment_create(
                actor=self.actor,
                employee=employee,
                post=post,
                kind=kind,
                start_date=START,
                source=SRC,
            )
        if level is not None and specialty is not None:
            people.education_add(
                actor=self.actor,
                employee=employee,
                source=SRC,
                level=level,
                specialty=self.specialties[specialty],
                institution="",
                year=birth.year + 22 + (2 if level >= EducationLevel.MASTER else 0),
            )
        return employee

    def _pid(self, birth: dt.date, gender: str) -> str:
        """A valid national identifier of the scenario's country (decision 0015)."""
        if self.country == "KZ":  # an IIN; a registration number with no check digit skipped
            serial = self.ids
            while (iin := identifiers.iin_make(birth, gender, serial % 10_000)) is None:
                serial += 5_003
            return iin
        if self.country == "RU":
            return identifiers.snils_make(100_000_000 + 7_919 * self.ids)
        return identifiers.cccd_make("006", birth, gender, self.ids)  # born in Bắc Kạn

    def _name(self) -> tuple[str, str, str, str]:
        names = NAMES[self.country]
        gender = self.rng.choice([Gender.FEMALE, Gender.MALE])
        last = self.rng.choice(names["last"])
        if self.country != "VN" and gender == Gender.FEMALE:
            last = last + "а" if not last.endswith("а") else last
        first = self.rng.choice(names["first_" + gender])
        middle = self.rng.choice(names["middle"]) if names["middle"] else ""
        return last, first, middle, gender


NAMES: dict[str, dict[str, list[str]]] = {
    "VN": {
        "last": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Hà", "Nông", "Lương", "Triệu", "Ma"],
        "first_F": ["Lan", "Hương", "Thảo", "Mai", "Hoa", "Ngọc", "Linh", "Trang"],
        "first_M": ["Minh", "Hùng", "Dũng", "Tuấn", "Nam", "Quang", "Sơn", "Đức"],
        "middle": ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc"],
    },
    "KZ": {
        "last": [
            "Ахметов",
            "Серіков",
            "Жумабеков",
            "Касымов",
            "Нурланов",
            "Омаров",
            "Сапаров",
            "Бекмухамбетов",
            "Искаков",
            "Тлеубаев",
        ],
        "first_F": ["Айгерим", "Динара", "Гульнара", "Салтанат", "Асель", "Жанар", "Мадина"],
        "first_M": ["Ержан", "Арман", "Марат", "Нурлан", "Данияр", "Ерлан", "Асхат"],
        "middle": ["Серікұлы", "Маратович", "Нурланович", "Ерланович", ""],
    },
    "RU": {
        "last": [
            "Иванов",
            "Смирнов",
            "Кузнецов",
            "Попов",
            "Соколов",
            "Лебедев",
            "Козлов",
            "Новиков",
            "Морозов",
            "Волков",
        ],
        "first_F": ["Анна", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина"],
        "first_M": ["Алексей", "Сергей", "Дмитрий", "Андрей", "Михаил", "Иван"],
        "middle": ["Александрович", "Сергеевич", "Викторович", "Игоревич"],
    },
}

BK_DISTRICTS = [  # name, number of communes
    ("Thành phố Bắc Kạn", 8),
    ("Ba Bể", 15),
    ("Bạch Thông", 16),
    ("Chợ Đồn", 20),
    ("Chợ Mới", 14),
    ("Na Rì", 18),
    ("Ngân Sơn", 11),
    ("Pác Nặm", 6),
]
BK_DEPARTMENTS = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh",
    "Ban Dân tộc",
    "Ban Quản lý các khu công nghiệp",
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Cục Thuế tỉnh",
    "Kho bạc Nhà nước tỉnh",
    "Cục Thống kê tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Trung tâm Phục vụ hành chính công",
    "Đài Phát thanh và Truyền hình",
    "Báo Bắc Kạn",
    "Trường Chính trị tỉnh",
    "Ban Tiếp công dân",
    "Quỹ Đầu tư phát triển",
    "Liên minh Hợp tác xã",
]
# The two IT units whose only officer has no IT specialty (the documents' "2 units").
BK_UNQUALIFIED = {"Ngân Sơn", "Pác Nặm"}


def _it_levels() -> Iterator[tuple[int, str]]:
    """38 qualified IT officers: 5 master's, 29 university, 4 college."""
    yield from [(EducationLevel.MASTER, "7480201")] * 5
    yield from [(EducationLevel.BACHELOR, "7480201")] * 20
    yield from [(EducationLevel.BACHELOR, "7480103")] * 9
    yield from [(EducationLevel.COLLEGE, "7480201")] * 4


def build_bac_kan(actor: Any, country: Organisation) -> Organisation:
    b = Builder(actor, "VN", seed=3)
    vnd = Currency.VND
    province = b.org("VN-BK", "Tỉnh Bắc Kạn", OrgKind.REGION, country, level=Level.REGION)
    b.org(
        "VN-BK-BCD",
        "Ban Chỉ đạo chuyển đổi số tỉnh",
        OrgKind.STEERING_COMMITTEE,
        province,
        level=Level.REGION,
    )
    pc = b.org("VN-BK-UBND", "Ủy ban nhân dân tỉnh Bắc Kạn", OrgKind.LOCAL_BODY, province)
    it_units: list[tuple[str, Organisation]] = []
    for i, name in enumerate(BK_DEPARTMENTS, start=1):
        dep = b.org(f"VN-BK-S{i:02}", name, OrgKind.LOCAL_BODY, pc)
        it_units.append(
            (
                name,
                b.org(
                    f"VN-BK-S{i:02}-IT",
                    f"Bộ phận CNTT – {name}",
                    OrgKind.UNIT,
                    dep,
                    is_it_unit=True,
                ),
            )
        )
    communes_done = 0
    teams_left = 1292
    for d, (dname, n_communes) in enumerate(BK_DISTRICTS, start=1):
        district = b.org(
            f"VN-BK-D{d}",
            f"Huyện {dname}" if d > 1 else dname,
            OrgKind.DISTRICT,
            province,
            level=Level.DISTRICT,
        )
        b.org(
            f"VN-BK-D{d}-BCD",
            f"Ban Chỉ đạo chuyển đổi số – {dname}",
            OrgKind.STEERING_COMMITTEE,
            district,
            level=Level.DISTRICT,
        )
        dpc = b.org(f"VN-BK-D{d}-UBND", f"UBND {dname}", OrgKind.LOCAL_BODY, district)
        it_units.append(
            (
                dname,
                b.org(
                    f"VN-BK-D{d}-IT",
                    f"Phòng Văn hóa – Thông tin (CNTT), {dname}",
                    OrgKind.UNIT,
                    dpc,
                    is_it_unit=True,
                ),
            )
        )
        for c in range(1, n_communes + 1):
            communes_done += 1
            code = f"VN-BK-D{d}-C{c:02}"
            commune = b.org(
                code,
                f"Xã {communes_done:03} ({dname})",
                OrgKind.COMMUNE,
                district,
                level=Level.COMMUNE,
            )
            b.org(
                f"{code}-BCD",
                "Ban Chỉ đạo chuyển đổi số xã",
                OrgKind.STEERING_COMMITTEE,
                commune,
                level=Level.COMMUNE,
            )
            cpc = b.org(f"{code}-UBND", "UBND xã", OrgKind.LOCAL_BODY, commune)
            b.org(
                f"{code}-TCN",
                "Tổ công nghệ số cộng đồng xã",
                OrgKind.COMMUNITY_TEAM,
                commune,
                level=Level.COMMUNE,
            )
            officer_post = b.post(
                cpc, f"{code}-VHXH", "Công chức Văn hóa – Xã hội", 5_000_000, 9_000_000, vnd
            )
            duty_post = b.post(
                cpc,
                f"{code}-CDS",
                "Phụ trách chuyển đổi số (kiêm nhiệm)",
                0,
                0,
                vnd,
                positions=0,
                lead=True,
            )
            officer = b.person(
                cpc, officer_post, level=EducationLevel.BACHELOR, specialty="7229042"
            )
            people.assignment_create(
                actor=actor,
                employee=officer,
                post=duty_post,
                kind=AssignmentKind.CONCURRENT,
                start_date=START,
                source=SRC,
            )
            communes_left = 108 - communes_done
            teams = min(12, teams_left - 11 * communes_left) if communes_left else teams_left
            teams_left -= teams
            for v in range(1, teams + 1):
                b.org(
                    f"{code}-V{v:02}",
                    f"Tổ công nghệ số cộng đồng thôn {v}",
                    OrgKind.COMMUNITY_TEAM,
                    commune,
                    level=Level.VILLAGE,
                )
    levels = _it_levels()
    for name, unit in it_units:
        post = b.post(
            unit, f"{unit.code}-P", "Chuyên viên công nghệ thông tin", 6_000_000, 12_000_000, vnd
        )
        if name in BK_UNQUALIFIED:
            b.person(unit, post, level=EducationLevel.BACHELOR, specialty="7380101")
        else:
            level, specialty = next(levels)
            b.person(unit, post, level=level, specialty=specialty)
    centre = b.org(
        "VN-BK-TTCNTT",
        "Trung tâm Công nghệ thông tin và Truyền thông tỉnh",
        OrgKind.SUBORDINATE,
        province,
        is_it_unit=True,
    )
    centre_post = b.post(
        centre, "VN-BK-TTCNTT-P", "Viên chức CNTT", 6_000_000, 14_000_000, vnd, positions=14
    )
    b.person(centre, centre_post, level=EducationLevel.MASTER, specialty="7480104")
    for _ in range(11):
        b.person(centre, centre_post, level=EducationLevel.BACHELOR, specialty="7480201")
    return province


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


SCENARIOS = {
    "VN-BK": ("VN", "Việt Nam", build_bac_kan),
    "KZ-GOV": ("KZ", "Қазақстан Республикасы", build_kazakhstan),
    "RU-KLU": ("RU", "Российская Федерация", build_kaluga),
}


def load_scenarios(actor: Any, only: set[str] | None = None) -> list[str]:
    """Build every scenario not yet present; returns the codes built."""
    built = []
    for code, (country_code, country_name, build) in SCENARIOS.items():
        if only is not None and code not in only:
            continue
        if Organisation.objects.filter(code=code).exists():
            continue
        country = Organisation.objects.filter(
            code=country_code
        ).first() or orgs.organisation_create(
            actor=actor,
            code=country_code,
            name=country_name,
            kind=OrgKind.COUNTRY,
            source=SRC,
            level=Level.NATIONAL,
            country=country_code,
        )
        build(actor, country)
        built.append(code)
    return built
