"""The starter classifier of specialties, shipped with Cadre and loaded by a migration.

Codes follow each country's own classifier (Kazakhstan's groups of educational programmes
6B…, Russia's OKSO, Vietnam's list of training fields 7…); ``is_it`` marks the specialties
that count as an IT qualification in the indicators. A country extends or corrects the
list through the specialty import, never by typing "IT" per person.

Classifiers change: a degree of 2005 cannot carry a code adopted in 2018. ``YEARS`` gives
the years of graduation in which a diploma could carry each shipped code (both ends
included; ``None`` = still in force), and ``PREDECESSOR`` the code of the earlier
classifier for the same field (its ``is_it`` is the same), so ``code_for_year`` finds the
code a degree of a given year bears. Older editions are shipped for that reason:
Kazakhstan's 5B… (2009 classifier), Russia's bachelor list of 2009 (six digits, ``230100``)
and OKSO 2003 specialist codes (``230101``), Vietnam's level-4 list of 2010 (``52…``).
"""

# code, name, is_it
SPECIALTIES: list[tuple[str, str, bool]] = [
    # Kazakhstan
    ("6B061", "Информационно-коммуникационные технологии", True),
    ("6B062", "Телекоммуникации", True),
    ("6B063", "Информационная безопасность", True),
    ("6B054", "Математика и статистика", False),
    ("6B041", "Бизнес и управление", False),
    ("6B042", "Право", False),
    ("6B031", "Социальные науки", False),
    ("6B011", "Педагогика и психология", False),
    ("6B071", "Инженерия и инженерное дело", False),
    # Russia (OKSO)
    ("01.03.02", "Прикладная математика и информатика", True),
    ("02.03.02", "Фундаментальная информатика и информационные технологии", True),
    ("09.03.01", "Информатика и вычислительная техника", True),
    ("09.03.02", "Информационные системы и технологии", True),
    ("09.03.03", "Прикладная информатика", True),
    ("09.03.04", "Программная инженерия", True),
    ("10.03.01", "Информационная безопасность", True),
    ("11.03.02", "Инфокоммуникационные технологии и системы связи", True),
    ("27.03.03", "Системный анализ и управление", True),
    ("38.03.01", "Экономика", False),
    ("38.03.04", "Государственное и муниципальное управление", False),
    ("40.03.01", "Юриспруденция", False),
    ("44.03.01", "Педагогическое образование", False),
    ("13.03.02", "Электроэнергетика и электротехника", False),
    # Vietnam
    ("7480101", "Khoa học máy tính", True),
    ("7480103", "Kỹ thuật phần mềm", True),
    ("7480104", "Hệ thống thông tin", True),
    ("7480201", "Công nghệ thông tin", True),
    ("7480202", "An toàn thông tin", True),
    ("7520207", "Kỹ thuật điện tử - viễn thông", True),
    ("7310101", "Kinh tế", False),
    ("7340101", "Quản trị kinh doanh", False),
    ("7380101", "Luật", False),
    ("7229042", "Quản lý văn hóa", False),
    ("7140202", "Giáo dục tiểu học", False),
    ("7620101", "Nông nghiệp", False),
]

