"""The Kazakhstan scenario's digital KPIs: the Ministry of Digital Development's
digitalisation department (KZ-M01-IT) and its people get a year's KPIs from the three
sources — the department's share of IT staff with an IT specialty and each person's
certificates measured from Cadre's records, the share of services online imported from
eGov analytics as a CSV file, and digital projects delivered entered by the HR officer
with evidence and confirmed by the head of the department — and their achievements."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cadre.accounts.models import User
from cadre.core.choices import AuditSource
from cadre.core.imports.runs import import_run
from cadre.kpi import services
from cadre.kpi.models import Definition, Period
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.people.selectors import employees_in

D = Decimal

DEFINITIONS: list[dict[str, Any]] = [
    {
        "code": "KZ-DIG-IT-SHARE",
        "names": {
            "ru": "Доля ИТ-персонала с ИТ-образованием",
            "kk": "ИТ білімі бар ИТ қызметкерлерінің үлесі",
            "vi": "Tỷ lệ nhân sự CNTT có chuyên ngành CNTT",
            "en": "Share of IT staff with an IT specialty",
        },
        "unit": "percent",
        "direction": "higher",
        "origin": "measure",
        "measure": "people.it_specialty_share",
    },
    {
        "code": "KZ-DIG-EGOV",
        "names": {
            "ru": "Доля государственных услуг, оказанных онлайн",
            "kk": "Онлайн көрсетілген мемлекеттік қызметтердің үлесі",
            "vi": "Tỷ lệ dịch vụ công trực tuyến",
            "en": "Share of public services delivered online",
        },
        "unit": "percent",
        "direction": "higher",
        "origin": "imported",
        "measure": "",
    },
    {
        "code": "KZ-DIG-CERTS",
        "names": {
            "ru": "Полученные сертификаты цифровых компетенций",
            "kk": "Алынған цифрлық құзыреттер сертификаттары",
            "vi": "Chứng chỉ năng lực số đạt được",
            "en": "Digital competency certificates earned",
        },
        "unit": "count",
        "direction": "higher",
        "origin": "measure",
        "measure": "learning.certificates_earned",
    },
    {
        "code": "KZ-DIG-PROJECTS",
        "names": {
            "ru": "Завершённые проекты цифровизации",
            "kk": "Аяқталған цифрландыру жобалары",
            "vi": "Dự án chuyển đổi số hoàn thành",
            "en": "Digitalisation projects delivered",
        },
        "unit": "count",
        "direction": "higher",
        "origin": "manual",
        "measure": "",
    },
]


def load_kpis(admin: Any) -> bool:
    """Create the demo's KPIs once; returns whether anything was created."""
    ministry = Organisation.objects.filter(code="KZ-M01").first()
    department = Organisation.objects.filter(code="KZ-M01-IT").first()
    hr = User.objects.filter(username="hr").first()
    head = User.objects.filter(username="manager").first()
    if (
        None in (ministry, department, hr, head)
        or Definition.objects.filter(code="KZ-DIG-EGOV").exists()
    ):
        return False
    assert ministry is not None and department is not None
    year = timezone.localdate().year
    with transaction.atomic():
        period = Period.objects.filter(code=str(year)).first() or services.period_create(
            actor=admin,
            code=str(year),
            kind="year",
            start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31),
            source=AuditSource.CLI,
        )
        kpi = {
            d["code"]: services.definition_create(
                actor=hr,
                owner=ministry,
                period_kind="year",
                source=AuditSource.CLI,
                **d,
            )
            for d in DEFINITIONS
        }

        def give(definition: Definition, levels: str, weight: int, **holder: Any) -> Any:
            threshold, target, stretch = (D(v) for v in levels.split("/"))
            return services.assignment_create(
                actor=hr,
                definition=definition,
                period=period,
                threshold=threshold,
                target=target,
                stretch=stretch,
                weight=D(weight),
                source=AuditSource.CLI,
                **holder,
            )

        # The department: half its set on its people's specialties, half on services online.
        give(kpi["KZ-DIG-IT-SHARE"], "40/60/80", 50, organisation=department)
        egov = give(kpi["KZ-DIG-EGOV"], "60/75/90", 50, organisation=department)
        people = list(
            employees_in(Employee.objects.filter(is_active=True), department).order_by("pk")
        )
        projects = []
        for person in people:
            give(kpi["KZ-DIG-EGOV"], "60/75/90", 40, employee=person, parent=egov)
            give(kpi["KZ-DIG-CERTS"], "0/1/2", 30, employee=person)
            projects.append(give(kpi["KZ-DIG-PROJECTS"], "1/2/4", 30, employee=person))
        services.period_freeze(actor=admin, period=period, source=AuditSource.CLI)
        # Imported: eGov analytics' yearly figures, one file.
        rows = ["period,kpi,personal_id,organisation_code,value,source_system"]
        rows.append(f"{period.code},KZ-DIG-EGOV,,KZ-M01-IT,78.4,eGov analytics")
        for i, person in enumerate(people):
            value = D(58) + D((i * 37) % 35)
            rows.append(f"{period.code},KZ-DIG-EGOV,{person.personal_id},,{value},eGov analytics")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "egov-analytics.csv"
            path.write_text("\n".join(rows) + "\n", encoding="utf-8")
            import_run(actor=hr, kind="kpi.actuals", path=path, name=path.name, mode="all")
        # Manual: projects delivered, with the signed acts; the head confirms all but two:
        # the demo employee's (whose appeal of the bonus, demo/pay.py, gets it confirmed)
        # and the last person's.
        demo_person = Employee.objects.filter(user__username="employee").first()
        left = {projects[-1].pk} | {
            a.pk for a in projects if demo_person is not None and a.employee_id == demo_person.pk
        }
        for i, assignment in enumerate(projects):
            actual = services.actual_create(
                actor=hr,
                assignment=assignment,
                value=D(3) if assignment.pk in left and i < len(projects) - 1 else D(i % 5),
                evidence=SimpleUploadedFile(
                    f"projects-act-{i + 1}.pdf",
                    b"%PDF-1.4 act of acceptance of delivered projects",
                    content_type="application/pdf",
                ),
                note="Акт приёмки проектов",
                source=AuditSource.CLI,
            )
            if assignment.pk not in left:
                services.actual_confirm(actor=head, actual=actual, source=AuditSource.CLI)
        services.achievements_compute(actor=hr, period=period)
    return True
