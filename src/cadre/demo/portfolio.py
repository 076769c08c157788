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
