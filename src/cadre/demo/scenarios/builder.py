"""What every scenario builds with: organisations, posts and people made through the
services, with names of the country's languages."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from cadre.core.choices import AuditSource
from cadre.orgs import services as orgs
from cadre.orgs.models import Organisation, Post
from cadre.people import identifiers
from cadre.people import services as people
from cadre.people.choices import AssignmentKind, EducationLevel, Gender
from cadre.people.models import Employee, Specialty
from cadre.people.specialties import code_for_year

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
        # Full names already given in each organisation: no namesakes side by side.
        self.named: dict[int, set[tuple[str, str, str]]] = {}

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
        last, first, middle, gender = self._name(org)
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
            # The code of the field that a diploma of that year bears (classifiers change).
            code, year = code_for_year(
                specialty, birth.year + 22 + (2 if level >= EducationLevel.MASTER else 0)
            )
            people.education_add(
                actor=self.actor,
                employee=employee,
                source=SRC,
                level=level,
                # A classifier without the older editions (a database built before them)
                # gives the current code.
                specialty=self.specialties.get(code) or self.specialties[specialty],
                institution="",
                year=year,
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

    def _name(self, org: Organisation) -> tuple[str, str, str, str]:
        """A name that agrees with the person's gender (surname, patronymic) and that nobody
        else in ``org`` has. The random draws are the same whatever the outcome, so the rest
        of the demo (salaries, dates, scores) does not move."""
        names = NAMES[self.country]
        gender = self.rng.choice([Gender.FEMALE, Gender.MALE])
        last = self.rng.choice(names["last"])
        if self.country != "VN" and gender == Gender.FEMALE:
            last = last + "а" if not last.endswith("а") else last
        firsts = names["first_" + gender]
        first = self.rng.choice(firsts)
        middle = self.rng.choice(names["middle"]) if names["middle"] else ""
        middle = MIDDLE_OF_GENDER[gender].get(middle, middle)
        taken = self.named.setdefault(org.pk, set())
        start = firsts.index(first)
        for step in range(len(firsts)):  # the next first name if this one is taken here
            candidate = firsts[(start + step) % len(firsts)]
            if (last, candidate, middle) not in taken and candidate != middle:
                first = candidate
                break
        taken.add((last, first, middle))
        if self.country == "VN":
            # A Vietnamese name has no patronymic: the family and middle names come first and
            # are kept together as the last name ("Nguyễn Thị" + "Lan"), as Vietnamese forms
            # split them (họ và tên đệm, tên), so the name reads Nguyễn Thị Lan (issue 18).
            return f"{last} {middle}".strip(), first, "", gender
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

# A patronymic (or a Vietnamese middle name) as a woman or a man bears it: Нурланович is a
# son's, Нурланқызы / Нурлановна a daughter's; Thị and Thu are women's middle names, Văn and
# Đức men's.
_DAUGHTER = {
    "Серікұлы": "Серікқызы",
    "Маратович": "Маратовна",
    "Нурланович": "Нурлановна",
    "Ерланович": "Ерлановна",
    "Александрович": "Александровна",
    "Сергеевич": "Сергеевна",
    "Викторович": "Викторовна",
    "Игоревич": "Игоревна",
    "Văn": "Thị",
    "Đức": "Thu",
}
MIDDLE_OF_GENDER: dict[str, dict[str, str]] = {
    Gender.FEMALE: _DAUGHTER,
    Gender.MALE: {"Thị": "Văn", "Thu": "Đức", "Ngọc": "Minh"},
}
