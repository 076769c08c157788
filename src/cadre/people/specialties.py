"""The starter classifier of specialties, shipped with Cadre and loaded by a migration.

Codes follow each country's own classifier (Kazakhstan's groups of educational programmes
6B…, Russia's OKSO, Vietnam's list of training fields 7…); ``is_it`` marks the specialties
that count as an IT qualification in the indicators. A country extends or corrects the
list through the specialty import, never by typing "IT" per person.
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
