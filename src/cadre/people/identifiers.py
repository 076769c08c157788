"""National personal identifiers, checked by the country of the person's organisation
(decision 0015): Kazakhstan's IIN, Russia's SNILS, Vietnam's CCCD number.

Each checker returns every problem it finds, each naming what is wrong, in the user's
language; ``[]`` means the identifier is valid. Consistency with the birth date and the sex
is checked only when they are given (a refused cell is not compared). People of an
organisation without a country keep the loose rule of the identifier field alone.

The ``*_make`` functions build valid identifiers (the demo data, tests).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from cadre.orgs.choices import Country
from cadre.people.choices import Gender

# --- Kazakhstan: IIN (individual identification number) --------------------------------
#
# 12 digits: YYMMDD of birth; a digit for the century of birth and the sex (1/2: 1800s
# man/woman, 3/4: 1900s, 5/6: 2000s); a 4-digit registration number; a check digit: the sum
# of the first 11 digits weighted 1..11, modulo 11; when that gives 10, weighted 3..11, 1, 2,
# modulo 11; when that gives 10 again the number is not issued.

IIN_WEIGHTS = (tuple(range(1, 12)), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))


def iin_check_digit(first11: str) -> int | None:
    """The check digit of an IIN's first 11 digits; ``None`` if no IIN begins with them."""
    for weights in IIN_WEIGHTS:
        check = sum(int(d) * w for d, w in zip(first11, weights, strict=True)) % 11
        if check != 10:
            return check
    return None