# The earlier editions: code, name, is_it, the code that replaced it (same field, same
# is_it), and the years of graduation it was given in.
OLDER: list[tuple[str, str, bool, str, int, int]] = [
    # Kazakhstan, classifier of 2009 (bachelor, 5B…): degrees of 2009–2022
    ("5B070400", "Вычислительная техника и программное обеспечение", True, "6B061", 2009, 2022),
    ("5B071900", "Радиотехника, электроника и телекоммуникации", True, "6B062", 2009, 2022),
    ("5B100200", "Системы информационной безопасности", True, "6B063", 2009, 2022),
    ("5B060100", "Математика", False, "6B054", 2009, 2022),
    ("5B050700", "Менеджмент", False, "6B041", 2009, 2022),
    ("5B030100", "Юриспруденция", False, "6B042", 2009, 2022),
    ("5B050100", "Социология", False, "6B031", 2009, 2022),
    ("5B010300", "Педагогика и психология", False, "6B011", 2009, 2022),
    ("5B071200", "Машиностроение", False, "6B071", 2009, 2022),
    # Russia, bachelor list of 2009: degrees of 2010–2017
    ("010400", "Прикладная математика и информатика", True, "01.03.02", 2010, 2017),
    (
        "010300",
        "Фундаментальная информатика и информационные технологии",
        True,
        "02.03.02",
        2010,
        2017,
    ),
    ("230100", "Информатика и вычислительная техника", True, "09.03.01", 2010, 2017),
    ("230400", "Информационные системы и технологии", True, "09.03.02", 2010, 2017),
    ("230700", "Прикладная информатика", True, "09.03.03", 2010, 2017),
    ("231000", "Программная инженерия", True, "09.03.04", 2010, 2017),
    ("090900", "Информационная безопасность", True, "10.03.01", 2010, 2017),
    ("210700", "Инфокоммуникационные технологии и системы связи", True, "11.03.02", 2010, 2017),
    ("220100", "Системный анализ и управление", True, "27.03.03", 2010, 2017),
    ("080100", "Экономика", False, "38.03.01", 2010, 2017),
    ("081100", "Государственное и муниципальное управление", False, "38.03.04", 2010, 2017),
    ("030900", "Юриспруденция", False, "40.03.01", 2010, 2017),
    ("050100", "Педагогическое образование", False, "44.03.01", 2010, 2017),
    ("140400", "Электроэнергетика и электротехника", False, "13.03.02", 2010, 2017),
    # Russia, OKSO 2003 (specialist): degrees of 2003–2016
    ("010501", "Прикладная математика и информатика", True, "010400", 2003, 2016),
    (
        "010503",
        "Математическое обеспечение и администрирование информационных систем",
        True,
        "010300",
        2003,
        2016,
    ),
    ("230101", "Вычислительные машины, комплексы, системы и сети", True, "230100", 2003, 2016),
    ("230201", "Информационные системы и технологии", True, "230400", 2003, 2016),
    ("080801", "Прикладная информатика (по областям)", True, "230700", 2003, 2016),
    (
        "230105",
        "Программное обеспечение вычислительной техники и автоматизированных систем",
        True,
        "231000",
        2003,
        2016,
    ),
    ("090103", "Организация и технология защиты информации", True, "090900", 2003, 2016),
    ("210406", "Сети связи и системы коммутации", True, "210700", 2003, 2016),
    ("220201", "Управление и информатика в технических системах", True, "220100", 2003, 2016),
    ("080105", "Финансы и кредит", False, "080100", 2003, 2016),
    ("080504", "Государственное и муниципальное управление", False, "081100", 2003, 2016),
    ("030501", "Юриспруденция", False, "030900", 2003, 2016),
    ("050708", "Педагогика и методика начального образования", False, "050100", 2003, 2016),
    ("140211", "Электроснабжение", False, "140400", 2003, 2016),
    # Vietnam, level-4 list of 2010 (52…): degrees of 2010–2021
    ("52480101", "Khoa học máy tính", True, "7480101", 2010, 2021),
    ("52480103", "Kỹ thuật phần mềm", True, "7480103", 2010, 2021),
    ("52480104", "Hệ thống thông tin", True, "7480104", 2010, 2021),
    ("52480201", "Công nghệ thông tin", True, "7480201", 2010, 2021),
    ("52480202", "An toàn thông tin", True, "7480202", 2010, 2021),
    ("52520207", "Kỹ thuật điện tử, truyền thông", True, "7520207", 2010, 2021),
    ("52310101", "Kinh tế", False, "7310101", 2010, 2021),
    ("52340101", "Quản trị kinh doanh", False, "7340101", 2010, 2021),
    ("52380101", "Luật", False, "7380101", 2010, 2021),
    ("52220342", "Quản lý văn hóa", False, "7229042", 2010, 2021),
    ("52140202", "Giáo dục tiểu học", False, "7140202", 2010, 2021),
    ("52620101", "Nông nghiệp", False, "7620101", 2010, 2021),
]

# Each current code's earlier edition.
PREDECESSOR: dict[str, str] = {successor: code for code, _n, _it, successor, _a, _b in OLDER}


def _current_window(code: str) -> tuple[int | None, int | None]:
    if code.startswith("6B"):  # Kazakhstan, classifier of 2018
        return 2019, None
    if "." in code:  # Russia, OKSO 2013 (bachelor)
        return 2013, None
    return 2018, None  # Vietnam, level-4 list of 2017 (7…)


# Years of graduation in which a diploma could carry the code (both ends included).
YEARS: dict[str, tuple[int | None, int | None]] = {
    **{code: _current_window(code) for code, _n, _it in SPECIALTIES},
    **{code: (start, end) for code, _n, _it, _s, start, end in OLDER},
}


def valid_in(code: str, year: int) -> bool:
    """Whether a degree of ``year`` could carry ``code`` (an unknown code: no rule known)."""
    start, end = YEARS.get(code, (None, None))
    return (start is None or year >= start) and (end is None or year <= end)


def code_for_year(code: str, year: int) -> tuple[str, int]:
    """The code of the same field that a degree of ``year`` bears, and the year itself —
    moved up to the first year of the earliest edition shipped when it is older than that
    (a degree taken later in a career: Cadre ships no code for it)."""
    chain = [code]
    while chain[-1] in PREDECESSOR:
        chain.append(PREDECESSOR[chain[-1]])
    for candidate in chain:
        if valid_in(candidate, year):
            return candidate, year
    start = YEARS.get(chain[-1], (None, None))[0]
    return chain[-1], start if start is not None else year
