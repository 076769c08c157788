"""Demo learning: the Centre of Digital Competencies' courses and sessions, a few finished
courses with certificates, a learning plan for the demo employee, and two targets."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.learning import plans, services
from cadre.learning.models import Course
from cadre.orgs.models import Organisation
from cadre.people.models import Employee

# code, titles, hours, format, cost (KZT), outcomes, prerequisites
COURSES: list[tuple[str, dict[str, str], int, str, int, list[tuple[str, int]], list[str]]] = [
    (
        "CDC-BASIC",
        {
            "ru": "Основы цифровой трансформации",
            "kk": "Цифрлық трансформация негіздері",
            "en": "Digital transformation basics",
            "vi": "Cơ bản về chuyển đổi số",
        },
        16,
        "online",
        0,
        [("IS.1", 1), ("DM.1", 1), ("SD.1", 1)],
        [],
    ),
    (
        "CDC-SA",
        {
            "ru": "Системный анализ в госорганах",
            "kk": "Мемлекеттік органдардағы жүйелік талдау",
            "en": "Systems analysis in government",
            "vi": "Phân tích hệ thống trong cơ quan nhà nước",
        },
        40,
        "blended",
        180000,
        [("SA.1", 3), ("PR.1", 2)],
        ["CDC-BASIC"],
    ),
    (
        "CDC-DATA",
        {
            "ru": "Управление данными",
            "kk": "Деректерді басқару",
            "en": "Data management",
            "vi": "Quản lý dữ liệu",
        },
        32,
        "in_person",
        150000,
        [("DM.1", 3)],
        ["CDC-BASIC"],
    ),
    (
        "CDC-SEC",
        {
            "ru": "Информационная безопасность",
            "kk": "Ақпараттық қауіпсіздік",
            "en": "Information security",
            "vi": "An toàn thông tin",
        },
        24,
        "blended",
        120000,
        [("IS.1", 3)],
        ["CDC-BASIC"],
    ),
    (
        "CDC-PM",
        {
            "ru": "Управление проектами (подготовка к PRINCE2)",
            "kk": "Жобаларды басқару (PRINCE2)",
            "en": "Project management (PRINCE2 preparation)",
            "vi": "Quản lý dự án (PRINCE2)",
        },
        40,
        "in_person",
        250000,
        [("PM.1", 3), ("PR.1", 3)],
        ["CDC-BASIC"],
    ),
    (
        "CDC-ARCH",
        {
            "ru": "Архитектура ИТ и цифровые сервисы",
            "kk": "IT-сәулет және цифрлық қызметтер",
            "en": "IT architecture and digital services",
            "vi": "Kiến trúc CNTT và dịch vụ số",
        },
        36,
        "blended",
        200000,
        [("AR.1", 3), ("SD.1", 3)],
        ["CDC-SA"],
    ),
]


# What each course teaches, in the four languages of the interface (issue 18, item 5).
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "CDC-BASIC": {
        "en": "What digital government is, how public services are redesigned around the "
        "citizen, and the rules on data and security every civil servant follows.",
        "ru": "Что такое цифровое государство, как государственные услуги перестраиваются "
        "вокруг гражданина и каким правилам работы с данными и безопасности следует каждый "
        "госслужащий.",
        "kk": "Цифрлық мемлекет дегеніміз не, мемлекеттік қызметтер азаматқа бағытталып "
        "қалай қайта құрылады және әр мемлекеттік қызметші деректер мен қауіпсіздіктің "
        "қандай ережелерін сақтайды.",
        "vi": "Chính phủ số là gì, dịch vụ công được thiết kế lại lấy người dân làm trung "
        "tâm như thế nào, và các quy định về dữ liệu, an toàn thông tin mà mọi công chức "
        "phải tuân thủ.",
    },
    "CDC-SA": {
        "en": "Eliciting and writing requirements, modelling processes and data, and "
        "checking that a delivered system does what the service needs.",
        "ru": "Сбор и описание требований, моделирование процессов и данных, проверка того, "
        "что созданная система делает то, что нужно услуге.",
        "kk": "Талаптарды жинау және сипаттау, процестер мен деректерді модельдеу, әзірленген "
        "жүйенің қызметке қажет нәрсені орындайтынын тексеру.",
        "vi": "Thu thập và viết yêu cầu, mô hình hóa quy trình và dữ liệu, kiểm tra hệ thống "
        "đã xây dựng đáp ứng đúng nhu cầu của dịch vụ.",
    },
    "CDC-DATA": {
        "en": "Managing government data as an asset: registers, quality, master data, "
        "sharing between bodies and personal data protection.",
        "ru": "Управление государственными данными как активом: реестры, качество, мастер-"
        "данные, обмен между органами и защита персональных данных.",
        "kk": "Мемлекеттік деректерді актив ретінде басқару: тізілімдер, сапа, негізгі "
        "деректер, органдар арасындағы алмасу және дербес деректерді қорғау.",
        "vi": "Quản lý dữ liệu nhà nước như một tài sản: cơ sở dữ liệu, chất lượng, dữ liệu "
        "chủ, chia sẻ giữa các cơ quan và bảo vệ dữ liệu cá nhân.",
    },
    "CDC-SEC": {
        "en": "Threats to public systems, risk assessment, access control and what to do "
        "when an incident happens.",
        "ru": "Угрозы государственным системам, оценка рисков, управление доступом и "
        "действия при инциденте.",
        "kk": "Мемлекеттік жүйелерге төнетін қатерлер, тәуекелдерді бағалау, қолжетімділікті "
        "басқару және инцидент кезіндегі әрекеттер.",
        "vi": "Các mối đe dọa đối với hệ thống công, đánh giá rủi ro, kiểm soát truy cập và "
        "cách xử lý khi xảy ra sự cố.",
    },
    "CDC-PM": {
        "en": "Running public IT projects in stages with a business case, roles, plans and "
        "controls; prepares for the PRINCE2 Foundation exam.",
        "ru": "Ведение государственных ИТ-проектов по этапам: обоснование, роли, планы и "
        "контроль; подготовка к экзамену PRINCE2 Foundation.",
        "kk": "Мемлекеттік АТ жобаларын кезеңдермен жүргізу: негіздеме, рөлдер, жоспарлар "
        "және бақылау; PRINCE2 Foundation емтиханына дайындық.",
        "vi": "Quản lý dự án CNTT nhà nước theo giai đoạn: luận chứng, vai trò, kế hoạch và "
        "kiểm soát; chuẩn bị cho kỳ thi PRINCE2 Foundation.",
    },
    "CDC-ARCH": {
        "en": "Designing digital services from reusable platforms: enterprise architecture, "
        "integration between registers and the service catalogue.",
        "ru": "Проектирование цифровых услуг на общих платформах: архитектура предприятия, "
        "интеграция реестров и каталог услуг.",
        "kk": "Ортақ платформаларда цифрлық қызметтерді жобалау: кәсіпорын архитектурасы, "
        "тізілімдерді біріктіру және қызметтер каталогы.",
        "vi": "Thiết kế dịch vụ số trên các nền tảng dùng chung: kiến trúc tổng thể, tích "
        "hợp các cơ sở dữ liệu và danh mục dịch vụ.",
    },
}


def load_learning(admin: Any) -> bool:
    """Create the demo's learning data once; returns whether anything was created."""
    centre = Organisation.objects.filter(code="KZ-CDC").first()
    if centre is None or Course.objects.filter(code="CDC-BASIC").exists():
        return False
    today = timezone.localdate()
    with transaction.atomic():
        courses = {}
        for code, titles, hours, fmt, cost, outcomes, prerequisites in COURSES:
            courses[code] = services.course_create(
                actor=admin,
                provider=centre,
                code=code,
                titles=titles,
                descriptions=DESCRIPTIONS.get(code),
                hours=hours,
                format=fmt,
                cost=Decimal(cost),
                currency="KZT",
                languages_taught=["ru", "kk"],
                outcomes=[{"competency": f"DG:{c}", "level": lv} for c, lv in outcomes],
                prerequisites=prerequisites,
                certificate_months=36,
                source=AuditSource.CLI,
            )
        sessions = {
            code: services.session_create(
                actor=admin,
                course=course,
                starts_on=today + dt.timedelta(days=14 + 7 * i),
                ends_on=today + dt.timedelta(days=18 + 7 * i),
                capacity=25,
                location="Астана, пр. Мангилик Ел, 55/20",
                online=course.format == "online",
                source=AuditSource.CLI,
            )
            for i, (code, course) in enumerate(courses.items())
        }
        ministry = Organisation.objects.get(code="KZ-M01")
        staff = list(
            Employee.objects.filter(organisation__path__startswith=ministry.path, is_active=True)
            .select_related("organisation")
            .order_by("pk")[:12]
        )
        for person in staff:  # the basic course, finished by a dozen of the ministry's staff
            services.enrolment_request(
                actor=admin, session=sessions["CDC-BASIC"], employee=person, source=AuditSource.CLI
            )
            services.enrolment_complete(
                actor=admin,
                session=sessions["CDC-BASIC"],
                employee=person,
                passed=True,
                attended_hours=16,
                score=80,
                source=AuditSource.CLI,
            )
        for person in staff[:5]:
            services.enrolment_request(
                actor=admin, session=sessions["CDC-PM"], employee=person, source=AuditSource.CLI
            )
        employee = Employee.objects.filter(user__username="employee").first()
        if employee is not None:
            with contextlib.suppress(ApplicationError):  # no gap, no plan: the demo goes on
                plans.plan_generate(
                    actor=admin,
                    employee=employee,
                    due_on=today + dt.timedelta(days=180),
                    source=AuditSource.CLI,
                )
        kz = Organisation.objects.get(code="KZ")
        plans.target_create(
            actor=admin,
            organisation=kz,
            title="Не менее 20 экспертов по цифровой трансформации (PM.1 ≥ 3)",
            kind="competency",
            competency="DG:PM.1",
            level=3,
            target=20,
            due_on=dt.date(today.year + 1, 12, 31),
            source=AuditSource.CLI,
        )
        plans.target_create(
            actor=admin,
            organisation=ministry,
            title="Все сотрудники министерства прошли базовый курс",
            kind="course",
            course=courses["CDC-BASIC"],
            due_on=dt.date(today.year + 1, 6, 30),
            source=AuditSource.CLI,
        )
    return True
