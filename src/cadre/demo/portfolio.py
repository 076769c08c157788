"""The Kazakhstan scenario's IT portfolio (issue 21): 60 systems and projects of eight
bodies, each described in the language its owner writes. Three real overlaps are planted
in different languages — a document flow system of the Ministry of Finance (Russian) and
of the Almaty region akimat (Kazakh), a citizen requests CRM of the Ministry of Labour
(English) and of the Astana akimat (Russian), a school enrolment mobile app of the
Ministry of Education (Kazakh) and of the Shymkent akimat (Russian) — and found by the
real detection job; the national IT coordinator has decided the first (merge)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cadre.accounts.models import User
from cadre.core.choices import AuditSource
from cadre.orgs.models import Organisation
from cadre.portfolio import detection
from cadre.portfolio import services as portfolio
from cadre.portfolio.choices import Decision
from cadre.portfolio.models import Overlap, System

CLI = AuditSource.CLI
BODIES = ["KZ-M01", "KZ-M02", "KZ-M05", "KZ-M06", "KZ-M08", "KZ-R04-AK", "KZ-R18-AK", "KZ-R20-AK"]

# The planted overlaps: (body, kind, name, language, description, capabilities, technology,
# data sets), in pairs.
PLANTED: list[tuple[Any, ...]] = [
    (
        "KZ-M02", "system", "СЭД «Documentolog» Министерства финансов", "ru",
        "Система электронного документооборота: регистрация входящей и исходящей "
        "корреспонденции, согласование и подписание документов ЭЦП, контроль исполнения "
        "поручений, интеграция с НУЦ РК и eGov.",
        ["document_flow"], "Documentolog, PostgreSQL, ЭЦП НУЦ РК",
        ["входящая корреспонденция", "поручения"],
    ),
    (
        "KZ-R04-AK", "system", "Алматы облысы әкімдігінің «Documentolog» ЭҚАЖ", "kk",
        "Электрондық құжат айналымы жүйесі: кіріс және шығыс корреспонденцияны тіркеу, "
        "құжаттарды ЭЦҚ арқылы келісу және қол қою, тапсырмалардың орындалуын бақылау, "
        "ҚР ҰКО және eGov интеграциясы.",
        ["document_flow"], "Documentolog, PostgreSQL, ЭЦҚ ҰКО",
        ["кіріс корреспонденция", "тапсырмалар"],
    ),
    (
        "KZ-M08", "project", "e-Otinish CRM for citizen requests", "en",
        "CRM for citizen requests and complaints: registration of requests from the call "
        "centre 1414, eGov and Telegram, routing to operators, deadlines, SMS notifications "
        "and satisfaction survey.",
        ["crm", "messaging"], "Bitrix24, Telegram Bot API, SMS gateway",
        ["citizen requests", "complaints"],
    ),
    (
        "KZ-R18-AK", "project", "CRM обращений граждан «e-Otinish Астана»", "ru",
        "CRM обращений и жалоб граждан: регистрация обращений из call-центра 109, eGov и "
        "Telegram, маршрутизация операторам, сроки, SMS-уведомления и опрос "
        "удовлетворенности.",
        ["crm", "messaging"], "Bitrix24, Telegram Bot API, SMS-шлюз",
        ["обращения граждан", "жалобы"],
    ),
    (
        "KZ-M06", "project", "«Mektep» мектепке қабылдау мобильді қосымшасы", "kk",
        "Балаларды мектепке қабылдау мобильді қосымшасы: ата-аналардың өтініштері, ЖСН "
        "бойынша тексеру, мектеп таңдау, push-хабарламалар, eGov Mobile арқылы кіру.",
        ["mobile_app", "identity"], "Flutter, Kotlin, PostgreSQL, eGov Mobile",
        ["өтініштер", "оқушылар контингенті"],
    ),
    (
        "KZ-R20-AK", "project", "Мобильное приложение «Mektep Шымкент» для приема в школы", "ru",
        "Мобильное приложение приема детей в школы: заявления родителей, проверка по ИИН, "
        "выбор школы, push-уведомления, вход через eGov Mobile.",
        ["mobile_app", "identity"], "Flutter, Kotlin, PostgreSQL, eGov Mobile",
        ["заявления", "контингент учащихся"],
    ),
]  # fmt: skip

# The rest of the portfolio: what each body keeps, in its language, none alike.
BACKGROUND: dict[str, tuple[str, list[str]]] = {
    "KZ-M01": ("ru", ["Портал открытых данных", "Реестр государственных услуг",
                      "Мониторинг широкополосного доступа", "Платформа аэрокосмических снимков",
                      "Реестр объектов информатизации", "Учет радиочастотного спектра",
                      "Биржа IT-специалистов"]),
    "KZ-M02": ("ru", ["Казначейские платежи бюджета", "Электронные госзакупки",
                      "Учет государственного имущества", "Таможенное декларирование",
                      "Налоговый кабинет физического лица", "Мониторинг дебиторской задолженности",
                      "Аудит бюджетных программ"]),
    "KZ-M05": ("kk", ["Электрондық денсаулық паспорты", "Дәрі-дәрмек қалдықтарын бақылау",
                      "Жедел жәрдем диспетчерлігі", "Вакцинация тізілімі",
                      "Телемедицина орталығы", "Зертханалық талдаулар нәтижелері",
                      "Медициналық жабдықтар есебі"]),
    "KZ-M06": ("en", ["National e-gradebook", "Olympiad results registry",
                      "Teacher certification testing", "School canteen monitoring",
                      "Textbook distribution tracking", "Kindergarten queue",
                      "Inclusive education support"]),
    "KZ-M08": ("en", ["Pension contributions ledger", "Labour migration quotas",
                      "Occupational safety inspections", "Employment centre vacancies",
                      "Disability benefit assessment", "Skills passport",
                      "Social wallet for targeted aid"]),
    "KZ-R04-AK": ("kk", ["Жер учаскелерінің кадастры", "Қоғамдық көлік кестесі",
                         "Ауыл шаруашылығы субсидиялары", "Су құбыры апаттарын есепке алу",
                         "Туристік маршруттар картасы", "Қар тазалау техникасын бақылау",
                         "Мал басын сәйкестендіру"]),
    "KZ-R18-AK": ("ru", ["Умные остановки", "Парковочное пространство столицы",
                         "Мониторинг качества воздуха", "Видеонаблюдение перекрестков",
                         "Учет зеленых насаждений", "Реестр застройщиков"]),
    "KZ-R20-AK": ("ru", ["Управление отходами и мусоровозами", "Освещение улиц",
                         "Городская система заявок ЖКХ", "Реестр рынков и ярмарок",
                         "Спортивные секции для детей",
                         "Адресный регистр города"]),
}  # fmt: skip
TECH = ["Java, PostgreSQL", "Python, ClickHouse", ".NET, MS SQL", "Go, Kafka", "1С", "SAP",
        "Angular, Oracle", "React, Node.js", "ArcGIS", "PHP, MySQL"]  # fmt: skip
TEMPLATE = {
    "ru": "{name}: ведение учета, обработка данных и отчеты по направлению «{name}».",
    "kk": "{name}: «{name}» бағыты бойынша есеп жүргізу, деректерді өңдеу және есептер.",
    "en": "{name}: records, processing and reports on {low}.",
}
STAGES = ["operation", "operation", "idea", "retired"]
PLANTED_SETS = [frozenset(p[5]) for p in PLANTED]


def _capability_pairs() -> list[list[str]]:
    """Two capabilities each, no two entries the same pair nor a planted one's."""
    from itertools import combinations

    from cadre.portfolio.models import Capability

    codes = sorted(Capability.objects.values_list("code", flat=True))
    pairs = [list(p) for p in combinations(codes, 2) if frozenset(p) not in PLANTED_SETS]
    return pairs[::2] + pairs[1::2]  # spread: neighbours share less