def iin_problems(
    value: str, *, birth_date: dt.date | None = None, gender: str | None = None
) -> list[str]:
    if not re.fullmatch(r"[0-9]{12}", value):
        return [_("An IIN has 12 digits.")]
    problems = []
    century_sex = int(value[6])
    born = None
    if not 1 <= century_sex <= 6:
        problems.append(
            _("The IIN's 7th digit (century of birth and sex) must be 1 to 6, not %(digit)s.")
            % {"digit": century_sex}
        )
    else:
        year = 1800 + 100 * ((century_sex - 1) // 2) + int(value[:2])
        try:
            born = dt.date(year, int(value[2:4]), int(value[4:6]))
        except ValueError:
            problems.append(_("The IIN's first six digits are not a date of birth (YYMMDD)."))
    if iin_check_digit(value[:11]) != int(value[11]):
        problems.append(_("The IIN's check digit is wrong."))
    if born is not None and birth_date is not None and born != birth_date:
        problems.append(
            _("The IIN says born on %(iin)s but the birth date is %(date)s.")
            % {"iin": born.isoformat(), "date": birth_date.isoformat()}
        )
    if 1 <= century_sex <= 6 and gender:
        said = Gender.MALE if century_sex % 2 else Gender.FEMALE
        if said != gender:
            problems.append(
                _("The IIN is a man's but the person is recorded as a woman.")
                if said == Gender.MALE
                else _("The IIN is a woman's but the person is recorded as a man.")
            )
    return problems


def iin_make(birth_date: dt.date, gender: str, serial: int) -> str | None:
    """The IIN of a person born on ``birth_date`` with registration number ``serial``
    (0–9999); ``None`` if that number gives no check digit."""
    century_sex = 2 * ((birth_date.year - 1800) // 100) + (1 if gender == Gender.MALE else 2)
    first11 = f"{birth_date:%y%m%d}{century_sex}{serial:04d}"
    check = iin_check_digit(first11)
    return None if check is None else f"{first11}{check}"


# --- Russia: SNILS (insurance number of an individual account) --------------------------
#
# 11 digits: a 9-digit number and a 2-digit check number: the sum of the first 9 digits
# weighted 9..1; below 100 it is the check number; 100 and 101 give 00; above 101 its
# remainder modulo 101 (100 again giving 00). Numbers up to 001-001-998 have no check.
# Stored and imported as the 11 digits alone; the printed form "123-456-789 01" is refused
# with the digits to write instead (imports match people by the identifier as written).

SNILS_UNCHECKED_UP_TO = 1_001_998


def snils_check_number(first9: str) -> int:
    total = sum(int(d) * w for d, w in zip(first9, range(9, 0, -1), strict=True))
    if total > 101:
        total %= 101
    return 0 if total in (100, 101) else total


def snils_problems(value: str, **_ignored: Any) -> list[str]:
    if not re.fullmatch(r"[0-9]{11}", value):
        digits = re.sub(r"[\s-]", "", value)
        if re.fullmatch(r"[0-9]{11}", digits):
            return [_("Write the SNILS as its 11 digits alone: %(digits)s.") % {"digits": digits}]
        return [_("A SNILS has 11 digits.")]
    if int(value[:9]) > SNILS_UNCHECKED_UP_TO and snils_check_number(value[:9]) != int(value[9:]):
        return [_("The SNILS's check number is wrong.")]
    return []


def snils_make(number: int) -> str:
    """The SNILS with the 9-digit ``number``."""
    first9 = f"{number:09d}"
    return f"{first9}{snils_check_number(first9):02d}"


# --- Vietnam: CCCD (citizen identity card) number -----------------------------------------
#
# 12 digits: the code of the province where the birth was registered; a digit for the
# century of birth and the sex (0/1: 1900s man/woman, 2/3: 2000s, 4/5: 2100s, …); the last
# two digits of the year of birth; a 6-digit random number. No check digit.

# The 63 provinces and cities (the codes of Circular 07/2016/TT-BCA).
VN_PROVINCES = frozenset(
    f"{code:03d}"
    for code in (
        *(1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34),
        *(35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67),
        *(68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96),
    )
)


def cccd_problems(
    value: str, *, birth_date: dt.date | None = None, gender: str | None = None
) -> list[str]:
    if not re.fullmatch(r"[0-9]{12}", value):
        return [_("A CCCD number has 12 digits.")]
    problems = []
    if value[:3] not in VN_PROVINCES:
        problems.append(
            _("The CCCD number begins with %(code)s, which is not a province code.")
            % {"code": value[:3]}
        )
    century_sex = int(value[3])
    year = 1900 + 100 * (century_sex // 2) + int(value[4:6])
    if birth_date is not None and birth_date.year != year:
        problems.append(
            _("The CCCD number says born in %(year)s but the birth date is %(date)s.")
            % {"year": year, "date": birth_date.isoformat()}
        )
    said = Gender.MALE if century_sex % 2 == 0 else Gender.FEMALE
    if gender and said != gender:
        problems.append(
            _("The CCCD number is a man's but the person is recorded as a woman.")
            if said == Gender.MALE
            else _("The CCCD number is a woman's but the person is recorded as a man.")
        )
    return problems


def cccd_make(province: str, birth_date: dt.date, gender: str, serial: int) -> str:
    """The CCCD number of a person born in ``province`` (its 3-digit code)."""
    century_sex = 2 * ((birth_date.year - 1900) // 100) + (0 if gender == Gender.MALE else 1)
    return f"{province}{century_sex}{birth_date:%y}{serial:06d}"


# --- by country ---------------------------------------------------------------------------

CHECKERS: dict[str, Callable[..., list[str]]] = {
    Country.KZ: iin_problems,
    Country.RU: snils_problems,
    Country.VN: cccd_problems,
}


def identifier_problems(
    value: str, *, country: str, birth_date: dt.date | None = None, gender: str | None = None
) -> list[str]:
    """Every problem of ``value`` as a national identifier of ``country`` (none for an
    organisation without a country: the identifier field's own rule applies alone)."""
    checker = CHECKERS.get(country)
    if checker is None:
        return []
    return checker(value, birth_date=birth_date, gender=gender)


# --- for imports (the row-by-row and the set-based path alike) ---------------------------


def countries_by_code(organisations: dict[str, tuple[Any, str]]) -> dict[str, str]:
    """The country of each organisation code of a file that names one, from the import's
    ``lookup_organisations`` (once per file, not per row)."""
    from cadre.orgs.selectors import countries_of

    found = {code: org for code, (org, _error) in organisations.items() if org is not None}
    countries = countries_of(found.values())
    return {code: countries[org.pk] for code, org in found.items() if countries[org.pk]}


def import_row_problems(
    values: dict[str, Any], bad: frozenset[str], countries: dict[str, str]
) -> list[str]:
    """The problems of an import row's identifier as one of its organisation's country
    (none when the identifier cell was refused or repeats an earlier row, or the
    organisation is unknown or names no country)."""
    country = countries.get(values["organisation_code"] or "")
    if "personal_id" in bad or not country:
        return []
    return identifier_problems(
        values["personal_id"],
        country=country,
        birth_date=values["birth_date"],
        gender=values["gender"],
    )