def load_portfolio(admin: Any) -> bool:
    """Create the demo's IT portfolio once; returns whether anything was created."""
    bodies = {o.code: o for o in Organisation.objects.filter(code__in=BODIES)}
    coordinator = User.objects.filter(username="coordinator").first()
    if len(bodies) < len(BODIES) or coordinator is None:
        return False
    if System.objects.filter(name=PLANTED[0][2]).exists():
        return False
    with transaction.atomic():
        planted = []
        for code, kind, name, language, description, caps, technology, data_sets in PLANTED:
            planted.append(
                portfolio.system_create(
                    actor=admin, kind=kind, name=name, description=description,
                    language=language, owner=bodies[code], capabilities=caps,
                    stage="operation" if kind == "system" else "idea", technology=technology,
                    data_sets=data_sets, cost=250_000_000_00, currency="KZT", source=CLI,
                    check=False,
                )
            )  # fmt: skip
        pairs = iter(_capability_pairs())
        k = 0
        for code, (language, names) in BACKGROUND.items():
            for name in names:
                text = TEMPLATE[language].format(name=name, low=name.lower())
                portfolio.system_create(
                    actor=admin, kind="system" if k % 3 else "project", name=name,
                    description=text, language=language, owner=bodies[code],
                    capabilities=next(pairs), stage=STAGES[k % 4], technology=TECH[k % 10],
                    cost=(k + 1) * 12_000_000_00, currency="KZT", source=CLI, check=False,
                )  # fmt: skip
                k += 1
        detection.overlaps_detect()
        first = Overlap.objects.get(system_a=planted[0], system_b=planted[1])
        portfolio.overlap_decide(
            actor=coordinator,
            overlap=first,
            decision=Decision.MERGE,
            reason="Одна СЭД «Documentolog» для министерства и акимата: общий контракт.",
            source=CLI,
        )
    return True
